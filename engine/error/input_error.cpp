#include "engine/error/input_error.hpp"

#include <fmt/format.h>

namespace prevalence::error {

std::string to_string(const SourcePosition& where) {
  if (where.line == 0) return where.file;
  if (where.column == 0) return fmt::format("{}:{}", where.file, where.line);
  return fmt::format("{}:{}:{}", where.file, where.line, where.column);
}

InputError::InputError(SourcePosition where, const std::string& problem)
    : std::runtime_error(where.file.empty() ? problem
                                            : to_string(where) + ": " + problem),
      where_(std::move(where)),
      problem_(problem) {}

InputError::InputError(const std::string& problem)
    : std::runtime_error(problem), problem_(problem) {}

}  // namespace prevalence::error
