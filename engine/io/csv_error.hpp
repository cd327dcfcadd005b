#pragma once
// Turns the CSV library's exceptions into InputError with the file and line,
// and a message in our words rather than the library's.

#include "engine/error/input_error.hpp"

#include <libfccp/csv.h>

#include <cstdint>
#include <string>

namespace prevalence::io {

/// Throws the InputError for a CSV parse failure in `path`. `line` (0 if
/// unknown) is used when the library's error carries no line of its own, as
/// its header errors do not.
[[noreturn]] void throw_csv_error(const ::io::error::base& error, const std::string& path, std::uint32_t line = 0);

}  // namespace prevalence::io
