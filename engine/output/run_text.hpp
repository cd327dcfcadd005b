#pragma once
// What every writer of a run's own outputs (estimates.csv, estimates.md, the
// terminal table) reads alike from the run's record.

#include "engine/results/run_results.hpp"

#include <string>

namespace prevalence::output {

/// One figure of a run at its headline level.
struct HeadlineFigure {
  double denominator = 0.0;
  double mean = 0.0;
  double median = 0.0;
  double lower = 0.0;
  double upper = 0.0;
  double mcse = 0.0;
  double point = 0.0;  ///< what tables headline: the median or the mean, as the run says
  /// Monte Carlo standard errors of the median and the interval's ends (NaN
  /// for a file written before engine 0.4, which has none).
  double median_mcse = 0.0, lower_mcse = 0.0, upper_mcse = 0.0;
  bool known = false;  ///< the area's own complete count: the figure itself, not an estimate
  /// The share of its variance from assumed uncertainty (NaN: none assumed, or no variance).
  double assumed_share = 0.0;

  /// Percentage of the denominator: point / denominator * 100.
  double percent() const { return point / denominator * 100.0; }
  /// True when there is no spread at all (a point-only figure on exact
  /// counts): writers then say so instead of printing an interval "x to x".
  bool is_degenerate() const { return lower == upper; }
  /// What tables print instead of an interval when there is none.
  const char* no_interval_text() const { return known ? "count, not an estimate" : "none stated"; }
};

/// Measure `measure` in area `area` at the run's headline level.
HeadlineFigure headline_figure(const results::RunResults& run, std::size_t area, std::size_t measure);

/// One sentence per overlap whose draws had to be moved to admit a joint
/// table ("" when none was): how many, and where the rule is documented.
std::string moved_draws_note(const results::RunResults& run);

}  // namespace prevalence::output
