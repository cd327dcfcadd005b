#include "engine/scenario/per_area_figures.hpp"

#include "engine/io/boundary_changes.hpp"
#include "engine/text/nearest_names.hpp"
#include "engine/text/number_format.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>
#include <set>

namespace prevalence::scenario {
namespace {

std::vector<const ColumnRef*> refs_of(const PerAreaFigure& figure) {
  std::vector<const ColumnRef*> refs;
  for (const auto* ref : {&figure.value, &figure.lower, &figure.upper, &figure.count, &figure.of})
    if (*ref) refs.push_back(&**ref);
  return refs;
}

bool has_row(const AreaFiguresSpec& table, const std::string& code) { return table.rows.count(code) > 0; }

// The nearest rows to an area without one, by name and by code.
std::string nearest_rows(const AreaFiguresSpec& table, const io::Area& area) {
  std::vector<std::string> names, codes;
  std::map<std::string, std::string> code_of_name;
  for (const auto& [code, row] : table.rows) {
    codes.push_back(code);
    if (row.area != code) {
      names.push_back(row.area);
      code_of_name.emplace(row.area, code);
    }
  }
  std::vector<std::string> near;
  for (const std::string& name : text::nearest_names(area.name, names))
    near.push_back(fmt::format("{} ({})", name, code_of_name.at(name)));
  for (const std::string& code : text::nearest_names(area.code, codes, 2))
    if (table.rows.at(code).area == code) near.push_back(code);
  return near.empty() ? "" : fmt::format(" (nearest: {})", fmt::join(near, "; "));
}

// An area formed after the figures were published: its predecessors' rows,
// each weighted by its population in the last year before the change. A
// predecessor listed as merged is a part; a part without a row takes the
// row of the predecessor that contained it (listed as split or replaced).
std::optional<FigureSource> predecessors(const AreaFiguresSpec& table, const std::vector<io::BoundaryChange>& changes,
                                         const std::string& code, const PopulationWeight& weight,
                                         std::vector<std::string>& problems) {
  std::vector<const io::BoundaryChange*> parts, containers;
  for (const io::BoundaryChange& change : changes)
    if (change.to_code == code) (change.change == "merged" ? parts : containers).push_back(&change);
  if (parts.empty() && containers.empty()) return std::nullopt;
  if (parts.empty()) parts = containers;  // replaced whole: the container is the one part
  const io::BoundaryChange* container = nullptr;
  for (const io::BoundaryChange* c : containers)
    if (has_row(table, c->from_code)) container = c;

  std::map<std::string, double> weights;
  std::vector<std::string> described;
  double total = 0.0;
  const int year = parts.front()->first_year_of_new - 1;
  for (const io::BoundaryChange* part : parts) {
    const io::BoundaryChange* from = has_row(table, part->from_code) ? part : container;
    if (!from) {
      problems.push_back(fmt::format("{} {}: its predecessor {} {} has no row, nor anything containing it", code,
                                     part->to_name, part->from_code, part->from_name));
      return std::nullopt;
    }
    const double w = weight(part->from_code, year);
    weights[from->from_code] += w;
    total += w;
    described.push_back(from == part ? part->from_name : fmt::format("{} (for {})", from->from_name, part->from_name));
  }
  FigureSource source;
  std::vector<std::string> shares;
  for (std::size_t i = 0; i < parts.size(); ++i)
    shares.push_back(
        fmt::format("{} {}%", described[i], text::format_share(100.0 * weight(parts[i]->from_code, year) / total)));
  for (const auto& [from, w] : weights) source.rows.emplace_back(from, w / total);
  source.note = fmt::format(
      "figures: formed in {} after the figures were published, so its predecessors' rows, "
      "by their population in {}: {}",
      parts.front()->first_year_of_new, year, fmt::join(shares, ", "));
  return source;
}

}  // namespace

std::map<std::string, FigureSource> figure_sources(const Scenario& scenario,
                                                   const std::vector<const PerAreaFigure*>& figures,
                                                   std::span<const AreaRow> rows, const PopulationWeight& weight,
                                                   const std::string& what) {
  const ColumnRef& first = *refs_of(*figures.front()).front();
  const AreaFiguresSpec& table = area_figures(scenario, first.table);
  const std::vector<io::BoundaryChange> changes =
      table.map_new_areas ? io::load_boundary_changes(scenario.boundary_changes) : std::vector<io::BoundaryChange>{};

  std::map<std::string, FigureSource> sources;
  std::vector<std::string> missing, problems;
  std::set<std::string> distinct;
  for (const AreaRow& row : rows) {
    const io::Area& area = row.area;
    if (!distinct.insert(area.code).second) continue;
    if (has_row(table, area.code)) {
      sources[area.code] = {{{area.code, 1.0}}, ""};
    } else if (const auto stand_in = table.stand_ins.find(area.code); stand_in != table.stand_ins.end()) {
      if (!has_row(table, stand_in->second.use))
        throw error::InputError(stand_in->second.where,
                                fmt::format("area_figures {}: {} is to take the row of {}, which has none", table.id,
                                            area.code, stand_in->second.use));
      sources[area.code] = {{{stand_in->second.use, 1.0}},
                            fmt::format("figures: those of {} {}: {}", stand_in->second.use,
                                        table.rows.at(stand_in->second.use).area, stand_in->second.why)};
    } else if (auto mixed =
                   table.map_new_areas ? predecessors(table, changes, area.code, weight, problems) : std::nullopt) {
      sources[area.code] = std::move(*mixed);
    } else {
      missing.push_back(fmt::format("{} {}{}", area.code, area.name, nearest_rows(table, area)));
    }
  }
  if (!problems.empty()) throw error::InputError(first.where, fmt::format("{}: {}", what, fmt::join(problems, "; ")));
  if (!missing.empty())
    throw error::InputError(
        first.where,
        fmt::format("{}: {} of the run's {} areas {} no row in area_figures {} ({}), and an area is never given "
                    "another's figure: {}. Add their rows, give a stand-in with its reason ([area_figures.stand_in]), "
                    "map areas formed later from their predecessors (map_new_areas = true), or leave them out of "
                    "[areas]",
                    what, missing.size(), distinct.size(), missing.size() == 1 ? "has" : "have", table.id, table.file,
                    fmt::join(missing, "; ")));

  // Every row used must be in every table the figures read.
  for (const PerAreaFigure* figure : figures)
    for (const ColumnRef* ref : refs_of(*figure)) {
      const AreaFiguresSpec& other = area_figures(scenario, ref->table);
      for (const auto& [code, source] : sources)
        for (const auto& [row, w] : source.rows)
          if (!has_row(other, row))
            throw error::InputError(ref->where, fmt::format("{}: area {} has a row in area_figures {} but not in {} "
                                                            "({}): give it in both",
                                                            what, row, table.id, other.id, other.file));
    }
  return sources;
}

models::PublishedFigure figure_in_row(const Scenario& scenario, const models::PublishedFigure& shared,
                                      const PerAreaFigure& figure, const std::string& code, const std::string& what) {
  models::PublishedFigure out = shared;
  auto number = [&](const ColumnRef& ref) {
    const AreaFiguresSpec& table = area_figures(scenario, ref.table);
    const AreaFiguresRow& row = table.rows.at(code);
    const std::optional<double> value = row.values.at(ref.column);
    if (!value)
      throw error::InputError(
          {table.file, row.line, 0},
          fmt::format("{}: column \"{}\" holds \"{}\", not a number, and an area is never given another's "
                      "figure: give its figure, or leave the area out of [areas]",
                      what, ref.column, row.text.at(ref.column)));
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
  const AreaFiguresSpec& table = area_figures(scenario, refs_of(figure).front()->table);
  return {table.file, table.rows.at(code).line, 0};
}

std::string row_name(const Scenario& scenario, const PerAreaFigure& figure, const std::string& code,
                     std::span<const AreaRow> rows) {
  for (const AreaRow& row : rows)
    if (row.area.code == code) return fmt::format("{} {}", code, row.area.name);
  const AreaFiguresSpec& table = area_figures(scenario, refs_of(figure).front()->table);
  const std::string& name = table.rows.at(code).area;
  return name == code ? code : fmt::format("{} {}", code, name);
}

std::string across_areas_text(double correlation) {
  if (correlation == 1.0) return "shared by every area";
  if (correlation == 0.0) return "independent between areas";
  return fmt::format("correlated {} between areas (a Gaussian copula)", correlation);
}

}  // namespace prevalence::scenario
