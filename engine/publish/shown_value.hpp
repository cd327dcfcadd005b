#pragma once
// One number as a published table shows it, before it is written out: a
// rounded figure, a bound ("<10", for an interval end below the suppression
// threshold) or a symbol in its place. Renderers format it; the decisions
// (rounding, suppression) are made before, by the disclosure control policy.

#include "engine/publish/symbols.hpp"

#include <string>

namespace prevalence::publish {

struct ShownValue {
  enum class Kind { number, below, symbol };
  Kind kind = Kind::symbol;
  double value = 0.0;  ///< number: the figure as shown (already rounded); below: the bound
  Symbol symbol = Symbol::not_available;  ///< for Kind::symbol

  static ShownValue number(double value) { return {Kind::number, value, Symbol::not_available}; }
  static ShownValue below(double bound) { return {Kind::below, bound, Symbol::not_available}; }
  static ShownValue of(Symbol symbol) { return {Kind::symbol, 0.0, symbol}; }

  bool is_number() const { return kind == Kind::number; }
  bool is(Symbol s) const { return kind == Kind::symbol && symbol == s; }
};

/// Digit grouping of counts: tables and sentences group thousands ("33,600"),
/// CSV does not ("33600"), so that software reads the column as numbers.
enum class Grouping { thousands, none };

/// A count: "33,600" (or "33600"), "<10", "[c]". A shown count is a whole
/// number, so it is written without decimals.
std::string count_text(const ShownValue& count, Grouping grouping = Grouping::thousands);

/// A percentage as format_share writes it: "20.0", "0.76", "<0.01", "[c]".
std::string percent_text(const ShownValue& percent);

}  // namespace prevalence::publish
