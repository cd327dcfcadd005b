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
  double cells = 0.0, per_area_cells = 0.0, per_area_outputs = 0.0, band_outputs = 0.0;
  for (const PlannedGroup& group : plan.groups) {
    cells += group.n_cells();
    // Band-specific figures: each band's table and its shares, for all areas.
    cells += static_cast<double>(group.band_tables.size()) * group.n_cells();
    band_outputs += static_cast<double>(group.band_tables.size() * group.outputs.size());
    if (!group.per_area()) continue;
    per_area_cells += group.n_cells();
    per_area_outputs += static_cast<double>(group.outputs.size());
  }
  const double sampler = sizeof(random::BinomialSampler) / 8.0;
  const bool realised = settings.mode == Mode::realised;
  double values = draws * cells;    // every group's joint table in every draw
  // Each output's shares, output- and draw-major, and the record's copy;
  // each band table's shares.
  values += 3.0 * draws * outputs + draws * band_outputs;
  if (realised) values += draws * cells * sampler;  // the multinomial chains' samplers
  // Per worker, the tables, shares and chains of the groups whose figures
  // vary by area (one variant at a time, and one part of a mixture).
  values += workers * draws * (2.0 * per_area_cells + per_area_outputs + (realised ? per_area_cells * sampler : 0.0));
  // Each total's sums (int64, one per output and draw), and one total's
  // draws at a time per worker while it is summarised.
  const double totals = static_cast<double>(plan.totals.size());
  values += totals * draws * outputs + (totals > 0.0 ? workers * draws * outputs : 0.0);
  // Per worker: head-count multipliers, one output's draws or every output's
  // counts, the summaries' selection scratch, and the kept draws.
  const double per_worker =
      draws * (2.0 + (realised ? outputs : 1.0) + 2.0 * summary::kMaxIntervals + (keep_draws ? outputs : 0.0) +
               (!realised && totals > 0.0 ? outputs : 0.0));  // an area's draws for its totals
  values += workers * per_worker;
  values += (areas + totals) * outputs * (5.0 + 2.0 * static_cast<double>(settings.intervals.size()));  // summaries
  const double bytes = 8.0 * values;
  return bytes >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(bytes);
}

}  // namespace prevalence::montecarlo
