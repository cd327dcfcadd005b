#include "engine/text/number_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace prevalence::text {

std::string format_count(double count) {
  // fmt's locale-independent formatting has no digit grouping, so group here.
  const double rounded = std::round(count);
  std::string digits = fmt::format("{:.0f}", std::fabs(rounded));
  std::string grouped;
  grouped.reserve(digits.size() + digits.size() / 3 + 1);
  const std::size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  grouped.append(digits, 0, lead);
  for (std::size_t i = lead; i < digits.size(); i += 3) {
    grouped.push_back(',');
    grouped.append(digits, i, 3);
  }
  return rounded < 0 ? "-" + grouped : grouped;
}

std::string format_percent(double percent, int decimals) { return fmt::format("{:.{}f}", percent, decimals); }

std::string format_exact(double value) { return fmt::format("{}", value); }

std::string format_figure(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
  return fmt::format("{:.6g}", value);
}

}  // namespace prevalence::text

namespace prevalence::text {

std::string format_share(double percent) { return format_percent(percent, std::fabs(percent) >= 1.0 ? 1 : 2); }

}  // namespace prevalence::text
