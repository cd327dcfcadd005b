#include "engine/publish/sdc_policy.hpp"

#include "engine/text/number_format.hpp"
#include "engine/text/parse_number.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace prevalence::publish {
namespace {

constexpr const char* kAccepted = "expected none, ons-10-5, dfe or custom:T:B (e.g. custom:10:5)";

// A number in a policy's name as a person writes it: "10", "7.5".
std::string number_text(double value) { return text::format_figure(value); }

double policy_number(std::string_view whole, std::string_view text) {
  const std::optional<double> value = text::parse_number<double>(text);
  if (!value || !std::isfinite(*value))
    throw std::invalid_argument(
        fmt::format("disclosure control policy \"{}\": \"{}\" is not a number; {}", whole, text, kAccepted));
  return *value;
}

// floor(log10 x) for x > 0, exact at powers of ten whatever log10's rounding.
int decimal_exponent(double x) {
  int e = static_cast<int>(std::floor(std::log10(x)));
  while (e > -300 && std::pow(10.0, e) > x) --e;
  while (e < 300 && std::pow(10.0, e + 1) <= x) ++e;
  return e;
}

}  // namespace

SdcPolicy custom_sdc_policy(double threshold, double base) {
  if (!(threshold >= 0.0) || !std::isfinite(threshold))
    throw std::invalid_argument(
        fmt::format("disclosure control: the threshold must be a number >= 0, not {}", number_text(threshold)));
  if (!(base >= 1.0) || !std::isfinite(base) || base != std::floor(base))
    throw std::invalid_argument(
        fmt::format("disclosure control: the rounding base must be a whole number >= 1, not {}", number_text(base)));
  SdcPolicy policy;
  policy.name = fmt::format("custom:{}:{}", number_text(threshold), number_text(base));
  policy.threshold = threshold;
  policy.base = base;
  policy.bound = threshold;
  return policy;
}

SdcPolicy parse_sdc_policy(std::string_view text) {
  SdcPolicy policy;
  if (text == "none") return policy;
  if (text == "ons-10-5") {
    policy.name = "ons-10-5";
    policy.threshold = 10.0;
    policy.base = 5.0;
    policy.bound = 10.0;
    return policy;
  }
  if (text == "dfe") {
    policy.name = "dfe";
    policy.threshold = 5.5;
    policy.base = 10.0;
    policy.rounds_to_zero_below = 0.5;
    policy.zero_shown = true;
    policy.bound = 6.0;
    return policy;
  }
  if (text.starts_with("custom:")) {
    const std::string_view rest = text.substr(7);
    const std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos)
      throw std::invalid_argument(
          fmt::format("disclosure control policy \"{}\": custom needs a threshold and a base; {}", text, kAccepted));
    return custom_sdc_policy(policy_number(text, rest.substr(0, colon)), policy_number(text, rest.substr(colon + 1)));
  }
  throw std::invalid_argument(fmt::format("unknown disclosure control policy \"{}\"; {}", text, kAccepted));
}

double round_to_step(double x, double step) { return std::round(x / step) * step; }

double display_step(double x, double base, int significant_figures) {
  if (significant_figures <= 0 || !(x > 0.0)) return base;
  const int exponent = decimal_exponent(x) - (significant_figures - 1);
  if (exponent < 0) return base;  // a power of ten below 1: base (>= 1) is coarser
  const double power = std::pow(10.0, exponent);
  return base * std::ceil(power / base);
}

DisclosedCount disclose_count(const SdcPolicy& policy, double count, int significant_figures) {
  if (std::isnan(count)) return {ShownValue::of(Symbol::not_available), 0.0};
  if (count < 0.0)
    throw std::invalid_argument(fmt::format("disclosure control: a count below zero ({})", text::format_exact(count)));
  if (count == 0.0 && policy.zero_shown) return {ShownValue::number(0.0), policy.base};
  if (count > 0.0 && count < policy.rounds_to_zero_below)
    return {ShownValue::of(Symbol::rounds_to_zero), policy.base};
  if (count < policy.threshold) return {ShownValue::of(Symbol::confidential), 0.0};
  const double step = display_step(count, policy.base, significant_figures);
  const double shown = round_to_step(count, step);
  if (shown == 0.0 && count > 0.0) return {ShownValue::of(Symbol::rounds_to_zero), step};
  return {ShownValue::number(shown), step};
}

ShownValue disclose_interval_end(const SdcPolicy& policy, double end, double step) {
  if (std::isnan(end)) return ShownValue::of(Symbol::not_available);
  if (end == 0.0 && policy.zero_shown) return ShownValue::number(0.0);
  if (end < policy.threshold) return ShownValue::below(policy.bound);
  return ShownValue::number(round_to_step(std::max(end, 0.0), step > 0.0 ? step : policy.base));
}

ShownValue disclose_percent(const ShownValue& count, double denominator) {
  if (std::isnan(denominator)) return ShownValue::of(Symbol::not_available);
  if (denominator == 0.0) return ShownValue::of(Symbol::not_applicable);
  switch (count.kind) {
    case ShownValue::Kind::symbol: return count;
    case ShownValue::Kind::below: return ShownValue::below(count.value / denominator * 100.0);
    case ShownValue::Kind::number: break;
  }
  const double percent = count.value / denominator * 100.0;
  // format_share writes two decimals below 1 %: a positive share under 0.005
  // would read as 0.00.
  if (percent > 0.0 && percent < 0.005) return ShownValue::of(Symbol::rounds_to_zero);
  return ShownValue::number(percent);
}

std::string describe_sdc_policy(const SdcPolicy& policy) {
  constexpr const char* further =
      "; further figures are not shown ([c]) where they would let a hidden one be worked out from the "
      "figures shown and the population";
  if (policy.name == "none") return "No disclosure control (none): every figure is shown.";
  if (policy.name == "dfe")
    return fmt::format("Disclosure control (dfe): figures are rounded to the nearest 10; an estimate of 0 is shown as "
                       "0, one above 0 and below 0.5 as [k], and one from 0.5 to below 5.5 (a whole count of 1 to "
                       "5) is not shown ([c]){}.",
                       further);
  if (policy.threshold <= 0.0)
    return fmt::format("Disclosure control ({}): nothing is suppressed; figures are rounded to the nearest {}.",
                       policy.name, text::format_count(policy.base));
  return fmt::format(
      "Disclosure control ({}): an estimate below {} (0 included) is not shown ([c]) and the others "
      "are rounded to the nearest {}{}.",
      policy.name, count_text(ShownValue::number(policy.threshold)), text::format_count(policy.base), further);
}

std::string describe_rounding(const SdcPolicy& policy, int significant_figures) {
  const std::string base = policy.base == 1.0 ? "whole numbers" : "multiples of " + text::format_count(policy.base);
  const std::string figures =
      significant_figures > 0
          ? fmt::format("Figures are rounded to {} significant figure{}, or to {} where that is coarser",
                        significant_figures, significant_figures == 1 ? "" : "s", base)
          : fmt::format("Figures are rounded to {}", base);
  return figures + " (halves away from zero); interval ends to the same step as their figure; percentages are of "
                   "the rounded figure.";
}

std::string suppressed_phrase(const SdcPolicy& policy) {
  if (policy.name == "dfe") return "between 1 and 5, or would reveal one that is";
  return fmt::format("fewer than {}, or would reveal one that is", count_text(ShownValue::number(policy.threshold)));
}

}  // namespace prevalence::publish
