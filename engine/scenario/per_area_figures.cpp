#include "engine/scenario/per_area_figures.hpp"

#include "engine/text/nearest_names.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

namespace prevalence::scenario {
namespace {

std::vector<const ColumnRef*> refs_of(const PerAreaFigure& figure) {
  std::vector<const ColumnRef*> refs;
  for (const auto* ref : {&figure.value, &figure.lower, &figure.upper, &figure.count, &figure.of})
    if (*ref) refs.push_back(&**ref);
  return refs;
}

// The area's row of `table`, or nullptr.
const AreaFiguresRow* row_of(const AreaFiguresSpec& table, const std::string& code) {
  const auto found = table.rows.find(code);
  return found == table.rows.end() ? nullptr : &found->second;
}

std::size_t distinct_codes(std::span<const io::Area> areas) {
  std::set<std::string> codes;
  for (const io::Area& area : areas) codes.insert(area.code);
  return codes.size();
}

}  // namespace

void require_rows(const Scenario& scenario, const PerAreaFigure& figure, std::span<const io::Area> areas,
                  const std::string& what) {
  for (const ColumnRef* ref : refs_of(figure)) {
    const AreaFiguresSpec& table = area_figures(scenario, ref->table);
    std::vector<std::string> missing;
    std::vector<std::string> row_names, row_codes;
    for (const auto& [code, row] : table.rows) {
      row_codes.push_back(code);
      row_names.push_back(row.area == code ? code : fmt::format("{} ({})", row.area, code));
    }
    std::set<std::string> seen;  // an area is in the run once per year
    for (const io::Area& area : areas) {
      if (row_of(table, area.code) || !seen.insert(area.code).second) continue;
      std::vector<std::string> near = text::nearest_names(area.name, row_names);
      for (const std::string& code : text::nearest_names(area.code, row_codes, 2))
        if (table.rows.at(code).area == code && std::find(near.begin(), near.end(), code) == near.end())
          near.push_back(code);
      missing.push_back(fmt::format("{} {}{}", area.code, area.name,
                                    near.empty() ? "" : fmt::format(" (nearest: {})", fmt::join(near, "; "))));
    }
    if (!missing.empty())
      throw error::InputError(
          ref->where,
          fmt::format("{}: {} of the run's {} areas {} no row in area_figures {} ({}), and an area is never given "
                      "another's figure: {}. Add their rows, or leave them out of [areas]",
                      what, missing.size(), distinct_codes(areas), missing.size() == 1 ? "has" : "have", table.id,
                      table.file,
                      fmt::join(missing, "; ")));
  }
}

models::PublishedFigure figure_in_area(const Scenario& scenario, const models::PublishedFigure& shared,
                                       const PerAreaFigure& figure, const io::Area& area, const std::string& what) {
  models::PublishedFigure out = shared;
  auto number = [&](const ColumnRef& ref) {
    const AreaFiguresSpec& table = area_figures(scenario, ref.table);
    const AreaFiguresRow& row = table.rows.at(area.code);
    const std::optional<double> value = row.values.at(ref.column);
    if (!value)
      throw error::InputError(
          {table.file, row.line, 0},
          fmt::format("{} in {} {}: column \"{}\" holds \"{}\", not a number, and an area is never given another's "
                      "figure: give its figure, or leave the area out of [areas]",
                      what, area.code, area.name, ref.column, row.text.at(ref.column)));
    return *value;
  };
  if (figure.value) out.value = number(*figure.value);
  if (figure.lower) out.interval->lower = number(*figure.lower);
  if (figure.upper) out.interval->upper = number(*figure.upper);
  if (figure.count) out.count_of->count = number(*figure.count);
  if (figure.of) out.count_of->of = number(*figure.of);
  return out;
}

error::SourcePosition row_position(const Scenario& scenario, const PerAreaFigure& figure, const std::string& code) {
  const ColumnRef& ref = *refs_of(figure).front();
  const AreaFiguresSpec& table = area_figures(scenario, ref.table);
  return {table.file, table.rows.at(code).line, 0};
}

std::string across_areas_text(double correlation) {
  if (correlation == 1.0) return "shared by every area";
  if (correlation == 0.0) return "independent between areas";
  return fmt::format("correlated {} between areas (a Gaussian copula)", correlation);
}

}  // namespace prevalence::scenario
