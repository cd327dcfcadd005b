#pragma once
// A file's SHA-256, as a results file records every input it read: anyone
// can check with sha256sum that they hold the same inputs before rerunning.

#include <string>

namespace prevalence::io {

/// Lower-case hex SHA-256 of the file's bytes.
/// @throw InputError naming the file when it cannot be read
std::string file_sha256(const std::string& path);

}  // namespace prevalence::io
