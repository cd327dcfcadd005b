#pragma once
// Reading a shard's estimates.csv back into Monte Carlo results, so a merge
// writes every output format through the same writers as a run. The CSV
// holds every double as its shortest round-trip text (format_exact), so the
// numbers read back are the numbers the shard computed, bit for bit.

#include "engine/montecarlo/plan.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/shard/area_shard.hpp"
#include "engine/summary/summary.hpp"

#include <span>
#include <string>
#include <vector>

namespace prevalence::engine {

/// Reads the rows for plan.areas[areas.first, areas.last), which must be
/// exactly those areas with every output of the plan, in plan order, from a
/// run with `settings` (interval, mode and draws are checked on every row).
/// @param summaries receives the areas' summaries, area-major as in
///        MonteCarloResults (areas.size() x plan.n_outputs())
/// @return each group's share of moved draws (moved_draws), one per group
/// @throw InputError at the file and line of the first row that is malformed
///        or not the row the shard should hold there
std::vector<double> read_shard_estimates(const std::string& csv_path, const Plan& plan, AreaRange areas,
                                         const RunSettings& settings, std::span<Summary> summaries);

}  // namespace prevalence::engine
