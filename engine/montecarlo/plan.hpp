#pragma once
// Everything the Monte Carlo needs, resolved, and everything the writers need
// to label what it produced. Built from a scenario and a population table
// (build_plan), or directly by benchmarks and tests.
//
// Estimates come in groups. A group is a joint table over K conditions whose
// cells are drawn once per draw and shared by every area: a single-rate
// measure is a group with K = 1 (cells: without, with); an overlap such as
// the toxic trio has K = 3 and 8 cells. Each output of a group is the sum of
// some of its cells, so counts are consistent within every draw.

#include "engine/io/population_table.hpp"
#include "models/overlap/cell_set.hpp"
#include "models/overlap/joint_table_fitter.hpp"
#include "models/rate/rate_distribution.hpp"

#include <optional>
#include <string>
#include <vector>

namespace prevalence::engine {

struct PlannedOutput {
  std::string id;     ///< "trio.any", "looked_after"
  std::string label;  ///< "any of the toxic trio"
  models::CellSet cells = 0;
  std::string source;       ///< citation, or how a derived figure was made
  std::string uncertainty;  ///< how its distribution was formed
  bool is_cell = false;     ///< one cell of an overlap (shown in the overlap block)
  /// What a published sentence says it counts, after "expect about N
  /// children ... to be": "living with any of the toxic trio".
  std::string phrase;
};

struct PlannedGroup {
  std::string id;  ///< names the group's random streams: keep ids stable
  std::string label;
  int n_conditions = 1;
  std::vector<std::string> condition_labels;
  AgeRange ages;
  Sex sex = Sex::all;
  int year = 0;

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

  std::vector<PlannedOutput> outputs;

  bool is_overlap() const noexcept { return n_conditions > 1 || fitter.has_value(); }
  int n_cells() const noexcept { return models::cell_count(n_conditions); }
};

struct PlannedArea {
  std::string code;  ///< names the area's random streams
  std::string name;
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

/// A plan group for one single-rate measure (K = 1).
PlannedGroup single_rate_group(std::string id, std::string label, models::RateDistribution rate);

}  // namespace prevalence::engine
