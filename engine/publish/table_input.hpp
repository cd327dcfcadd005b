#pragma once
// What a published table is made from: the figures of a finished run as a
// results file holds them, independent of how they were read. `prevalence
// table` fills it from results.h5; the renderers and disclosure control only
// ever see this.

#include "engine/results/run_results.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace prevalence::publish {

/// Central interval at one coverage level.
struct TableInterval {
  double lower = 0.0;
  double upper = 0.0;
};

struct TableFigure {
  double denominator = 0.0;
  double mean = 0.0;
  double median = 0.0;
  double sd = 0.0;  ///< standard deviation of the draws (mcse x sqrt(draws))
  std::vector<TableInterval> intervals;  ///< one per TableInput::levels entry
  /// A published figure the run reconciled (reconcile = true): as published
  /// and as fitted, proportions. Tables mark it "(r)" and give both.
  std::optional<double> published, fitted;
  /// The area's own complete count: the figure itself, not an estimate.
  bool known = false;
  /// The share of its variance from the scenario's assumed uncertainty (NaN: none).
  double assumed_share = std::numeric_limits<double>::quiet_NaN();
};

struct TableInput {
  std::string title;
  std::string description;
  std::string mode;  ///< "expected" or "realised"
  /// Which summary tables show (select_table sets the run's; inputs made by
  /// hand, in tests, give means).
  montecarlo::Headline headline = montecarlo::Headline::mean;
  std::int64_t draws = 0;
  std::uint64_t seed = 0;
  std::string results_file;  ///< where the figures came from, for footnotes
  std::vector<double> levels;  ///< interval coverages to show, e.g. {0.95, 0.998}
  std::vector<results::AreaRecord> areas;
  std::vector<results::MeasureRecord> measures;
  std::vector<TableFigure> figures;  ///< area-major: figures[a * measures.size() + m]
  /// Per measure: how much of its interval is assumption, for its note ("" for none).
  std::vector<std::string> assumed_notes;

  const TableFigure& at(std::size_t area, std::size_t measure) const {
    return figures[area * measures.size() + measure];
  }
  /// The figure tables show: its median or its mean.
  double point(const TableFigure& figure) const {
    return headline == montecarlo::Headline::mean ? figure.mean : figure.median;
  }
};

}  // namespace prevalence::publish
