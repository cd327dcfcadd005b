#include "engine/publish/table_selection.hpp"

#include "engine/error/input_error.hpp"
#include "engine/summary/summary.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace prevalence::publish {
namespace {

[[noreturn]] void fail(const results::RunResults& results, const std::string& problem) {
  throw error::InputError({results.path, 0, 0}, problem);
}

// Coverages typed on a command line ("0.998") and stored as doubles are the
// same level when they agree far beyond any printed precision.
std::optional<std::size_t> stored_level(const results::RunResults& results, double level) {
  for (std::size_t l = 0; l < results.levels.size(); ++l)
    if (std::abs(results.levels[l] - level) < 1e-12) return l;
  return std::nullopt;
}

std::vector<std::size_t> chosen_areas(const results::RunResults& results, const std::vector<std::string>& codes) {
  std::vector<std::size_t> chosen;
  if (codes.empty()) {
    for (std::size_t a = 0; a < results.areas.size(); ++a) chosen.push_back(a);
    return chosen;
  }
  for (const std::string& code : codes) {
    // Every row of the area: one per year in a run over several years.
    const std::size_t before = chosen.size();
    for (std::size_t a = 0; a < results.areas.size(); ++a)
      if (results.areas[a].code == code) chosen.push_back(a);
    if (chosen.size() == before)
      fail(results, fmt::format("no area \"{}\" in this run ({} areas, from {} to {})", code, results.areas.size(),
                                results.areas.front().code, results.areas.back().code));
  }
  return chosen;
}

std::vector<std::size_t> chosen_measures(const results::RunResults& results, const std::vector<std::string>& ids) {
  std::vector<std::size_t> chosen;
  const auto add = [&](std::size_t m) {
    if (std::find(chosen.begin(), chosen.end(), m) == chosen.end()) chosen.push_back(m);
  };
  if (ids.empty()) {
    for (std::size_t m = 0; m < results.measures.size(); ++m) add(m);
    return chosen;
  }
  for (const std::string& id : ids) {
    bool found = false;
    for (std::size_t m = 0; m < results.measures.size(); ++m)
      if (results.measures[m].id == id || results.measures[m].group == id) {
        add(m);
        found = true;
      }
    if (!found) {
      std::vector<std::string> known;
      for (const results::MeasureRecord& measure : results.measures) known.push_back(measure.id);
      fail(results, fmt::format("no measure or group \"{}\" in this run (measures: {})", id, fmt::join(known, ", ")));
    }
  }
  return chosen;
}

}  // namespace

TableInput select_table(const results::RunResults& results, const TableSelection& selection) {
  TableInput table;
  table.title = results.title;
  table.description = results.description;
  table.mode = to_string(results.mode);
  table.headline = results.headline;
  table.draws = results.draws;
  table.seed = results.seed;
  table.results_file = results.path;
  table.levels = selection.levels.empty() ? results.levels : selection.levels;

  const std::vector<std::size_t> areas = chosen_areas(results, selection.areas);
  const std::vector<std::size_t> measures = chosen_measures(results, selection.measures);

  // Each level from the stored quantiles, or else from the kept draws.
  std::vector<std::optional<std::size_t>> stored;
  bool from_draws = false;
  for (double level : table.levels) {
    if (!(level > 0.0 && level < 1.0))
      fail(results, fmt::format("interval {} is not a coverage between 0 and 1", level));
    stored.push_back(stored_level(results, level));
    if (!stored.back()) {
      if (!results.draws_kept)
        fail(results, fmt::format("the run stored intervals at {} only, not {}, and kept no draws to compute it from "
                                  "(run again with --interval {} or with --keep-draws)",
                                  fmt::join(results.levels, ", "), level, level));
      from_draws = true;
    }
  }
  std::optional<results::KeptDrawsReader> kept;
  if (from_draws) kept.emplace(results);

  for (std::size_t a : areas) table.areas.push_back(results.areas[a]);
  for (std::size_t m : measures) {
    table.measures.push_back(results.measures[m]);
    table.assumed_notes.push_back(results::assumed_share_text(results, m));
  }
  const std::size_t n_levels = results.levels.size(), draws = static_cast<std::size_t>(results.draws);
  std::vector<double> area_draws, scratch(from_draws ? draws : 0);
  for (std::size_t a : areas) {
    if (kept) area_draws = kept->area(a);
    for (std::size_t m : measures) {
      const std::size_t i = results.index(a, m);
      TableFigure figure;
      figure.denominator = results.denominator[i];
      figure.mean = results.mean[i];
      figure.median = results.median[i];
      figure.known = results.is_known(a, m);
      if (!results.assumed_share.empty()) figure.assumed_share = results.assumed_share[i];
      figure.sd = results.mcse[i] * std::sqrt(static_cast<double>(results.draws));
      if (results.reconciled(a, m)) {
        figure.published = results.published[i];
        figure.fitted = results.fitted[i];
      }
      for (std::size_t k = 0; k < table.levels.size(); ++k) {
        if (stored[k]) {
          figure.intervals.push_back(
              {results.lower[i * n_levels + *stored[k]], results.upper[i * n_levels + *stored[k]]});
          continue;
        }
        const double level = table.levels[k];
        std::copy_n(area_draws.begin() + static_cast<std::ptrdiff_t>(m * draws), draws, scratch.begin());
        figure.intervals.push_back({summary::quantile_in_place(scratch, (1.0 - level) / 2.0),
                                    summary::quantile_in_place(scratch, (1.0 + level) / 2.0)});
      }
      table.figures.push_back(std::move(figure));
    }
  }
  return table;
}

}  // namespace prevalence::publish
