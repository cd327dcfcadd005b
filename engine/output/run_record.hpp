#pragma once
// What every writer needs about a finished run, in one place.

#include "engine/montecarlo/driver.hpp"
#include "engine/montecarlo/plan.hpp"
#include "engine/scenario/scenario.hpp"

namespace prevalence::engine {

struct RunRecord {
  const Scenario& scenario;
  const Plan& plan;  ///< areas and denominators; measures in scenario order
  const MonteCarloResults& results;
  const RunSettings& settings;
};

/// Percentage of the denominator: mean / denominator * 100.
inline double percent_of(double value, double denominator) { return value / denominator * 100.0; }

/// True when a summary has no spread at all (a point-only figure on exact
/// counts): writers then say so instead of printing an interval "x to x".
inline bool is_degenerate(const Summary& s) { return s.lower == s.upper; }

}  // namespace prevalence::engine
