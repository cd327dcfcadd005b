#pragma once
// A scenario's uncertainty without its assumptions: what an output's
// interval would be if every uncertainty the analyst assumed (rather than a
// source published, or chance gives) were taken away. The share of an
// interval's variance that goes with them says how much of it is
// assumption (results/describe_run.hpp, add_assumed_shares).

#include "engine/scenario/scenario.hpp"

namespace prevalence::scenario {

/// Whether the scenario assumes any uncertainty: an assumed interval or
/// precision on a figure ([measure.assumed], [overlap.assumed]), an odds
/// ratio with an interval, or head-count error (relative_error).
bool has_assumed_uncertainty(const Scenario& scenario);

/// The scenario with each of those taken away: such a figure at its value,
/// an overlap's assumed table at its fitted centre, an odds ratio at its
/// value, head-counts exact. Published intervals, counts and a survey's
/// cells keep their uncertainty.
Scenario without_assumed_uncertainty(const Scenario& scenario);

}  // namespace prevalence::scenario
