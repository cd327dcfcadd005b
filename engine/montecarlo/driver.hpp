#pragma once
// The Monte Carlo driver: draws every measure's rate, turns rates into counts
// for every area, and summarises the draws. Results are bit-identical for any
// thread count because every random number is keyed by (seed, stream, draw,
// area) and every area's summaries are computed from its own draws alone.

#include "engine/montecarlo/plan.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/summary/summary.hpp"

#include <cstddef>
#include <vector>

namespace prevalence::engine {

struct MonteCarloResults {
  std::size_t n_measures = 0;
  /// Area-major: summaries[area * n_measures + measure].
  std::vector<Summary> summaries;

  const Summary& at(std::size_t area, std::size_t measure) const {
    return summaries[area * n_measures + measure];
  }
};

/// Runs `settings.draws` draws of every measure in every area of `plan`.
/// Memory is threads x draws x measures, whatever the number of areas.
/// @param threads worker threads (>= 1); does not change any result
MonteCarloResults run_monte_carlo(const Plan& plan, const RunSettings& settings, unsigned threads);

}  // namespace prevalence::engine
