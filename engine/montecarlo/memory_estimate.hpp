#pragma once
// How much memory a run will take, known before it allocates any of it, so a
// run too large for the machine is refused with the figures rather than
// killed (or ended by "out of memory") part way.

#include "engine/montecarlo/plan.hpp"
#include "engine/montecarlo/run_settings.hpp"

#include <cstdint>

namespace prevalence::montecarlo {

/// Bytes the Monte Carlo holds at its peak, to within a small factor: every
/// group's tables and every output's shares for all draws (shared by all
/// areas), each worker's draws for one area and tables for one area's own
/// figures, the summaries, every total's sums, and with a sink one area's
/// kept draws per worker. Grows with draws x outputs x (threads + totals),
/// not with areas x draws.
std::uint64_t monte_carlo_bytes(const Plan& plan, const RunSettings& settings, unsigned threads, bool keep_draws);

}  // namespace prevalence::montecarlo
