#pragma once
// What every writer needs about a finished run, in one place, and the walk
// over its outputs they all share.

#include "engine/montecarlo/driver.hpp"
#include "engine/montecarlo/plan.hpp"
#include "engine/scenario/scenario.hpp"

#include <string>

namespace prevalence::engine {

struct RunRecord {
  const Scenario& scenario;  ///< title, description
  const Plan& plan;          ///< groups, outputs, areas, denominators
  const MonteCarloResults& results;
  const RunSettings& settings;
};

/// Percentage of the denominator: mean / denominator * 100.
inline double percent_of(double value, double denominator) { return value / denominator * 100.0; }

/// True when a summary has no spread at all (a point-only figure on exact
/// counts): writers then say so instead of printing an interval "x to x".
inline bool is_degenerate(const Summary& s) { return s.lower == s.upper; }

/// Calls visit(group index, group, output, flat output index) for every
/// output of the plan, in output order.
template <typename Visit>
void for_each_output(const Plan& plan, Visit&& visit) {
  std::size_t flat = 0;
  for (std::size_t g = 0; g < plan.groups.size(); ++g)
    for (const PlannedOutput& output : plan.groups[g].outputs) visit(g, plan.groups[g], output, flat++);
}

/// One sentence per overlap whose draws had to be moved to admit a joint
/// table ("" when none was): how many, and where the rule is documented.
std::string moved_draws_note(const RunRecord& run);

}  // namespace prevalence::engine
