#pragma once
// Everything the Monte Carlo needs, resolved: what to draw and for whom.
// Built from a scenario and a population table (scenario/build_plan), or
// directly by benchmarks and tests. It holds no text meant for people: what
// each output is called, and where its figures come from, is described where
// outputs are written (results/describe_run).
//
// Estimates come in groups. A group is a joint table over K conditions whose
// cells are drawn once per draw and shared by every area: a single-rate
// measure is a group with K = 1 (cells: without, with); an overlap such as
// the toxic trio has K = 3 and 8 cells. Each output of a group is the sum of
// some of its cells, so counts are consistent within every draw.

#include "models/overlap/cell_set.hpp"
#include "models/overlap/joint_table_fitter.hpp"
#include "models/rate/rate_distribution.hpp"

#include <optional>
#include <string>
#include <vector>

namespace prevalence::montecarlo {

struct PlannedGroup {
  std::string id;  ///< names the group's random streams: keep ids stable
  int n_conditions = 1;

  // Each draw's cells come from one of: a survey cross-tab (Dirichlet with
  // these parameters); a fitted table (figures sampled, then the fitter); or,
  // for a single measure, its one figure p as cells (1 - p, p).
  std::vector<double> dirichlet_alpha;
  std::vector<std::string> figure_ids;  ///< names each figure's random stream
  std::vector<models::RateDistribution> figure_rates;
  std::optional<models::JointTableFitter> fitter;
  std::vector<std::string> odds_ratio_ids;
  std::vector<double> log_odds_ratio_mean;
  std::vector<double> log_odds_ratio_sd;

  /// The cells each output sums, in output order.
  std::vector<models::CellSet> outputs;

  int n_cells() const noexcept { return models::cell_count(n_conditions); }
};

struct PlannedArea {
  std::string code;                  ///< names the area's random streams
  std::vector<double> denominators;  ///< one per group, in plan order
};

struct Plan {
  std::vector<PlannedGroup> groups;
  std::vector<PlannedArea> areas;
  /// Log-normal sd of each area's head-counts (0: counts are exact). One draw
  /// per (area, draw) scales all of an area's denominators together.
  double population_relative_error = 0.0;

  std::size_t n_outputs() const noexcept {
    std::size_t n = 0;
    for (const PlannedGroup& g : groups) n += g.outputs.size();
    return n;
  }
};

/// A plan group for one single-rate measure (K = 1): its one output is the
/// rate's cell.
PlannedGroup single_rate_group(std::string id, models::RateDistribution rate);

}  // namespace prevalence::montecarlo
