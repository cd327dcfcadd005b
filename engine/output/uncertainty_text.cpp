#include "engine/output/uncertainty_text.hpp"

#include "engine/output/number_format.hpp"

#include <fmt/format.h>

namespace prevalence::engine {

std::string describe_uncertainty(const models::PublishedFigure& figure) {
  using models::IntervalBasis;
  const std::string why = figure.why_assumed.empty() ? "" : " (" + figure.why_assumed + ")";
  if (figure.count_of)
    return fmt::format("{} of {}, Jeffreys Beta", format_count(figure.count_of->count),
                       format_count(figure.count_of->of));
  if (figure.interval) {
    const models::FigureInterval& ci = *figure.interval;
    const bool assumed = ci.basis == IntervalBasis::assumed;
    return fmt::format("{} {}% interval {} to {}{}{}", assumed ? "assumed" : "published",
                       format_figure(ci.level * 100.0), format_figure(ci.lower),
                       format_figure(ci.upper), models::unit_suffix(figure.unit),
                       assumed ? why : "");
  }
  if (figure.effective_sample_size)
    return fmt::format("assumed as precise as a sample of {}{}",
                       format_count(*figure.effective_sample_size), why);
  return "point value, no uncertainty stated";
}

}  // namespace prevalence::engine
