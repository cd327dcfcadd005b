#pragma once
// Combines the results files of `prevalence run --areas-shard K/N` into the
// record of the whole run, after checking, from what each shard's
// results.h5 records of itself, that they are one complete set: every K of
// 1..N exactly once, all run from this scenario and population file (same
// SHA-256) with the same settings and engine, each holding exactly its own
// block of the scenario's areas, all with the same parameter draws.

#include "engine/montecarlo/draw_sink.hpp"
#include "engine/results/run_results.hpp"
#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace prevalence::shard {

/// Reads DIR/results.h5 of each shard directory and checks the set.
/// @param planned the scenario's whole plan, every area
/// @param shard_dirs the shards' output directories, in any order
/// @return the shards' records, in shard order (1 to N)
/// @throw InputError naming the shard's directory or results file (and the
///        object) of the first problem: a missing or repeated shard, a shard
///        of another scenario, population file, split, settings or engine, a
///        damaged file
std::vector<results::RunResults> read_shards(const scenario::Scenario& scenario, const scenario::ScenarioPlan& planned,
                                             const std::vector<std::string>& shard_dirs);

/// The whole run's record from its shards (as read_shards returns them):
/// their areas and figures one after another, their description and
/// parameter draws (the same in every shard), draws kept when every shard
/// kept them. The record of how it was made (command line, time, inputs'
/// paths) is the caller's to set.
results::RunResults merge_shards(const std::vector<results::RunResults>& shards);

/// Hands every shard's kept draws to `sink`, under each area's index in the
/// merged run. Requires every shard to have kept its draws.
void copy_kept_draws(const std::vector<results::RunResults>& shards, const montecarlo::DrawSink& sink);

}  // namespace prevalence::shard
