#pragma once
// Figures that vary by area: where each area's numbers come from in the
// [[area_figures]] rows the scenario loaded. An area uses its own row; or,
// when the scenario says so, a stand-in's row (with the scenario's reason)
// or, for an area formed after the figures were published, its
// predecessors' rows weighted by their populations. An area with none of
// these is an error naming it: an area is never silently given another's
// figure.

#include "engine/io/population_table.hpp"
#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/scenario.hpp"

#include <functional>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace prevalence::scenario {

/// Where one area's figures come from: rows of the tables (by area code)
/// and their weights, which add up to 1.
struct FigureSource {
  std::vector<std::pair<std::string, double>> rows;
  /// How outputs explain it ("" for the area's own row): "figures: Cornwall's
  /// (E06000052): <why>", "figures: its predecessors' rows by their
  /// population aged 0-17 in 2017: Bournemouth 41.2%, ...".
  std::string note;
};

/// A predecessor's population for weighting its row: (area code, year).
using PopulationWeight = std::function<double(const std::string& code, int year)>;

/// Where each area of `rows` gets the figures of `figures` (every per-area
/// figure of one group), by area code. Areas are resolved in the first
/// figure's table; every row a source uses must then be in each table the
/// figures take columns from.
/// @param what how messages name the group: "overlap trio"
/// @throw InputError naming every area that has no source, with the
///        nearest rows, or a stand-in or predecessor without a row
std::map<std::string, FigureSource> figure_sources(const Scenario& scenario,
                                                   const std::vector<const PerAreaFigure*>& figures,
                                                   std::span<const AreaRow> rows, const PopulationWeight& weight,
                                                   const std::string& what);

/// `shared` (what every area shares: unit, interval level) with the numbers
/// of row `code` of the figure's tables.
/// @param what how messages name the figure and row: "measure m in E08000005 Rochdale"
/// @throw InputError at the file and line of the row when a cell the figure
///        needs is empty or not a number
models::PublishedFigure figure_in_row(const Scenario& scenario, const models::PublishedFigure& shared,
                                      const PerAreaFigure& figure, const std::string& code, const std::string& what);

/// Where row `code` of the figure's first table is, for errors about it.
error::SourcePosition row_position(const Scenario& scenario, const PerAreaFigure& figure, const std::string& code);

/// How a row is named in messages: "E08000005 Rochdale", its name as the
/// run's rows give it, else as the table does.
std::string row_name(const Scenario& scenario, const PerAreaFigure& figure, const std::string& code,
                     std::span<const AreaRow> rows);

/// How an output's uncertainty text says the figure relates across areas:
/// "shared by every area", "independent between areas", "correlated 0.5
/// between areas".
std::string across_areas_text(double correlation);

}  // namespace prevalence::scenario
