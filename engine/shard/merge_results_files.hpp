#pragma once
// What a merge takes from the shards' results.h5 beyond their estimates.csv:
// every interval level the run asked for, the parameter draws (the same in
// every shard, since each draws every table) and, when every shard kept them,
// the draws themselves.

#include "engine/montecarlo/draw_sink.hpp"
#include "engine/montecarlo/plan.hpp"
#include "engine/results/results_file.hpp"
#include "engine/shard/merge_shards.hpp"

#include <string>
#include <vector>

namespace prevalence::engine {

/// Reads each shard directory's results.h5 and completes `merged` (made from
/// the shards' estimates.csv by merge_shards) with every interval level and
/// the parameter draws.
/// @return the shards' results files, for copy_kept_draws
/// @throw InputError naming the shard's file: missing, damaged, or not of the
///        same run (other areas, levels or parameter draws)
std::vector<ResultsFile> complete_from_results_files(MergedRun& merged, const Plan& plan,
                                                     const std::vector<std::string>& shard_dirs);

/// True when every shard kept its draws, so the merged file can too.
bool all_kept_draws(const std::vector<ResultsFile>& shards);

/// Hands every shard's kept draws to `sink`, under the area's index in `plan`.
void copy_kept_draws(const std::vector<ResultsFile>& shards, const Plan& plan, const DrawSink& sink);

}  // namespace prevalence::engine
