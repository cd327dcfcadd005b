#pragma once
// Makes a run's record (run_results.hpp) from its scenario and plan: what
// was run and on what, each area's name, and each output's label, source and
// uncertainty in words; then adds the figures the Monte Carlo produced.

#include "engine/montecarlo/driver.hpp"
#include "engine/montecarlo/run_settings.hpp"
#include "engine/results/run_results.hpp"
#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/scenario.hpp"

#include <string>

namespace prevalence::results {

/// What the scenario and the results cannot say about how a run was made.
struct RunProvenance {
  std::string command_line;  ///< as typed, shell-quoted
  unsigned threads = 1;
  std::string shard;  ///< "K/N" for one shard of a split run, "" otherwise
  bool keep_draws = false;
};

/// Everything known of a run before its Monte Carlo: the record, with the
/// SHA-256 of the scenario and population files, the rows (areas and
/// totals, in planned.row_order), the groups and the measures, in plan
/// order. The figures are left empty.
/// @throw InputError naming an input file that cannot be read
RunResults describe_run(const scenario::Scenario& scenario, const scenario::ScenarioPlan& planned,
                        const montecarlo::RunSettings& settings, const RunProvenance& provenance);

/// Adds the Monte Carlo's figures for `planned` (the plan described) to
/// `run`, rows in the record's order: denominators (a total's, its
/// members'), summaries at every level, parameter draws and moved shares.
void add_figures(RunResults& run, const scenario::ScenarioPlan& planned,
                 const montecarlo::MonteCarloResults& results);

/// Adds to `run` (its figures already added) how much of each figure's
/// variance goes with the scenario's assumed uncertainties: 1 - the
/// variance of `without`, a run of the same plan without them
/// (scenario/without_assumptions.hpp) at `draws` draws, over the run's own,
/// clamped to [0, 1]; NaN where the run's variance is 0.
void add_assumed_shares(RunResults& run, const scenario::ScenarioPlan& planned,
                        const montecarlo::MonteCarloResults& without, std::int64_t draws);

/// The current time, UTC, as ISO 8601: "2026-11-26T10:15:00Z".
std::string utc_now();

/// Every file a run reads, with its content's SHA-256: the scenario, its
/// population files, then each [[area_figures]] file and its lookup.
std::vector<InputFileRecord> run_inputs(const scenario::Scenario& scenario);

}  // namespace prevalence::results
