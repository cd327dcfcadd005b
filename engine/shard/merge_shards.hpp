#pragma once
// Combines the output directories of `prevalence run --areas-shard K/N` into
// the results of the whole run, after checking they are one complete set:
// every K of 1..N exactly once, all cut from this scenario and population
// file with the same settings, each holding exactly its own areas' rows.

#include "engine/montecarlo/driver.hpp"
#include "engine/montecarlo/plan.hpp"
#include "engine/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace prevalence::engine {

struct MergedRun {
  /// The shards' (they override the scenario's [run]), with the headline
  /// interval level only: the summaries are read back from the shards'
  /// estimates.csv, which hold no other level.
  RunSettings settings;
  /// Summaries and moved shares; no parameter draws (shares) or further
  /// interval levels.
  MonteCarloResults results;
};

/// @param plan the scenario's whole plan, every area
/// @param shard_dirs the shards' output directories, in any order
/// @throw InputError naming the shard directory or file (and CSV line) of the
///        first problem: a missing or duplicated shard, a shard of another
///        scenario, population file, split or settings, or a damaged file
MergedRun merge_shards(const Scenario& scenario, const Plan& plan, const std::vector<std::string>& shard_dirs);

}  // namespace prevalence::engine
