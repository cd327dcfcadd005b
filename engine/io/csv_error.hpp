#pragma once
// Turns the CSV library's exceptions into InputError with the file and line,
// and a message in our words rather than the library's.

#include "engine/error/input_error.hpp"

#include <libfccp/csv.h>

#include <string>

namespace prevalence::engine {

/// Throws the InputError for a CSV parse failure in `path`.
[[noreturn]] void throw_csv_error(const io::error::base& error, const std::string& path);

}  // namespace prevalence::engine
