#include "engine/results/describe_run.hpp"

#include "engine/io/sha256.hpp"
#include "engine/results/uncertainty_text.hpp"
#include "engine/scenario/scenario_groups.hpp"
#include "engine/version/build_info.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <bit>
#include <chrono>
#include <ctime>
#include <limits>

namespace prevalence::results {
namespace {

// A figure applied to other ages than it was published for, and why.
std::string other_ages_text(const std::optional<io::AgeRange>& figure_ages, const io::AgeRange& ages,
                            const std::string& why) {
  if (why.empty()) return "";
  return fmt::format("; published for ages {}, applied to {}: {}", to_string(*figure_ages), to_string(ages), why);
}

// The group's measures again for each life stage: the same figures, each
// band's own ages ("trio.any.ages_0-4", ages "0-4").
void describe_stages(const scenario::LifeStages& stages, std::size_t first, RunResults& run) {
  const std::size_t last = run.measures.size();
  for (const io::AgeRange& band : stages.bands)
    for (std::size_t m = first; m < last; ++m) {
      MeasureRecord measure = run.measures[m];
      measure.id += ".ages_" + to_string(band);
      measure.ages = to_string(band);
      run.measures.push_back(std::move(measure));
    }
}

void describe_overlap(const scenario::OverlapSpec& overlap, RunResults& run) {
  run.groups.push_back({overlap.id, overlap.label, true, overlap.condition_labels, 0.0});
  const int k = static_cast<int>(overlap.condition_ids.size());
  const models::CellSet all_k = models::only_cell((1u << k) - 1);
  const std::string source = derived_source(overlap);
  const std::string uncertainty =
      derived_uncertainty(overlap) + other_ages_text(overlap.figure_ages, overlap.ages, overlap.applies_to_other_ages);
  const std::size_t first = run.measures.size();
  for (const scenario::NamedRegion& region : scenario::reported_regions(overlap)) {
    MeasureRecord measure{overlap.id + "." + region.id_suffix, region.label,
                          fmt::format("living with {}", region.label), overlap.id, models::cell_count(k), region.cells,
                          // A single cell other than "all K" belongs in the overlap block.
                          std::popcount(region.cells) == 1 && region.cells != all_k, source, uncertainty,
                          to_string(overlap.ages), to_string(overlap.sex), overlap.year};
    for (const scenario::OverlapFigureSpec& figure : overlap.figures)
      if (figure.cells == region.cells) {
        measure.source = figure.source;
        if (!overlap.effective_sample_size)
          measure.uncertainty = describe_uncertainty(figure) +
                                other_ages_text(overlap.figure_ages, overlap.ages, overlap.applies_to_other_ages);
      }
    run.measures.push_back(std::move(measure));
  }
  describe_stages(overlap.stages, first, run);
}

void describe_measure(const scenario::MeasureSpec& spec, RunResults& run) {
  run.groups.push_back({spec.id, spec.label, false, {}, 0.0});
  const std::string uncertainty = spec.population_only
                                      ? "a head-count: everyone in the ages, no rate"
                                      : describe_uncertainty(spec.figure, spec.per_area) +
                                            other_ages_text(spec.figure_ages, spec.ages, spec.applies_to_other_ages);
  const std::size_t first = run.measures.size();
  run.measures.push_back({spec.id, spec.label, spec.phrase.empty() ? spec.label : spec.phrase, spec.id, 2,
                          models::only_cell(1), false, spec.source, uncertainty, to_string(spec.ages),
                          to_string(spec.sex), spec.year});
  describe_stages(spec.stages, first, run);
}

}  // namespace

std::vector<InputFileRecord> run_inputs(const scenario::Scenario& scenario) {
  std::vector<InputFileRecord> inputs{{scenario.path, io::file_sha256(scenario.path)}};
  for (const std::string& file : scenario.population_files) inputs.push_back({file, io::file_sha256(file)});
  for (const scenario::AreaFiguresSpec& table : scenario.area_figures) {
    inputs.push_back({table.file, io::file_sha256(table.file)});
    if (!table.names_to_codes.empty()) inputs.push_back({table.names_to_codes, io::file_sha256(table.names_to_codes)});
  }
  return inputs;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(now));
}

RunResults describe_run(const scenario::Scenario& scenario, const scenario::ScenarioPlan& planned,
                        const montecarlo::RunSettings& settings, const RunProvenance& provenance) {
  RunResults run;
  run.title = scenario.title;
  run.description = scenario.description;
  run.engine_version = version::engine_version();
  run.git_commit = version::git_commit();
  run.created = utc_now();
  run.command_line = provenance.command_line;
  run.shard = provenance.shard;
  run.seed = settings.seed;
  run.draws = settings.draws;
  run.mode = settings.mode;
  run.levels = settings.intervals;
  run.threads = provenance.threads;
  run.population_relative_error = planned.plan.population_relative_error;
  run.draws_kept = provenance.keep_draws;
  run.scenario_text = scenario.text;
  run.inputs = run_inputs(scenario);

  const std::size_t n_areas = planned.plan.areas.size();
  for (const std::size_t row : planned.row_order) {
    if (row < n_areas) {
      run.areas.push_back({planned.plan.areas[row].code, planned.area_names[row], planned.area_years.at(row), {}});
      run.areas.back().note = planned.area_notes.at(row);
      continue;
    }
    const scenario::TotalRow& total = planned.totals.at(row - n_areas);
    AreaRecord record{total.code, total.name, total.year, {}};
    for (std::size_t member : total.members) record.members.push_back(planned.plan.areas[member].code);
    run.areas.push_back(std::move(record));
  }
  for (const scenario::ScenarioGroup& group : scenario::scenario_groups(scenario)) {
    if (group.overlap)
      describe_overlap(*group.overlap, run);
    else
      describe_measure(*group.measure, run);
  }
  return run;
}

void add_figures(RunResults& run, const scenario::ScenarioPlan& planned, const montecarlo::MonteCarloResults& results) {
  const montecarlo::Plan& plan = planned.plan;
  const std::size_t n_rows = planned.row_order.size(), n_measures = plan.n_outputs(), n_levels = run.levels.size();
  const std::size_t n = n_rows * n_measures;
  run.denominator.resize(n);
  run.mean.resize(n);
  run.median.resize(n);
  run.mcse.resize(n);
  run.lower.resize(n * n_levels);
  run.upper.resize(n * n_levels);
  // A row's denominator for each group and band (-1: the whole): an area's
  // own, a total's its members'.
  auto denominator = [&](std::size_t row, std::size_t g, int band) {
    if (row < plan.areas.size()) return plan.denominator(row, g, band);
    double sum = 0.0;
    for (std::size_t member : plan.totals[row - plan.areas.size()].members) sum += plan.denominator(member, g, band);
    return sum;
  };
  for (std::size_t a = 0; a < n_rows; ++a) {
    const std::size_t row = planned.row_order[a];
    for (std::size_t g = 0, m = 0; g < plan.groups.size(); ++g)
      for (std::size_t k = 0; k < plan.groups[g].n_reported(); ++k, ++m) {
        const std::size_t i = run.index(a, m);
        const summary::Summary& s = results.at(row, m);
        run.denominator[i] = denominator(row, g, static_cast<int>(k / plan.groups[g].outputs.size()) - 1);
        run.mean[i] = s.mean;
        run.median[i] = s.median;
        run.mcse[i] = s.mcse;
        for (std::size_t l = 0; l < n_levels; ++l) {
          const montecarlo::IntervalEnds ends = results.bounds(row, m, l);
          run.lower[i * n_levels + l] = ends.lower;
          run.upper[i * n_levels + l] = ends.upper;
        }
      }
  }
  run.shares = results.shares;
  for (std::size_t g = 0; g < run.groups.size(); ++g) run.groups[g].moved_share = results.moved_share[g];
  // Reconciled figures, published beside fitted, in the record's row order.
  for (std::size_t a = 0; a < n_rows; ++a) {
    const std::size_t row = planned.row_order[a];
    if (row >= plan.areas.size()) continue;
    for (const scenario::ReconciledOutput& figure : planned.reconciled.at(row)) {
      if (run.published.empty()) {
        run.published.assign(n, std::numeric_limits<double>::quiet_NaN());
        run.fitted.assign(n, std::numeric_limits<double>::quiet_NaN());
      }
      run.published[run.index(a, figure.output)] = figure.published;
      run.fitted[run.index(a, figure.output)] = figure.fitted;
    }
  }
}

}  // namespace prevalence::results
