#pragma once
// Resolves a scenario against its population file: which areas, and each
// measure's denominator in each area (its age range, sex and year).

#include "engine/io/population_table.hpp"
#include "engine/montecarlo/plan.hpp"
#include "engine/scenario/scenario.hpp"

namespace prevalence::engine {

/// @throw InputError at the scenario line responsible when an area is not in
///        the population file, or a measure's age range has no population
Plan build_plan(const Scenario& scenario, const PopulationTable& population);

}  // namespace prevalence::engine
