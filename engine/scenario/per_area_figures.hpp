#pragma once
// Figures that vary by area: each area's own numbers, taken from the
// [[area_figures]] rows the scenario loaded. An area without a row, or
// whose cell is not a number, is an error naming it: an area is never given
// another area's figure.

#include "engine/io/population_table.hpp"
#include "engine/scenario/scenario.hpp"

#include <span>
#include <string>

namespace prevalence::scenario {

/// Throws one error naming every area of `areas` that has no row in a table
/// `figure` takes a column from, with the nearest rows' names or codes.
/// @param what how the message names the figure: "measure looked_after"
void require_rows(const Scenario& scenario, const PerAreaFigure& figure, std::span<const io::Area> areas,
                  const std::string& what);

/// `shared` (what every area shares: unit, interval level) with area
/// `code`'s numbers.
/// @throw InputError at the file and line of the area's row when a cell the
///        figure needs is empty or not a number
models::PublishedFigure figure_in_area(const Scenario& scenario, const models::PublishedFigure& shared,
                                       const PerAreaFigure& figure, const io::Area& area, const std::string& what);

/// Where area `code`'s row of the figure's first table is, for errors about
/// the figure it gives.
error::SourcePosition row_position(const Scenario& scenario, const PerAreaFigure& figure, const std::string& code);

/// How an output's uncertainty text says the figure relates across areas:
/// "shared by every area", "independent between areas", "correlated 0.5
/// between areas".
std::string across_areas_text(double correlation);

}  // namespace prevalence::scenario
