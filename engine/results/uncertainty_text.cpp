#include "engine/results/uncertainty_text.hpp"

#include "engine/text/number_format.hpp"

#include <fmt/format.h>

namespace prevalence::results {

std::string describe_uncertainty(const models::PublishedFigure& figure) {
  using models::IntervalBasis;
  const std::string why = figure.why_assumed.empty() ? "" : " (" + figure.why_assumed + ")";
  if (figure.count_of)
    return fmt::format("{} of {}, Jeffreys Beta", text::format_count(figure.count_of->count),
                       text::format_count(figure.count_of->of));
  if (figure.interval) {
    const models::FigureInterval& ci = *figure.interval;
    const bool assumed = ci.basis == IntervalBasis::assumed;
    return fmt::format("{} {}% interval {} to {}{}{}", assumed ? "assumed" : "published",
                       text::format_figure(ci.level * 100.0), text::format_figure(ci.lower),
                       text::format_figure(ci.upper), models::unit_suffix(figure.unit), assumed ? why : "");
  }
  if (figure.effective_sample_size)
    return fmt::format("assumed as precise as a sample of {}{}", text::format_count(*figure.effective_sample_size),
                       why);
  return "point value, no uncertainty stated";
}

std::string describe_uncertainty(const scenario::OverlapFigureSpec& figure) {
  std::string text = describe_uncertainty(figure.figure);
  if (figure.rounding > 0.0)
    text += fmt::format("; published rounded to {:g}{}", figure.rounding, models::unit_suffix(figure.figure.unit));
  return text;
}

std::string derived_source(const scenario::OverlapSpec& overlap) {
  if (overlap.survey) return overlap.survey->source;
  return fmt::format("Derived: the maximum-entropy joint table of {} fitted {} to its {} published figure(s){}.",
                     overlap.label, overlap.effective_sample_size ? "once" : "in each draw", overlap.figures.size(),
                     overlap.odds_ratios.empty() ? "" : ", with the stated odds ratios");
}

std::string describe_odds_ratio(const scenario::OverlapSpec& overlap, const scenario::OddsRatioSpec& ratio) {
  const std::string interval = ratio.interval
                                   ? fmt::format(", {:g}% interval {:g} to {:g}", ratio.interval->level * 100.0,
                                                 ratio.interval->lower, ratio.interval->upper)
                                   : "";
  return fmt::format("assumed odds ratio {:g} between {} and {}{} ({}){}", ratio.value,
                     overlap.condition_labels[ratio.first], overlap.condition_labels[ratio.second], interval, ratio.why,
                     ratio.source.empty() ? "" : "; " + ratio.source);
}

std::string derived_uncertainty(const scenario::OverlapSpec& overlap) {
  if (overlap.survey)
    return fmt::format("survey cross-tabulation of {} cells, Dirichlet (Jeffreys prior), design effect {:g}",
                       models::cell_count(static_cast<int>(overlap.condition_ids.size())),
                       overlap.survey->design_effect);
  if (overlap.effective_sample_size)
    return fmt::format(
        "assumed: the whole table as precise as a sample of {} (Dirichlet around the maximum-entropy "
        "table of the published figures) ({})",
        text::format_count(*overlap.effective_sample_size), overlap.why_assumed);
  std::string text = "propagated from the published figures through the fitted table";
  for (const scenario::OddsRatioSpec& ratio : overlap.odds_ratios) text += "; " + describe_odds_ratio(overlap, ratio);
  return text;
}

}  // namespace prevalence::results
