#include "engine/results/uncertainty_text.hpp"

#include "engine/scenario/per_area_figures.hpp"
#include "engine/text/number_format.hpp"

#include <fmt/ranges.h>

#include <fmt/format.h>

#include <algorithm>

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
    // The family, and what it matches (models/rate/rate_distribution.hpp).
    const std::string fit = figure.value ? fmt::format(": two-piece Beta, median {}{} and both ends matched exactly",
                                                       text::format_figure(*figure.value),
                                                       models::unit_suffix(figure.unit))
                                         : ": Beta matched to both ends";
    return fmt::format("{} {}% interval {} to {}{}{}{}", assumed ? "assumed" : "published",
                       text::format_figure(ci.level * 100.0), text::format_figure(ci.lower),
                       text::format_figure(ci.upper), models::unit_suffix(figure.unit), assumed ? why : "", fit);
  }
  if (figure.effective_sample_size)
    return fmt::format("assumed as precise as a sample of {}{}", text::format_count(*figure.effective_sample_size),
                       why);
  return "point value, no uncertainty stated";
}

std::string describe_uncertainty(const models::PublishedFigure& figure,
                                 const std::optional<scenario::PerAreaFigure>& per_area) {
  if (!per_area) return describe_uncertainty(figure);
  std::vector<std::string> tables;
  for (const auto* ref : {&per_area->value, &per_area->lower, &per_area->upper, &per_area->count, &per_area->of})
    if (*ref && std::find(tables.begin(), tables.end(), (*ref)->table) == tables.end()) tables.push_back((*ref)->table);
  const std::string from = fmt::format("from area_figures {}", fmt::join(tables, ", "));
  const std::string across = scenario::across_areas_text(per_area->across_areas);
  if (figure.count_of) return fmt::format("each area's own count x of n ({}), Jeffreys Beta; {}", from, across);
  if (figure.interval) {
    const models::FigureInterval& ci = *figure.interval;
    if (ci.basis == models::IntervalBasis::assumed)
      return fmt::format("each area's own value ({}); assumed {}% interval {} to {}{} ({}); {}", from,
                         text::format_figure(ci.level * 100.0), text::format_figure(ci.lower),
                         text::format_figure(ci.upper), models::unit_suffix(figure.unit), figure.why_assumed, across);
    return fmt::format("each area's own published {}% interval ({}){}; {}", text::format_figure(ci.level * 100.0),
                       from,
                       figure.value ? ", its value as the median (two-piece Beta)" : ", Beta matched to both ends",
                       across);
  }
  if (figure.effective_sample_size)
    return fmt::format("each area's own value ({}), assumed as precise as a sample of {} ({}); {}", from,
                       text::format_count(*figure.effective_sample_size), figure.why_assumed, across);
  return fmt::format("each area's own point value ({}), no uncertainty stated", from);
}

std::string describe_uncertainty(const scenario::OverlapFigureSpec& figure) {
  std::string text = describe_uncertainty(figure.figure, figure.per_area);
  if (figure.rounding > 0.0)
    text += fmt::format("; published rounded to {:g}{}", figure.rounding, models::unit_suffix(figure.figure.unit));
  return text;
}

std::string derived_source(const scenario::OverlapSpec& overlap) {
  if (overlap.survey) return overlap.survey->source;
  return fmt::format("Derived: the maximum-entropy joint table of {} fitted {}{} to its {} published figure(s){}.",
                     overlap.label, overlap.effective_sample_size ? "once" : "in each draw",
                     overlap.per_area() ? " in each area" : "", overlap.figures.size(),
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
        "table of the published figures{}) ({}){}",
        text::format_count(*overlap.effective_sample_size), overlap.per_area() ? " of each area" : "",
        overlap.why_assumed,
        (overlap.per_area() ? "; " + scenario::across_areas_text(overlap.assumed_across_areas) : std::string()) +
            (overlap.reconcile ? "; figures that cannot all hold are reconciled to the closest set that can (weighted "
                                 "least squares, weights 1 / (p (1 - p)))"
                               : ""));
  std::string text = "propagated from the published figures through the fitted table";
  if (overlap.reconcile)
    text += "; figures that cannot all hold are reconciled to the closest set that can (weighted least squares, "
            "weights 1 / (p (1 - p)))";
  for (const scenario::OddsRatioSpec& ratio : overlap.odds_ratios) text += "; " + describe_odds_ratio(overlap, ratio);
  return text;
}

}  // namespace prevalence::results
