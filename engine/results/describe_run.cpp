#include "engine/results/describe_run.hpp"

#include "engine/io/sha256.hpp"
#include "engine/results/uncertainty_text.hpp"
#include "engine/scenario/scenario_groups.hpp"
#include "engine/text/number_format.hpp"
#include "engine/version/build_info.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
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

// Where an output's figures come from and how uncertain they are, as one
// set of figures (the whole's, or a band's own) states them.
struct Words {
  std::string source, uncertainty;
};

// What a set of age pieces says: the words of the figures they draw, or,
// when they draw different figures, each set's words after its ages
// ("ages 0-9, 16-17: ...; ages 10-15: ...").
template <typename WordsOf>
Words pieces_words(const scenario::LifeStages& stages, const std::vector<std::size_t>& pieces, WordsOf&& words_of) {
  std::vector<std::size_t> figures;  // as first drawn
  for (std::size_t p : pieces) {
    const std::size_t f = stages.piece_figures.empty() ? 0 : stages.piece_figures[p];
    if (std::find(figures.begin(), figures.end(), f) == figures.end()) figures.push_back(f);
  }
  if (figures.size() <= 1) return words_of(figures.empty() ? 0 : figures.front());
  Words out;
  for (std::size_t f : figures) {
    std::vector<std::size_t> drawn;
    for (std::size_t p : pieces)
      if (stages.piece_figures[p] == f) drawn.push_back(p);
    const std::string ages = stages.ages_of(drawn);
    const Words words = words_of(f);
    const char* sep = out.source.empty() ? "" : "; ";
    out.source += fmt::format("{}ages {}: {}", sep, ages, words.source);
    out.uncertainty += fmt::format("{}ages {}: {}", sep, ages, words.uncertainty);
  }
  return out;
}

// The group's records (from `first` on), the whole's, worded for the pieces
// they are made of; then again for each life stage, each band's own ages
// ("trio.any.ages_0-4", ages "0-4"). words_of(record, f) words a record
// drawn with figures f (0: the whole's, i + 1: band_figures[i]).
template <typename WordsOf>
void describe_stages(const scenario::LifeStages& stages, std::size_t first, RunResults& run, WordsOf&& words_of) {
  const std::size_t last = run.measures.size();
  std::vector<std::size_t> all(stages.pieces.size());
  for (std::size_t p = 0; p < all.size(); ++p) all[p] = p;
  for (std::size_t m = first; m < last; ++m) {
    const Words words = pieces_words(stages, all, [&](std::size_t f) { return words_of(run.measures[m], f); });
    run.measures[m].source = words.source;
    run.measures[m].uncertainty = words.uncertainty;
  }
  for (std::size_t b = 0; b < stages.bands.size(); ++b)
    for (std::size_t m = first; m < last; ++m) {
      MeasureRecord measure = run.measures[m];
      measure.id += ".ages_" + to_string(stages.bands[b]);
      measure.ages = to_string(stages.bands[b]);
      const Words words =
          pieces_words(stages, stages.band_pieces[b], [&](std::size_t f) { return words_of(measure, f); });
      measure.source = words.source;
      measure.uncertainty = words.uncertainty;
      run.measures.push_back(std::move(measure));
    }
}

// A region's words as one overlap table states them: the figure published
// on it, or what the table derives.
Words region_words(const scenario::OverlapSpec& table, std::uint64_t cells) {
  const std::string other_ages = other_ages_text(table.figure_ages, table.ages, table.applies_to_other_ages);
  Words words{derived_source(table), derived_uncertainty(table) + other_ages};
  for (const scenario::OverlapFigureSpec& figure : table.figures)
    if (figure.cells == cells) {
      words.source = figure.source;
      if (!table.effective_sample_size) words.uncertainty = describe_uncertainty(figure) + other_ages;
    }
  return words;
}

void describe_overlap(const scenario::OverlapSpec& overlap, RunResults& run) {
  run.groups.push_back({overlap.id, overlap.label, true, overlap.condition_labels, 0.0});
  const int k = static_cast<int>(overlap.condition_ids.size());
  const models::CellSet all_k = models::only_cell((1u << k) - 1);
  const std::size_t first = run.measures.size();
  for (const scenario::NamedRegion& region : scenario::reported_regions(overlap))
    run.measures.push_back({overlap.id + "." + region.id_suffix, region.label,
                            fmt::format("living with {}", region.label), overlap.id, models::cell_count(k),
                            region.cells,
                            // A single cell other than "all K" belongs in the overlap block.
                            std::popcount(region.cells) == 1 && region.cells != all_k, "", "",
                            to_string(overlap.ages), to_string(overlap.sex), overlap.year});
  describe_stages(overlap.stages, first, run, [&](const MeasureRecord& record, std::size_t f) {
    return region_words(f == 0 ? overlap : overlap.band_figures[f - 1], record.cells);
  });
}

// A complete count: known where it was counted, a rate elsewhere.
std::string count_words(const scenario::MeasureSpec& spec) {
  const bool poisson = spec.figure.complete_count == models::CarriedCount::poisson;
  const std::string carried =
      poisson ? "with the Poisson uncertainty of what was counted (Jeffreys Gamma(x + 1/2) / n, close to Garwood's "
                "exact interval); in realised mode, chance variation about x / n"
              : "with no uncertainty (carried = none)";
  const std::string counted =
      spec.counted->area.empty()
          ? fmt::format("each area's own complete count x of n (from area_figures {}) for {}",
                        spec.per_area->count->table, spec.counted->year)
          : fmt::format("a complete count, {} of {}, of {} in {}", text::format_count(spec.figure.count_of->count),
                        text::format_count(spec.figure.count_of->of), spec.counted->area, spec.counted->year);
  return fmt::format("{}: the figure itself there (not an estimate); for other areas or years, its rate {}", counted,
                     carried);
}

Words measure_words(const scenario::MeasureSpec& spec) {
  if (spec.population_only) return {spec.source, "a head-count: everyone in the ages, no rate"};
  if (spec.counted) return {spec.source, count_words(spec)};
  return {spec.source, describe_uncertainty(spec.figure, spec.per_area) +
                           other_ages_text(spec.figure_ages, spec.ages, spec.applies_to_other_ages)};
}

void describe_measure(const scenario::MeasureSpec& spec, RunResults& run) {
  run.groups.push_back({spec.id, spec.label, false, {}, 0.0});
  const std::size_t first = run.measures.size();
  run.measures.push_back({spec.id, spec.label, spec.phrase.empty() ? spec.label : spec.phrase, spec.id, 2,
                          models::only_cell(1), false, "", "", to_string(spec.ages), to_string(spec.sex), spec.year});
  describe_stages(spec.stages, first, run, [&](const MeasureRecord&, std::size_t f) {
    return measure_words(f == 0 ? spec : spec.band_figures[f - 1]);
  });
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
  run.headline = settings.headline;
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
  run.median_mcse.resize(n);
  run.lower_mcse.resize(n * n_levels);
  run.upper_mcse.resize(n * n_levels);
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
        run.median_mcse[i] = s.median_mcse;
        for (std::size_t l = 0; l < n_levels; ++l) {
          const montecarlo::IntervalEnds ends = results.bounds(row, m, l), errors = results.bound_errors(row, m, l);
          run.lower[i * n_levels + l] = ends.lower;
          run.upper[i * n_levels + l] = ends.upper;
          run.lower_mcse[i * n_levels + l] = errors.lower;
          run.upper_mcse[i * n_levels + l] = errors.upper;
        }
      }
  }
  // Complete counts known for their rows; a total is known where all its
  // members are.
  const auto known_in = [&](std::size_t row, std::size_t g) {
    if (row < plan.areas.size()) return plan.areas[row].is_known(g);
    const auto& members = plan.totals[row - plan.areas.size()].members;
    return std::all_of(members.begin(), members.end(), [&](std::size_t a) { return plan.areas[a].is_known(g); });
  };
  if (std::any_of(plan.areas.begin(), plan.areas.end(),
                  [](const montecarlo::PlannedArea& area) { return !area.known.empty(); })) {
    run.known.assign(n, 0);
    for (std::size_t a = 0; a < n_rows; ++a)
      for (std::size_t g = 0, m = 0; g < plan.groups.size(); ++g)
        for (std::size_t k = 0; k < plan.groups[g].n_reported(); ++k, ++m)
          run.known[run.index(a, m)] = known_in(planned.row_order[a], g) ? 1 : 0;
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

void add_assumed_shares(RunResults& run, const scenario::ScenarioPlan& planned,
                        const montecarlo::MonteCarloResults& without, std::int64_t draws) {
  const std::size_t n_rows = planned.row_order.size(), n_measures = run.n_measures();
  const double with_draws = static_cast<double>(run.draws), without_draws = static_cast<double>(draws);
  run.assumed_share.assign(n_rows * n_measures, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t a = 0; a < n_rows; ++a)
    for (std::size_t m = 0; m < n_measures; ++m) {
      const std::size_t i = run.index(a, m);
      // Variances from the Monte Carlo errors of the means: sd^2 = mcse^2 x draws.
      const double with = run.mcse[i] * run.mcse[i] * with_draws;
      const double mcse = without.at(planned.row_order[a], m).mcse;
      const double rest = mcse * mcse * without_draws;
      if (with > 0.0) run.assumed_share[i] = std::clamp(1.0 - rest / with, 0.0, 1.0);
    }
}

}  // namespace prevalence::results
