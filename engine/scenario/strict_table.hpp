#pragma once
// Reading a TOML table strictly: every key must be known, every value of the
// right type, and each problem is reported at its file, line and column. A
// misspelt key is an error, never silently ignored.

#include "engine/error/input_error.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace prevalence::scenario {

class StrictTable {
 public:
  /// `name` is how messages refer to the table: "run", "measure[3]".
  StrictTable(const toml::table& table, std::string file, std::string name);

  /// Throws at the first key not in `allowed`, suggesting the nearest known one.
  void allow_only(std::initializer_list<std::string_view> allowed) const;

  bool has(std::string_view key) const;
  /// Position of `key`'s value, or of the table itself when `key` is absent.
  error::SourcePosition where(std::string_view key = {}) const;
  /// "run.draws", "measure[3].percent": a key as messages name it; for an
  /// empty key, the table's own name ("measure[3]").
  std::string qualified(std::string_view key) const;

  std::optional<std::string> optional_string(std::string_view key) const;
  std::string required_string(std::string_view key) const;
  std::optional<double> optional_number(std::string_view key) const;
  std::optional<std::int64_t> optional_integer(std::string_view key) const;
  std::int64_t required_integer(std::string_view key) const;
  /// A two-element array of numbers, such as an interval [lower, upper].
  std::optional<std::pair<double, double>> optional_pair(std::string_view key) const;
  std::optional<StrictTable> optional_table(std::string_view key) const;

  /// Throws InputError at `key` with "<qualified key>: <problem>".
  [[noreturn]] void fail(std::string_view key, const std::string& problem) const;

  const toml::table& table() const noexcept { return *table_; }
  const std::string& file() const noexcept { return file_; }

 private:
  const toml::node* node(std::string_view key) const;

  const toml::table* table_;
  std::string file_;
  std::string name_;
};

/// Position of a toml++ source region in `file`.
error::SourcePosition position_of(const toml::source_region& region, const std::string& file);

/// A number node's value as a double, or nullopt when it is not a number,
/// is not finite, or is a whole number beyond 2^53 that a double cannot hold
/// exactly (9007199254740993 would silently become ...992). `problem` then
/// says which.
std::optional<double> exact_number(const toml::node& node, std::string& problem);

}  // namespace prevalence::scenario
