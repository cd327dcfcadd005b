#include "engine/publish/shown_value.hpp"

#include "engine/text/number_format.hpp"

#include <cmath>
#include <string>

namespace prevalence::publish {
namespace {

std::string whole_or_figure(double value, Grouping grouping) {
  // Bounds are thresholds, which a custom policy may give as 7.5.
  if (value != std::floor(value)) return text::format_figure(value);
  return grouping == Grouping::thousands ? text::format_count(value) : text::format_figure(value);
}

// "<" + text, built by appending: GCC 12's -Wrestrict misfires on
// operator+(const char*, std::string&&).
std::string below_text(const std::string& bound) {
  std::string text = "<";
  text += bound;
  return text;
}

}  // namespace

std::string count_text(const ShownValue& count, Grouping grouping) {
  switch (count.kind) {
    case ShownValue::Kind::number: return whole_or_figure(count.value, grouping);
    case ShownValue::Kind::below: return below_text(whole_or_figure(count.value, grouping));
    case ShownValue::Kind::symbol: break;
  }
  return std::string(symbol_text(count.symbol));
}

std::string percent_text(const ShownValue& percent) {
  switch (percent.kind) {
    case ShownValue::Kind::number:
      return text::format_share(percent.value);
    case ShownValue::Kind::below: {
      // A bound must stay true once written: rounded up at format_share's decimals.
      const int decimals = percent.value >= 1.0 ? 1 : 2;
      const double scale = decimals == 1 ? 10.0 : 100.0;
      return below_text(text::format_percent(std::ceil(percent.value * scale) / scale, decimals));
    }
    case ShownValue::Kind::symbol: break;
  }
  return std::string(symbol_text(percent.symbol));
}

}  // namespace prevalence::publish
