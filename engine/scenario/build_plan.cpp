#include "engine/scenario/build_plan.hpp"

#include "engine/output/number_format.hpp"
#include "engine/scenario/central_figures.hpp"
#include "engine/output/uncertainty_text.hpp"
#include "engine/scenario/overlap_naming.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace prevalence::engine {
namespace {

std::string describe(const OverlapFigureSpec& figure) {
  std::string text = describe_uncertainty(figure.figure);
  if (figure.rounding > 0.0)
    text += fmt::format("; published rounded to {:g}{}", figure.rounding, models::unit_suffix(figure.figure.unit));
  return text;
}

PlannedGroup overlap_group(const OverlapSpec& overlap) {
  PlannedGroup group;
  group.id = overlap.id;
  group.label = overlap.label;
  group.n_conditions = static_cast<int>(overlap.condition_ids.size());
  group.condition_labels = overlap.condition_labels;
  group.ages = overlap.ages;
  group.sex = overlap.sex;
  group.year = overlap.year;

  const OverlapNaming naming(overlap.condition_ids, overlap.condition_labels, overlap.label);
  std::vector<NamedRegion> regions = naming.standard_regions();
  for (const OverlapFigureSpec& figure : overlap.figures)  // published regions not reported by default
    if (std::none_of(regions.begin(), regions.end(), [&](const NamedRegion& r) { return r.cells == figure.cells; }))
      regions.push_back({figure.id.substr(overlap.id.size() + 1), figure.name, figure.cells});

  const std::string derived_source =
      overlap.survey ? overlap.survey->source
                     : fmt::format("Derived: the maximum-entropy joint table of {} fitted {} to its {} published "
                                   "figure(s){}.",
                                   overlap.label, overlap.effective_sample_size ? "once" : "in each draw",
                                   overlap.figures.size(),
                                   overlap.odds_ratios.empty() ? "" : ", with the stated odds ratios");
  std::string derived_uncertainty;
  if (overlap.survey) {
    derived_uncertainty = fmt::format("survey cross-tabulation of {} cells, Dirichlet (Jeffreys prior), design effect {:g}",
                                      group.n_cells(), overlap.survey->design_effect);
  } else if (overlap.effective_sample_size) {
    derived_uncertainty = fmt::format(
        "assumed: the whole table as precise as a sample of {} (Dirichlet around the maximum-entropy "
        "table of the published figures) ({})",
        format_count(*overlap.effective_sample_size), overlap.why_assumed);
  } else {
    derived_uncertainty = "propagated from the published figures through the fitted table";
    for (const OddsRatioSpec& ratio : overlap.odds_ratios) derived_uncertainty += "; " + ratio.description;
  }

  const unsigned everything = (1u << group.n_conditions) - 1;
  for (const NamedRegion& region : regions) {
    PlannedOutput output{overlap.id + "." + region.id_suffix, region.label, region.cells,
                         derived_source, derived_uncertainty, false, fmt::format("living with {}", region.label)};
    // A single cell other than "all K" belongs in the overlap block.
    output.is_cell = std::popcount(region.cells) == 1 && region.cells != models::only_cell(everything);
    for (const OverlapFigureSpec& figure : overlap.figures)
      if (figure.cells == region.cells) {
        output.source = figure.source;
        if (!overlap.effective_sample_size) output.uncertainty = describe(figure);
      }
    group.outputs.push_back(std::move(output));
  }

  if (overlap.survey) {
    for (double count : overlap.survey->counts)
      group.dirichlet_alpha.push_back(count / overlap.survey->design_effect + 0.5);
    return group;
  }

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
  // Central figures no table reproduces make the scenario an error: say why.
  const models::CoherenceReport report = models::check_coherence(group.n_conditions, central_bands(overlap));
  if (!report.coherent)
    throw InputError(overlap.where, fmt::format("overlap {}: the published figures cannot all hold: {} (prevalence "
                                                "check {} explains in full)",
                                                overlap.id, report.findings.front(), overlap.where.file));
  try {
    group.fitter.emplace(std::move(spec));
  } catch (const std::invalid_argument& e) {
    throw InputError(overlap.where, fmt::format("overlap {}: {} (prevalence check explains which figures conflict)",
                                                overlap.id, e.what()));
  }
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

PlannedGroup measure_group(const MeasureSpec& spec) {
  PlannedGroup group = single_rate_group(spec.id, spec.label, spec.distribution);
  group.ages = spec.ages;
  group.sex = spec.sex;
  group.year = spec.year;
  group.outputs.front().source = spec.source;
  if (!spec.phrase.empty()) group.outputs.front().phrase = spec.phrase;
  group.outputs.front().uncertainty = describe_uncertainty(spec.figure);
  return group;
}

}  // namespace

Plan build_plan(const Scenario& scenario, const PopulationTable& population) {
  Plan plan;
  plan.population_relative_error = scenario.population_relative_error;

  // Groups in the order the scenario file lists them.
  std::vector<std::pair<std::uint32_t, PlannedGroup>> ordered;
  for (const OverlapSpec& overlap : scenario.overlaps) ordered.emplace_back(overlap.where.line, overlap_group(overlap));
  for (const MeasureSpec& measure : scenario.measures) ordered.emplace_back(measure.where.line, measure_group(measure));
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& entry : ordered) plan.groups.push_back(std::move(entry.second));
  // Where each group's denominator was stated, for errors about it.
  std::vector<SourcePosition> denominator_where;
  for (const PlannedGroup& group : plan.groups) {
    SourcePosition where;
    for (const OverlapSpec& o : scenario.overlaps)
      if (o.id == group.id) where = o.ages_where;
    for (const MeasureSpec& m : scenario.measures)
      if (m.id == group.id) where = m.ages_where;
    denominator_where.push_back(where);
  }

  std::vector<Area> areas;
  if (scenario.all_areas) {
    areas = population.areas(scenario.population_year);
    if (areas.empty())
      throw InputError(scenario.population_file_where,
                       fmt::format("the population file has no areas for year {} (it has {})",
                                   scenario.population_year, fmt::join(population.years(), ", ")));
  } else {
    // Sorted by code (PopulationTable::areas), so each listed code is a
    // binary search: a scenario may list every LSOA in England.
    const std::vector<Area> known = population.areas(scenario.population_year);
    for (std::size_t i = 0; i < scenario.area_codes.size(); ++i) {
      const std::string& code = scenario.area_codes[i];
      const auto found = std::lower_bound(known.begin(), known.end(), code,
                                          [](const Area& a, const std::string& c) { return a.code < c; });
      if (found == known.end() || found->code != code)
        throw InputError(scenario.area_code_where[i],
                         fmt::format("area {} is not in the population file {} for year {}", code,
                                     population.path(), scenario.population_year));
      areas.push_back(*found);
    }
  }

  for (const Area& area : areas) {
    PlannedArea planned{area.code, area.name, {}};
    for (std::size_t g = 0; g < plan.groups.size(); ++g) {
      const PlannedGroup& group = plan.groups[g];
      try {
        planned.denominators.push_back(population.count(area.code, group.year, group.ages, group.sex));
      } catch (const std::invalid_argument& e) {
        throw InputError(denominator_where[g], fmt::format("{} {}: {}", group.is_overlap() ? "overlap" : "measure",
                                                           group.id, e.what()));
      }
    }
    plan.areas.push_back(std::move(planned));
  }
  return plan;
}

}  // namespace prevalence::engine
