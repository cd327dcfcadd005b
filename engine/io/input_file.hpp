#pragma once
// Reading an input file whole, after checking it is one: a regular file
// (not a directory, a device such as /dev/zero, or a named pipe that would
// block), no larger than the reader is prepared to hold.

#include <cstdint>
#include <string>

namespace prevalence::io {

/// The bytes of the regular file `path`.
/// @param what how messages name the file: "scenario file", "population file"
/// @param max_bytes the largest file accepted
/// @throw error::InputError naming the file: missing or unreadable, not a
///        regular file, or larger than `max_bytes`
std::string read_input_file(const std::string& path, const char* what, std::uintmax_t max_bytes);

}  // namespace prevalence::io
