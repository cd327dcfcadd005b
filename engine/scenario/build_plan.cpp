#include "engine/scenario/build_plan.hpp"

#include "engine/scenario/central_figures.hpp"
#include "engine/scenario/scenario_groups.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <stdexcept>

namespace prevalence::scenario {
namespace {

// The fitter for an overlap's published figures and odds ratios. Central
// figures no table reproduces make the scenario an error: say why.
models::JointTableFitter overlap_fitter(const OverlapSpec& overlap, montecarlo::PlannedGroup& group) {
  models::JointTableSpec spec;
  spec.n_conditions = group.n_conditions;
  for (const OverlapFigureSpec& figure : overlap.figures) {
    group.figure_ids.push_back(figure.id);
    group.figure_rates.push_back(figure.distribution);
    spec.figure_cells.push_back(figure.cells);
    spec.figure_half_band.push_back(half_band(figure));
    spec.central_figures.push_back(published_value(figure.figure));
  }
  for (const OddsRatioSpec& ratio : overlap.odds_ratios) {
    group.odds_ratio_ids.push_back(fmt::format("{}.{}_{}", overlap.id, overlap.condition_ids[ratio.first],
                                               overlap.condition_ids[ratio.second]));
    group.log_odds_ratio_mean.push_back(ratio.log_mean);
    group.log_odds_ratio_sd.push_back(ratio.log_sd);
    spec.odds_ratio_pairs.emplace_back(ratio.first, ratio.second);
    spec.central_log_odds_ratios.push_back(ratio.log_mean);
  }
  const models::CoherenceReport report = models::check_coherence(group.n_conditions, central_bands(overlap));
  if (!report.coherent)
    throw error::InputError(overlap.where,
                            fmt::format("overlap {}: the published figures cannot all hold: {} (prevalence "
                                        "check {} explains in full)",
                                        overlap.id, report.findings.front(), overlap.where.file));
  try {
    return models::JointTableFitter(std::move(spec));
  } catch (const std::invalid_argument& e) {
    // The figures are coherent (checked above): what leaves no table with
    // every cell above zero is an odds ratio, or figures at the very edge of
    // what they allow (an "any" equal to one condition's own prevalence).
    throw error::InputError(
        overlap.where,
        fmt::format("overlap {}: {}: {}", overlap.id, e.what(),
                    overlap.odds_ratios.empty()
                        ? "the figures sit at the edge of what they allow, which forces a combination to exactly 0; "
                          "state the precision they were rounded to (rounded = ...) so the fit can move inside it"
                        : "an odds ratio this far from 1 forces a combination to 0; state one nearer 1"));
  }
}

// An overlap's joint table comes from a survey's cells (Dirichlet), from
// its figures fitted in every draw, or, with one assumed precision for the
// whole table, from a Dirichlet around the table fitted once.
montecarlo::PlannedGroup overlap_group(const OverlapSpec& overlap) {
  montecarlo::PlannedGroup group;
  group.id = overlap.id;
  group.n_conditions = static_cast<int>(overlap.condition_ids.size());
  for (const NamedRegion& region : reported_regions(overlap)) group.outputs.push_back(region.cells);

  if (overlap.survey) {
    for (double count : overlap.survey->counts)
      group.dirichlet_alpha.push_back(count / overlap.survey->design_effect + 0.5);
    return group;
  }
  group.fitter.emplace(overlap_fitter(overlap, group));
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

// The scenario's areas, in its order: every area of the population year, or
// the listed codes, each of which must be in the population file.
std::vector<io::Area> scenario_areas(const Scenario& scenario, const io::PopulationTable& population) {
  if (scenario.all_areas) {
    std::vector<io::Area> areas = population.areas(scenario.population_year);
    if (areas.empty())
      throw error::InputError(scenario.population_file_where,
                              fmt::format("the population file has no areas for year {} (it has {})",
                                          scenario.population_year, fmt::join(population.years(), ", ")));
    return areas;
  }
  // Sorted by code (PopulationTable::areas), so each listed code is a
  // binary search: a scenario may list every LSOA in England.
  const std::vector<io::Area> known = population.areas(scenario.population_year);
  std::vector<io::Area> areas;
  for (std::size_t i = 0; i < scenario.area_codes.size(); ++i) {
    const std::string& code = scenario.area_codes[i];
    const auto found = std::lower_bound(known.begin(), known.end(), code,
                                        [](const io::Area& a, const std::string& c) { return a.code < c; });
    if (found == known.end() || found->code != code)
      throw error::InputError(scenario.area_code_where[i],
                              fmt::format("area {} is not in the population file {} for year {}", code,
                                          population.path(), scenario.population_year));
    areas.push_back(*found);
  }
  return areas;
}

// One area's denominator for each group: its population in the group's age
// range, sex and year.
std::vector<double> denominators(const io::Area& area, const std::vector<ScenarioGroup>& groups,
                                 const io::PopulationTable& population) {
  std::vector<double> counts;
  for (const ScenarioGroup& group : groups) {
    try {
      counts.push_back(population.count(area.code, group.year(), group.ages(), group.sex()));
    } catch (const std::invalid_argument& e) {
      throw error::InputError(group.denominator_where(),
                              fmt::format("{} {}: {}", group.overlap ? "overlap" : "measure", group.id(), e.what()));
    }
  }
  return counts;
}

}  // namespace

void ScenarioPlan::keep_areas(std::size_t first, std::size_t last) {
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
  for (const ScenarioGroup& group : groups)
    plan.groups.push_back(group.overlap
                              ? overlap_group(*group.overlap)
                              : montecarlo::single_rate_group(group.measure->id, group.measure->distribution));
  for (const io::Area& area : scenario_areas(scenario, population)) {
    plan.areas.push_back({area.code, denominators(area, groups, population)});
    planned.area_names.push_back(area.name);
  }
  return planned;
}

}  // namespace prevalence::scenario
