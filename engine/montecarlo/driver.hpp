#pragma once
// The Monte Carlo driver: draws every group's joint table once per draw
// (shared by all areas), turns tables into counts for every area, and
// summarises the draws. Results are bit-identical for any thread count:
// every random number is a function of (seed, stream, draw, area) alone
// (an area's head-count normals are one stream read draw after draw, the
// rest a stream per draw); tables are fitted in fixed blocks of draws, each
// starting afresh; and every area's summaries come from its own draws alone.

#include "engine/montecarlo/plan.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/summary/summary.hpp"

#include <atomic>
#include <cstddef>
#include <vector>

namespace prevalence::engine {

struct MonteCarloResults {
  std::size_t n_outputs = 0;
  /// Area-major: summaries[area * n_outputs + output], outputs in plan order
  /// (each group's outputs in turn).
  std::vector<Summary> summaries;
  /// Per group: share of draws whose sampled figures admitted no joint table
  /// and were moved towards the central figures (0 for single measures).
  std::vector<double> moved_share;

  const Summary& at(std::size_t area, std::size_t output) const {
    return summaries[area * n_outputs + output];
  }
};

/// Draws fitted in one block, from a cold start: the unit of parallel work
/// for table fitting. Fixed, so results do not depend on the thread count.
constexpr std::size_t kDrawsPerBlock = 256;

/// Runs `settings.draws` draws of every output in every area of `plan`.
/// Memory is threads x draws x outputs plus draws x cells, whatever the
/// number of areas; the area loop allocates nothing.
/// @param threads worker threads (>= 1); does not change any result
/// @param areas_done if given, counts the areas finished, for a progress display
MonteCarloResults run_monte_carlo(const Plan& plan, const RunSettings& settings, unsigned threads,
                                  std::atomic<std::size_t>* areas_done = nullptr);

}  // namespace prevalence::engine
