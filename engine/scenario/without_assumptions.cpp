#include "engine/scenario/without_assumptions.hpp"

#include <algorithm>

namespace prevalence::scenario {
namespace {

bool assumed(const models::PublishedFigure& figure) {
  return figure.effective_sample_size ||
         (figure.interval && figure.interval->basis == models::IntervalBasis::assumed);
}

// The figure at its value; its distribution again unless it varies by area
// (build_plan makes those row by row from the figure).
template <typename Spec>
void strip_figure(Spec& spec) {
  if (!assumed(spec.figure)) return;
  spec.figure.effective_sample_size.reset();
  spec.figure.interval.reset();
  spec.figure.why_assumed.clear();
  if (!spec.per_area) spec.distribution = models::RateDistribution::from_figure(spec.figure);
}

bool overlap_assumes(const OverlapSpec& overlap) {
  return overlap.effective_sample_size ||
         std::any_of(overlap.figures.begin(), overlap.figures.end(),
                     [](const OverlapFigureSpec& f) { return assumed(f.figure); }) ||
         std::any_of(overlap.odds_ratios.begin(), overlap.odds_ratios.end(),
                     [](const OddsRatioSpec& r) { return r.log_sd > 0.0; }) ||
         std::any_of(overlap.band_figures.begin(), overlap.band_figures.end(), overlap_assumes);
}

bool measure_assumes(const MeasureSpec& measure) {
  return assumed(measure.figure) ||
         std::any_of(measure.band_figures.begin(), measure.band_figures.end(), measure_assumes);
}

void strip_overlap(OverlapSpec& overlap) {
  overlap.effective_sample_size.reset();
  for (OverlapFigureSpec& figure : overlap.figures) strip_figure(figure);
  for (OddsRatioSpec& ratio : overlap.odds_ratios) ratio.log_sd = 0.0;
  for (OverlapSpec& band : overlap.band_figures) strip_overlap(band);
}

void strip_measure(MeasureSpec& measure) {
  strip_figure(measure);
  for (MeasureSpec& band : measure.band_figures) strip_measure(band);
}

}  // namespace

bool has_assumed_uncertainty(const Scenario& scenario) {
  return scenario.population_relative_error > 0.0 ||
         std::any_of(scenario.measures.begin(), scenario.measures.end(), measure_assumes) ||
         std::any_of(scenario.overlaps.begin(), scenario.overlaps.end(), overlap_assumes);
}

Scenario without_assumed_uncertainty(const Scenario& scenario) {
  Scenario stripped = scenario;
  stripped.population_relative_error = 0.0;
  for (MeasureSpec& measure : stripped.measures) strip_measure(measure);
  for (OverlapSpec& overlap : stripped.overlaps) strip_overlap(overlap);
  return stripped;
}

}  // namespace prevalence::scenario
