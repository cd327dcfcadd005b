#pragma once
// How long a run will take, known before it starts, so a run that would take
// weeks (a typo in --draws, a national run on a laptop) says so first
// instead of being found still running days later.

#include "engine/montecarlo/plan.hpp"
#include "engine/montecarlo/run_settings.hpp"

namespace prevalence::montecarlo {

/// Seconds the Monte Carlo of `plan` will take on `threads` threads,
/// projected from a pilot: the plan's first few areas with at most a few
/// thousand draws, run and timed on one thread (the run's results do not
/// change: every area's draws depend on its own code and the seed alone).
/// Good to a factor of about two: enough to tell minutes from weeks.
double estimated_seconds(const Plan& plan, const RunSettings& settings, unsigned threads);

}  // namespace prevalence::montecarlo
