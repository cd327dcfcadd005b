#include "engine/scenario/build_plan.hpp"

#include "engine/io/boundary_changes.hpp"
#include "engine/scenario/area_totals.hpp"
#include "engine/scenario/central_figures.hpp"
#include "engine/scenario/per_area_figures.hpp"
#include "models/overlap/reconcile.hpp"
#include "engine/scenario/scenario_groups.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <map>
#include <span>
#include <stdexcept>

namespace prevalence::scenario {
namespace {

// The fitter for an overlap's figures (as published, or one area's) and its
// odds ratios. Central figures no table reproduces make the scenario an
// error, saying why, unless it asks for them to be reconciled: the table
// then honours the closest figures that can hold, and `reconciled` gets each
// figure's published and fitted values. `in_area` names the area for
// figures that vary by area.
models::JointTableFitter overlap_fitter(const OverlapSpec& overlap, const std::vector<models::PublishedFigure>& figures,
                                        const std::string& in_area, const error::SourcePosition& where,
                                        std::vector<std::pair<double, double>>* reconciled = nullptr) {
  models::JointTableSpec spec;
  spec.n_conditions = static_cast<int>(overlap.condition_ids.size());
  for (std::size_t i = 0; i < overlap.figures.size(); ++i) {
    spec.figure_cells.push_back(overlap.figures[i].cells);
    spec.figure_half_band.push_back(half_band(overlap.figures[i]));
    spec.central_figures.push_back(published_value(figures[i]));
  }
  for (const OddsRatioSpec& ratio : overlap.odds_ratios) {
    spec.odds_ratio_pairs.emplace_back(ratio.first, ratio.second);
    spec.central_log_odds_ratios.push_back(ratio.log_mean);
  }
  const std::vector<models::FigureBand> bands = central_bands(overlap, figures);
  const models::CoherenceReport report = models::check_coherence(spec.n_conditions, bands);
  if (!report.coherent && !overlap.reconcile)
    throw error::InputError(where, fmt::format("overlap {}: the published figures{} cannot all hold: {} (prevalence "
                                               "check {} explains in full, or say reconcile = true to use the "
                                               "closest figures that can)",
                                               overlap.id, in_area, report.findings.front(), overlap.where.file));
  if (!report.coherent) {
    const models::ReconciledFigures fit = models::reconcile_figures(spec.n_conditions, bands);
    for (std::size_t i = 0; i < figures.size(); ++i) {
      if (reconciled) reconciled->emplace_back(spec.central_figures[i], fit.fitted[i]);
      spec.central_figures[i] = fit.fitted[i];
      spec.figure_half_band[i] = 0.0;
    }
  }
  try {
    return models::JointTableFitter(std::move(spec));
  } catch (const std::invalid_argument& e) {
    // The figures are coherent (checked above): what leaves no table with
    // every cell above zero is an odds ratio, or figures at the very edge of
    // what they allow (an "any" equal to one condition's own prevalence).
    if (!report.coherent)
      throw error::InputError(where, fmt::format("overlap {}{}: the closest figures that can all hold force a "
                                                 "combination to exactly 0 ({}); correct the figures that conflict "
                                                 "(prevalence check {} names them)",
                                                 overlap.id, in_area, e.what(), overlap.where.file));
    throw error::InputError(
        where,
        fmt::format("overlap {}{}: {}: {}", overlap.id, in_area, e.what(),
                    overlap.odds_ratios.empty()
                        ? "the figures sit at the edge of what they allow, which forces a combination to exactly 0; "
                          "state the precision they were rounded to (rounded = ...) so the fit can move inside it"
                        : "an odds ratio this far from 1 forces a combination to 0; state one nearer 1"));
  }
}

// One row's distribution of a per-area figure, or the error at the row.
// `what` names the figure and the row: "measure m in E08000005 Rochdale".
models::RateDistribution distribution_in_row(const Scenario& scenario, const models::PublishedFigure& figure,
                                             const PerAreaFigure& per_area, const std::string& code,
                                             const std::string& what) {
  try {
    return models::RateDistribution::from_figure(figure);
  } catch (const std::invalid_argument& e) {
    throw error::InputError(row_position(scenario, per_area, code), fmt::format("{}: {}", what, e.what()));
  }
}

// An overlap's figures and odds ratios as the group's ids and, for figures
// shared by every area, distributions.
void overlap_ids(const OverlapSpec& overlap, montecarlo::PlannedGroup& group) {
  for (const OverlapFigureSpec& figure : overlap.figures) {
    group.figure_ids.push_back(figure.id);
    group.figure_rates.push_back(figure.distribution);
  }
  for (const OddsRatioSpec& ratio : overlap.odds_ratios) {
    group.odds_ratio_ids.push_back(
        fmt::format("{}.{}_{}", overlap.id, overlap.condition_ids[ratio.first], overlap.condition_ids[ratio.second]));
    group.log_odds_ratio_mean.push_back(ratio.log_mean);
    group.log_odds_ratio_sd.push_back(ratio.log_sd);
  }
}

// An overlap's joint table comes from a survey's cells (Dirichlet), from
// its figures fitted in every draw, or, with one assumed precision for the
// whole table, from a Dirichlet around the table fitted once.
montecarlo::PlannedGroup overlap_group(const OverlapSpec& overlap, std::vector<std::pair<double, double>>& reconciled) {
  montecarlo::PlannedGroup group;
  group.id = overlap.id;
  group.n_conditions = static_cast<int>(overlap.condition_ids.size());
  for (const NamedRegion& region : reported_regions(overlap)) group.outputs.push_back(region.cells);

  if (overlap.survey) {
    for (double count : overlap.survey->counts)
      group.dirichlet_alpha.push_back(count / overlap.survey->design_effect + 0.5);
    return group;
  }
  overlap_ids(overlap, group);
  std::vector<models::PublishedFigure> figures;
  for (const OverlapFigureSpec& figure : overlap.figures) figures.push_back(figure.figure);
  group.fitter.emplace(overlap_fitter(overlap, figures, "", overlap.where, &reconciled));
  if (overlap.effective_sample_size) {
    // Mean exactly the fitted table, as Beta(p n, (1 - p) n) is for one figure.
    for (double cell : group.fitter->central_cells())
      group.dirichlet_alpha.push_back(*overlap.effective_sample_size * cell);
    group.fitter.reset();
    group.figure_ids.clear();
    group.figure_rates.clear();
  }
  return group;
}

// The variants of a group with per-area figures, and each row's: one
// variant per table row the run uses (`make(code)` builds it, keyed by that
// code), and for an area drawing on other rows (a stand-in's, or its
// predecessors' mixed) the variant that says so. Rows of one area in
// different years share its variant: a figure is one draw in every year.
template <typename Make>
void assign_variants(const Scenario& scenario, const std::vector<const PerAreaFigure*>& figures,
                     std::span<const AreaRow> rows, const PopulationWeight& weight, const std::string& what,
                     std::size_t g, std::vector<montecarlo::PlannedArea>& planned, montecarlo::PlannedGroup& group,
                     std::vector<std::string>& notes, Make&& make) {
  const std::map<std::string, FigureSource> sources = figure_sources(scenario, figures, rows, weight, what);
  std::map<std::string, std::uint32_t> variant_of_row, variant_of_area;
  auto row_variant = [&](const std::string& code) {
    const auto [it, added] = variant_of_row.try_emplace(code, static_cast<std::uint32_t>(group.variants.size()));
    if (added) group.variants.push_back(make(code));
    return it->second;
  };
  for (std::size_t a = 0; a < rows.size(); ++a) {
    const std::string& code = rows[a].area.code;
    const FigureSource& source = sources.at(code);
    if (!source.note.empty()) notes[a] = source.note;
    if (const auto known = variant_of_area.find(code); known != variant_of_area.end()) {
      planned[a].variants.at(g) = known->second;
      continue;
    }
    std::uint32_t v = 0;
    if (source.rows.size() == 1) {
      v = row_variant(source.rows.front().first);
    } else {
      montecarlo::TableVariant mixture;
      mixture.key = code;
      for (const auto& [row, w] : source.rows) mixture.mixture.emplace_back(row_variant(row), w);
      v = static_cast<std::uint32_t>(group.variants.size());
      group.variants.push_back(std::move(mixture));
    }
    variant_of_area[code] = v;
    planned[a].variants.at(g) = v;
  }
}

// An overlap whose figures vary by area: one variant per row of its figures
// the run uses, each with its own central table (and Dirichlet around it)
// or its own fitter. Incoherent figures are reported for every row that has
// them.
montecarlo::PlannedGroup per_area_overlap_group(
    const Scenario& scenario, const OverlapSpec& overlap, std::span<const AreaRow> rows, const PopulationWeight& weight,
    std::size_t g, std::vector<montecarlo::PlannedArea>& planned, std::vector<std::string>& notes,
    std::map<std::string, std::vector<std::pair<double, double>>>& reconciled) {
  montecarlo::PlannedGroup group;
  group.id = overlap.id;
  group.n_conditions = static_cast<int>(overlap.condition_ids.size());
  for (const NamedRegion& region : reported_regions(overlap)) group.outputs.push_back(region.cells);
  overlap_ids(overlap, group);
  group.figure_rates.clear();
  if (overlap.effective_sample_size) {
    group.figure_ids.clear();
    group.across_areas = {overlap.assumed_across_areas};
  } else {
    for (const OverlapFigureSpec& figure : overlap.figures)
      group.across_areas.push_back(figure.per_area ? figure.per_area->across_areas : 1.0);
  }
  std::vector<const PerAreaFigure*> per_area;
  for (const OverlapFigureSpec& figure : overlap.figures)
    if (figure.per_area) per_area.push_back(&*figure.per_area);

  std::vector<std::string> incoherent;
  std::size_t n_rows = 0;
  auto make = [&](const std::string& code) {
    ++n_rows;
    montecarlo::TableVariant variant;
    variant.key = code;
    std::vector<models::PublishedFigure> figures;
    const std::string name = row_name(scenario, *per_area.front(), code, rows);
    for (const OverlapFigureSpec& figure : overlap.figures) {
      if (!figure.per_area) {
        figures.push_back(figure.figure);
        variant.figure_rates.push_back(figure.distribution);
        continue;
      }
      const std::string what = fmt::format("overlap {} ({}) in {}", overlap.id, figure.name, name);
      figures.push_back(figure_in_row(scenario, figure.figure, *figure.per_area, code, what));
      variant.figure_rates.push_back(distribution_in_row(scenario, figures.back(), *figure.per_area, code, what));
    }
    const models::CoherenceReport report = models::check_coherence(group.n_conditions, central_bands(overlap, figures));
    if (!report.coherent && !overlap.reconcile) {
      incoherent.push_back(name);
      if (incoherent.size() == 1) {
        std::string finding = report.findings.front();
        if (!finding.empty() && finding.back() == '.') finding.pop_back();
        incoherent.back() += ": " + finding;
      }
      return variant;
    }
    variant.fitter.emplace(overlap_fitter(overlap, figures, " in " + name, overlap.where, &reconciled[code]));
    if (overlap.effective_sample_size) {
      for (double cell : variant.fitter->central_cells())
        variant.dirichlet_alpha.push_back(*overlap.effective_sample_size * cell);
      variant.fitter.reset();
      variant.figure_rates.clear();
    }
    return variant;
  };
  assign_variants(scenario, per_area, rows, weight, fmt::format("overlap {}", overlap.id), g, planned, group, notes,
                  make);
  if (!incoherent.empty()) {
    const std::size_t shown = std::min<std::size_t>(incoherent.size(), 5);
    throw error::InputError(
        overlap.where,
        fmt::format("overlap {}: the published figures cannot all hold in {} of the {} areas whose figures the run "
                    "uses ({}{}); prevalence check {} lists every area by the rule broken",
                    overlap.id, incoherent.size(), n_rows,
                    fmt::join(incoherent.begin(), incoherent.begin() + static_cast<std::ptrdiff_t>(shown), "; "),
                    incoherent.size() > shown ? fmt::format("; and {} more", incoherent.size() - shown) : "",
                    overlap.where.file));
  }
  return group;
}

// A single measure whose figure varies by area: one variant per row.
montecarlo::PlannedGroup per_area_measure_group(const Scenario& scenario, const MeasureSpec& measure,
                                                std::span<const AreaRow> rows, const PopulationWeight& weight,
                                                std::size_t g, std::vector<montecarlo::PlannedArea>& planned,
                                                std::vector<std::string>& notes) {
  montecarlo::PlannedGroup group = montecarlo::single_rate_group(measure.id, measure.distribution);
  group.figure_rates.clear();
  group.across_areas = {measure.per_area->across_areas};
  const std::string what = fmt::format("measure {}", measure.id);
  assign_variants(
      scenario, {&*measure.per_area}, rows, weight, what, g, planned, group, notes, [&](const std::string& code) {
        const std::string in_row = fmt::format("{} in {}", what, row_name(scenario, *measure.per_area, code, rows));
        const models::PublishedFigure figure = figure_in_row(scenario, measure.figure, *measure.per_area, code, in_row);
        montecarlo::TableVariant variant;
        variant.key = code;
        variant.figure_rates = {distribution_in_row(scenario, figure, *measure.per_area, code, in_row)};
        return variant;
      });
  return group;
}

// One area's denominator for each group: its population in the group's age
// range, sex and year.
std::vector<double> denominators(const AreaRow& row, const std::vector<ScenarioGroup>& groups,
                                 const io::PopulationTable& population) {
  std::vector<double> counts;
  for (const ScenarioGroup& group : groups) {
    try {
      // A group's own year, or (over several years) the row's.
      const int year = group.year() != 0 ? group.year() : row.year;
      counts.push_back(population.count(row.area.code, year, group.ages(), group.sex()));
    } catch (const std::invalid_argument& e) {
      throw error::InputError(group.denominator_where(),
                              fmt::format("{} {}: {}", group.overlap ? "overlap" : "measure", group.id(), e.what()));
    }
  }
  return counts;
}

// One area's head-counts of every banded group's age pieces, group after group.
std::vector<double> piece_counts(const AreaRow& row, const std::vector<ScenarioGroup>& groups,
                                 const io::PopulationTable& population) {
  std::vector<double> counts;
  for (const ScenarioGroup& group : groups) {
    const int year = group.year() != 0 ? group.year() : row.year;
    for (const io::AgeRange& piece : group.stages().pieces) {
      try {
        counts.push_back(population.count(row.area.code, year, piece, group.sex()));
      } catch (const std::invalid_argument& e) {
        throw error::InputError(
            group.stages().where,
            fmt::format("{} {}: bands: {}", group.overlap ? "overlap" : "measure", group.id(), e.what()));
      }
    }
  }
  return counts;
}

// A complete count is known in the rows it counted: the area it names (or,
// counted by area, each area's own row, not a stand-in's or predecessors')
// in its year. Elsewhere its rate is drawn, and in realised mode only the
// chance variation around its point.
void add_known_counts(const Scenario& scenario, const MeasureSpec& measure, std::span<const AreaRow> rows,
                      std::size_t g, ScenarioPlan& planned) {
  montecarlo::Plan& plan = planned.plan;
  plan.groups.back().point_when_realised = true;
  for (std::size_t a = 0; a < rows.size(); ++a) {
    const int year = measure.year != 0 ? measure.year : rows[a].year;
    if (year != measure.counted->year) continue;
    double count = 0.0;
    if (!measure.counted->area.empty()) {
      if (rows[a].area.code != measure.counted->area) continue;
      count = measure.figure.count_of->count;
    } else {
      if (!planned.area_notes[a].empty()) continue;  // another row's figures
      const std::string& code = rows[a].area.code;
      count = figure_in_row(scenario, measure.figure, *measure.per_area, code, "measure " + measure.id)
                  .count_of->count;
    }
    montecarlo::PlannedArea& area = plan.areas[a];
    if (area.known.empty()) {
      for (montecarlo::PlannedArea& each : plan.areas)
        each.known.assign(scenario_groups(scenario).size(), std::numeric_limits<double>::quiet_NaN());
    }
    area.known[g] = count;
  }
}

// Band-specific figures: each band with figures of its own becomes a table
// its pieces draw instead of the group's (the last in `planned`), with the
// group's outputs. A band's reconciled figures are reported in every area,
// at the band's outputs.
void add_band_tables(const ScenarioGroup& group, ScenarioPlan& planned) {
  montecarlo::Plan& plan = planned.plan;
  montecarlo::PlannedGroup& whole = plan.groups.back();
  const std::size_t first_output = plan.n_outputs() - whole.n_reported();
  whole.piece_table = group.stages().piece_figures;
  const std::vector<io::AgeRange>& bands = group.stages().bands;
  auto slot_of = [&](const io::AgeRange& ages) {
    const auto at = std::find_if(bands.begin(), bands.end(),
                                 [&](const io::AgeRange& b) { return b.from == ages.from && b.to == ages.to; });
    return 1 + static_cast<std::size_t>(at - bands.begin());
  };
  if (!group.overlap) {
    for (const MeasureSpec& band : group.measure->band_figures)
      whole.band_tables.push_back(montecarlo::single_rate_group(band.id, band.distribution));
    return;
  }
  for (const OverlapSpec& band : group.overlap->band_figures) {
    std::vector<std::pair<double, double>> reconciled;
    montecarlo::PlannedGroup table = overlap_group(band, reconciled);
    table.outputs = whole.outputs;
    whole.band_tables.push_back(std::move(table));
    const std::size_t slot = slot_of(band.ages);
    for (std::size_t i = 0; i < reconciled.size(); ++i) {
      const auto at = std::find(whole.outputs.begin(), whole.outputs.end(), band.figures[i].cells);
      const std::size_t output =
          first_output + slot * whole.outputs.size() + static_cast<std::size_t>(at - whole.outputs.begin());
      for (std::vector<ReconciledOutput>& row : planned.reconciled)
        row.push_back({output, reconciled[i].first, reconciled[i].second});
    }
  }
}

}  // namespace

std::vector<AreaRow> scenario_rows(const Scenario& scenario, const io::PopulationTable& population) {
  std::vector<AreaRow> rows;
  const std::vector<io::BoundaryChange> changes = scenario.boundary_changes.empty()
                                                      ? std::vector<io::BoundaryChange>{}
                                                      : io::load_boundary_changes(scenario.boundary_changes);
  for (const int year : scenario.population_years) {
    // Sorted by code (PopulationTable::areas), so each listed code is a
    // binary search: a scenario may list every LSOA in England.
    const std::vector<io::Area> known = population.areas(year);
    if (known.empty())
      throw error::InputError(scenario.population_years_where,
                              fmt::format("the population file has no areas for year {} (it has {})", year,
                                          fmt::join(population.years(), ", ")));
    if (scenario.all_areas) {
      for (const io::Area& area : known)
        if (scenario.code_types.empty() ||
            std::any_of(scenario.code_types.begin(), scenario.code_types.end(),
                        [&](const std::string& type) { return area.code.rfind(type, 0) == 0; }))
          rows.push_back({area, year});
      continue;
    }
    for (std::size_t i = 0; i < scenario.area_codes.size(); ++i) {
      const std::string& code = scenario.area_codes[i];
      const auto found = std::lower_bound(known.begin(), known.end(), code,
                                          [](const io::Area& a, const std::string& c) { return a.code < c; });
      if (found != known.end() && found->code == code) {
        rows.push_back({*found, year});
        continue;
      }
      std::vector<int> other_years;
      for (int y : population.years())
        if (population.has(code, y)) other_years.push_back(y);
      std::string why;
      if (const std::string history = io::boundary_history(changes, code); !history.empty())
        why = fmt::format(": {}", history);
      else if (!other_years.empty())
        why = fmt::format(
            " (it is there for {}){}", fmt::join(other_years, ", "),
            scenario.boundary_changes.empty() ? "; [areas] boundary_changes = \"...\" names what replaced it" : "");
      throw error::InputError(
          scenario.area_code_where[i],
          fmt::format("area {} is not in the population file {} for year {}{}", code, population.path(), year, why));
    }
  }
  return rows;
}

void ScenarioPlan::keep_areas(std::size_t first, std::size_t last) {
  if (!plan.totals.empty()) throw std::logic_error("ScenarioPlan::keep_areas: a plan with totals cannot be split");
  row_order.resize(last - first);
  for (std::size_t i = 0; i < row_order.size(); ++i) row_order[i] = i;
  area_years.erase(area_years.begin() + static_cast<std::ptrdiff_t>(last), area_years.end());
  area_years.erase(area_years.begin(), area_years.begin() + static_cast<std::ptrdiff_t>(first));
  area_notes.erase(area_notes.begin() + static_cast<std::ptrdiff_t>(last), area_notes.end());
  area_notes.erase(area_notes.begin(), area_notes.begin() + static_cast<std::ptrdiff_t>(first));
  reconciled.erase(reconciled.begin() + static_cast<std::ptrdiff_t>(last), reconciled.end());
  reconciled.erase(reconciled.begin(), reconciled.begin() + static_cast<std::ptrdiff_t>(first));
  plan.areas.erase(plan.areas.begin() + static_cast<std::ptrdiff_t>(last), plan.areas.end());
  plan.areas.erase(plan.areas.begin(), plan.areas.begin() + static_cast<std::ptrdiff_t>(first));
  area_names.erase(area_names.begin() + static_cast<std::ptrdiff_t>(last), area_names.end());
  area_names.erase(area_names.begin(), area_names.begin() + static_cast<std::ptrdiff_t>(first));
}

ScenarioPlan build_plan(const Scenario& scenario, const io::PopulationTable& population) {
  ScenarioPlan planned;
  montecarlo::Plan& plan = planned.plan;
  plan.population_relative_error = scenario.population_relative_error;
  const std::vector<ScenarioGroup> groups = scenario_groups(scenario);
  const std::vector<AreaRow> rows = scenario_rows(scenario, population);
  planned.area_notes.assign(rows.size(), "");
  planned.reconciled.assign(rows.size(), {});
  const bool per_area = std::any_of(groups.begin(), groups.end(), [](const ScenarioGroup& group) {
    return group.overlap ? group.overlap->per_area() : group.measure->per_area.has_value();
  });
  for (const AreaRow& row : rows) {
    plan.areas.push_back({row.area.code, denominators(row, groups, population), {}, {}});
    plan.areas.back().pieces = piece_counts(row, groups, population);
    if (per_area) plan.areas.back().variants.assign(groups.size(), 0);
    // Over several years each area-year has its own chance variation; a
    // figure keeps one draw in every year (its variant is keyed by code).
    if (scenario.population_years.size() > 1) plan.areas.back().key = fmt::format("{} {}", row.area.code, row.year);
    planned.area_names.push_back(row.area.name);
    planned.area_years.push_back(row.year);
  }
  planned.totals = area_totals(scenario, rows);
  for (const TotalRow& total : planned.totals) plan.totals.push_back({total.members});
  planned.row_order = output_order(rows, planned.totals);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const ScenarioGroup& group = groups[g];
    // A predecessor's weight, for an area formed from others: its people in
    // the group's ages and sex.
    const PopulationWeight weight = [&](const std::string& code, int year) {
      return population.count(code, year, group.ages(), group.sex());
    };
    if (group.overlap) {
      // Each published figure's output, for figures the run reconciles.
      const std::size_t first_output = plan.n_outputs();
      std::map<std::string, std::vector<std::pair<double, double>>> by_row;
      std::vector<std::pair<double, double>> shared;
      plan.groups.push_back(group.overlap->per_area()
                                ? per_area_overlap_group(scenario, *group.overlap, rows, weight, g, plan.areas,
                                                         planned.area_notes, by_row)
                                : overlap_group(*group.overlap, shared));
      const montecarlo::PlannedGroup& planned_group = plan.groups.back();
      auto output_of = [&](std::size_t figure) {
        const auto& outputs = planned_group.outputs;
        const auto at = std::find(outputs.begin(), outputs.end(), group.overlap->figures[figure].cells);
        return first_output + static_cast<std::size_t>(at - outputs.begin());
      };
      for (std::size_t a = 0; a < rows.size(); ++a) {
        // An area's own row (or the stand-in's): a mixture publishes nothing.
        const montecarlo::TableVariant* variant =
            planned_group.per_area() ? &planned_group.variants[plan.areas[a].variants[g]] : nullptr;
        const std::vector<std::pair<double, double>>* values = &shared;
        if (variant) {
          const auto found = by_row.find(variant->key);
          values = variant->mixture.empty() && found != by_row.end() ? &found->second : nullptr;
        }
        if (values)
          for (std::size_t i = 0; i < values->size(); ++i)
            planned.reconciled[a].push_back({output_of(i), (*values)[i].first, (*values)[i].second});
      }
    } else {
      plan.groups.push_back(
          group.measure->per_area
              ? per_area_measure_group(scenario, *group.measure, rows, weight, g, plan.areas, planned.area_notes)
              : montecarlo::single_rate_group(group.measure->id, group.measure->distribution));
      if (const auto& counted = group.measure->counted) {
        if (!counted->area.empty() && !population.has(counted->area, counted->year))
          throw error::InputError(counted->where,
                                  fmt::format("measure {}: counted_area {} is not in the population file {} for year "
                                              "{}: a complete count names the area and year it counted",
                                              group.measure->id, counted->area, population.path(), counted->year));
        add_known_counts(scenario, *group.measure, rows, g, planned);
      }
    }
    // Life stages: the group's outputs again for each band, from its pieces.
    const LifeStages& stages = group.stages();
    plan.groups.back().bands = stages.band_pieces;
    plan.groups.back().n_pieces = stages.pieces.size();
    if (!stages.piece_figures.empty()) add_band_tables(group, planned);
  }
  return planned;
}

}  // namespace prevalence::scenario
