#include "engine/montecarlo/memory_estimate.hpp"

#include "engine/random/binomial_sampler.hpp"
#include "engine/summary/summary.hpp"

#include <algorithm>

namespace prevalence::montecarlo {

std::uint64_t monte_carlo_bytes(const Plan& plan, const RunSettings& settings, unsigned threads, bool keep_draws) {
  // Counted in doubles (8 bytes), in floating point: an absurd --draws must
  // give an absurd figure, not a wrapped-around small one.
  const double draws = static_cast<double>(settings.draws), outputs = static_cast<double>(plan.n_outputs());
  const double workers = std::max(1u, threads), areas = static_cast<double>(plan.areas.size());
  double cells = 0.0;
  for (const PlannedGroup& group : plan.groups) cells += group.n_cells();
  double values = draws * cells;     // every group's joint table in every draw
  values += 3.0 * draws * outputs;   // each output's shares, output- and draw-major, and the record's copy
  if (settings.mode == Mode::realised)
    values += draws * cells * sizeof(random::BinomialSampler) / 8.0;  // the multinomial chains' samplers
  // Per worker: head-count multipliers, one output's draws or every output's
  // counts, the summaries' selection scratch, and the kept draws.
  const double per_worker = draws * (2.0 + (settings.mode == Mode::realised ? outputs : 1.0) +
                                     2.0 * summary::kMaxIntervals + (keep_draws ? outputs : 0.0));
  values += workers * per_worker;
  values += areas * outputs * (5.0 + 2.0 * static_cast<double>(settings.intervals.size()));  // summaries
  const double bytes = 8.0 * values;
  return bytes >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(bytes);
}

}  // namespace prevalence::montecarlo
