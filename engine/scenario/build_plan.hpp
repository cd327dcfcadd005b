#pragma once
// Resolves a scenario against its population file: which areas, and each
// group's denominator in each area (its age range, sex and year).

#include "engine/io/population_table.hpp"
#include "engine/montecarlo/plan.hpp"
#include "engine/scenario/scenario.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace prevalence::scenario {

/// One row of a run: an area in one of the run's years.
struct AreaRow {
  io::Area area;
  int year = 0;
};

/// A total over some of the run's rows (an area group in one year).
struct TotalRow {
  std::string code;  ///< the group's id, or the parent's code (E12000009)
  std::string name;
  int year = 0;
  std::vector<std::size_t> members;  ///< indices into the run's rows, ascending
};

/// A published figure the run replaced by the closest one that can hold with
/// the others (an overlap's reconcile = true), in one row: proportions.
struct ReconciledOutput {
  std::size_t output = 0;  ///< index among the plan's outputs
  double published = 0.0;
  double fitted = 0.0;
};

/// The Monte Carlo's plan for a scenario, and the names of its areas (which
/// the plan, knowing areas by code only, does not carry).
struct ScenarioPlan {
  montecarlo::Plan plan;
  std::vector<std::string> area_names;  ///< area_names[a] names plan.areas[a]
  std::vector<int> area_years;          ///< the population year of plan.areas[a]
  /// How an area's figures were found when not in its own row ("" when
  /// they were): a stand-in's, or its predecessors' mixed.
  std::vector<std::string> area_notes;
  std::vector<std::vector<ReconciledOutput>> reconciled;  ///< per plan.areas[a]: its reconciled figures
  std::vector<TotalRow> totals;         ///< totals[t] names plan.totals[t]
  /// The order outputs list rows in: plan.areas[i] as i, plan.totals[t] as
  /// areas.size() + t (each total after its members).
  std::vector<std::size_t> row_order;

  /// Keeps areas [first, last) only (one shard of a run): their results are
  /// what they would be in the whole run, since nothing an area draws
  /// depends on the others. Not for a plan with totals, which need every
  /// member's draws.
  void keep_areas(std::size_t first, std::size_t last);
};

/// The run's rows, year after year: in each year every area of that year's
/// population, or the listed codes in the scenario's order.
/// @throw InputError at a listed code absent from a year's population,
///        naming the year and, with [areas] boundary_changes, where the
///        area went or what it was formed from
std::vector<AreaRow> scenario_rows(const Scenario& scenario, const io::PopulationTable& population);

/// @throw InputError at the scenario line responsible when an area is not in
///        the population file, a measure's age range has no population, or
///        an overlap's published figures cannot all hold
ScenarioPlan build_plan(const Scenario& scenario, const io::PopulationTable& population);

}  // namespace prevalence::scenario
