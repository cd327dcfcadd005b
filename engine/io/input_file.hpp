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

/// The same for a text file (a CSV): also checked to be UTF-8 without NUL
/// bytes, and without a leading byte-order mark, which spreadsheet exports
/// write but which is not part of the first column's name.
/// @throw error::InputError also at the line of the first byte that is not
///        UTF-8, or of a NUL byte
std::string read_text_file(const std::string& path, const char* what, std::uintmax_t max_bytes);

}  // namespace prevalence::io
