#include "engine/scenario/strict_table.hpp"

#include "engine/text/nearest_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace prevalence::scenario {
namespace {

const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "a whole number";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}

}  // namespace

std::optional<double> exact_number(const toml::node& node, std::string& problem) {
  // Whole numbers up to 2^53 are exactly doubles; beyond, neighbours merge.
  constexpr std::int64_t kLargestExact = std::int64_t{1} << 53;
  if (const auto whole = node.value_exact<std::int64_t>()) {
    if (*whole > kLargestExact || *whole < -kLargestExact) {
      problem = fmt::format("{} is beyond 2^53, more than a number here can hold exactly", *whole);
      return std::nullopt;
    }
    return static_cast<double>(*whole);
  }
  if (const auto real = node.value_exact<double>()) {
    if (!std::isfinite(*real)) {
      problem = "must be a finite number";
      return std::nullopt;
    }
    return *real;
  }
  problem = fmt::format("must be a number, not {}", type_name(node));
  return std::nullopt;
}

error::SourcePosition position_of(const toml::source_region& region, const std::string& file) {
  return {file, region.begin.line, region.begin.column};
}

StrictTable::StrictTable(const toml::table& table, std::string file, std::string name)
    : table_(&table), file_(std::move(file)), name_(std::move(name)) {}

void StrictTable::allow_only(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, value] : *table_) {
    const std::string_view text = key.str();
    if (std::find(allowed.begin(), allowed.end(), text) != allowed.end()) continue;
    std::string_view nearest;
    std::size_t best = 3;  // suggest only near misses: at most 2 edits
    for (std::string_view candidate : allowed) {
      const std::size_t d = text::edit_distance(text, candidate);
      if (d < best) best = d, nearest = candidate;
    }
    std::string known;
    for (std::string_view candidate : allowed)
      known += fmt::format("{}{}", known.empty() ? "" : ", ", candidate);
    const std::string hint = nearest.empty() ? fmt::format(" (known keys: {})", known)
                                             : fmt::format(" (did you mean \"{}\"?)", nearest);
    throw error::InputError(
        position_of(key.source(), file_),
        fmt::format("unknown key \"{}\" in {}{}", text, name_.empty() ? "the top level" : "[" + name_ + "]", hint));
  }
}

bool StrictTable::has(std::string_view key) const { return node(key) != nullptr; }

const toml::node* StrictTable::node(std::string_view key) const { return table_->get(key); }

error::SourcePosition StrictTable::where(std::string_view key) const {
  if (const toml::node* n = key.empty() ? nullptr : node(key)) return position_of(n->source(), file_);
  return position_of(table_->source(), file_);
}

std::string StrictTable::qualified(std::string_view key) const {
  if (key.empty()) return name_;  // the table itself: "measure[3]", not "measure[3]."
  return name_.empty() ? std::string(key) : fmt::format("{}.{}", name_, key);
}

void StrictTable::fail(std::string_view key, const std::string& problem) const {
  throw error::InputError(where(key), fmt::format("{}: {}", qualified(key), problem));
}

std::optional<std::string> StrictTable::optional_string(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) fail(key, fmt::format("must be a string, not {}", type_name(*n)));
  return std::string(*n->value<std::string_view>());
}

std::string StrictTable::required_string(std::string_view key) const {
  auto value = optional_string(key);
  if (!value) throw error::InputError(where(), fmt::format("{}: required key is missing", qualified(key)));
  if (value->empty()) fail(key, "must not be empty");
  return *value;
}

std::optional<double> StrictTable::optional_number(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  std::string problem;
  const std::optional<double> value = exact_number(*n, problem);
  if (!value) fail(key, problem);
  return value;
}

std::optional<std::int64_t> StrictTable::optional_integer(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) fail(key, fmt::format("must be a whole number, not {}", type_name(*n)));
  return *n->value<std::int64_t>();
}

std::int64_t StrictTable::required_integer(std::string_view key) const {
  auto value = optional_integer(key);
  if (!value) throw error::InputError(where(), fmt::format("{}: required key is missing", qualified(key)));
  return *value;
}

std::optional<std::pair<double, double>> StrictTable::optional_pair(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const toml::array* array = n->as_array();
  if (!array || array->size() != 2 || !(*array)[0].is_number() || !(*array)[1].is_number())
    fail(key, "must be two numbers, [lower, upper]");
  std::string problem;
  const std::optional<double> lower = exact_number((*array)[0], problem);
  if (!lower) fail(key, problem);
  const std::optional<double> upper = exact_number((*array)[1], problem);
  if (!upper) fail(key, problem);
  return std::pair{*lower, *upper};
}

std::optional<StrictTable> StrictTable::optional_table(std::string_view key) const {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const toml::table* t = n->as_table();
  if (!t) fail(key, fmt::format("must be a table, not {}", type_name(*n)));
  return StrictTable(*t, file_, qualified(key));
}

}  // namespace prevalence::scenario
