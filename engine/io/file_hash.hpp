#pragma once
// A file's identity by content, so a later step can tell whether it is
// looking at the same input an earlier one used (merging shards run from one
// scenario and population file), whatever the file's name or location.

#include <cstdint>
#include <string>

namespace prevalence::engine {

/// stable_hash (64-bit FNV-1a) of the file's bytes. Not a cryptographic
/// digest: it catches an edited or different file, not a forged one.
/// @throw InputError naming the file when it cannot be read
std::uint64_t file_hash(const std::string& path);

/// A hash as 16 lower-case hex digits, as records store it.
std::string hash_text(std::uint64_t hash);

}  // namespace prevalence::engine
