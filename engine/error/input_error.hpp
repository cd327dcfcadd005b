#pragma once
// The one exception type for rejected input. It carries where the problem is
// (file, and line and column when known) so every message reads like a
// compiler diagnostic: "config/leeds-2020.toml:14:9: <what is wrong>".

#include <cstdint>
#include <stdexcept>
#include <string>

namespace prevalence::error {

/// A position in an input file; line and column are 1-based, 0 when unknown.
struct SourcePosition {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// Formats a position as "file", "file:line" or "file:line:column".
std::string to_string(const SourcePosition& where);

/// Bad input of any kind: the CLI maps it to exit status 2.
class InputError : public std::runtime_error {
 public:
  InputError(SourcePosition where, const std::string& problem);
  /// For problems that belong to no file (a command-line value, say).
  explicit InputError(const std::string& problem);

  const SourcePosition& where() const noexcept { return where_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  SourcePosition where_;
  std::string problem_;
};

}  // namespace prevalence::error
