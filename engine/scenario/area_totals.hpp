#pragma once
// Totals over areas: the scenario's [[group]]s and the parents a [groups]
// lookup gives its areas (upper-tier authority, region, England), one total
// per group and year. A total's members are rows of the run; its rows
// follow its members' in every output.

#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/scenario.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace prevalence::scenario {

/// Every total of the run, year by year: the [[group]]s in their order,
/// then the lookup's levels, lowest first. A lookup group of one area that
/// is itself (a unitary authority as its own upper tier) is left out.
/// @throw InputError at a [[group]] member that is not one of the run's
///        areas (with the nearest), or when the run holds an area and one of
///        its parents, whose total would count the same children twice
std::vector<TotalRow> area_totals(const Scenario& scenario, const std::vector<AreaRow>& rows);

/// The order rows are written in: indices into the run's rows, with total t
/// as rows.size() + t. Each year in turn; within it the areas in the run's
/// order, each total straight after the last of its members (smaller
/// totals first).
std::vector<std::size_t> output_order(const std::vector<AreaRow>& rows, const std::vector<TotalRow>& totals);

/// A name as tables show it: ONS's capitals ("YORKSHIRE AND THE HUMBER")
/// in title case ("Yorkshire and the Humber"); other names unchanged.
std::string display_name(const std::string& name);

}  // namespace prevalence::scenario
