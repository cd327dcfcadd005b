#pragma once
// A small run's record made in memory, with every field set to something
// distinct, for tests of what reads, writes and merges records: two areas,
// an overlap of two conditions (three measures) and a single measure, two
// interval levels and three draws.

#include "engine/results/run_results.hpp"

#include <string>
#include <vector>

namespace prevalence::test {

inline results::RunResults small_run(const std::vector<std::string>& area_codes = {"E00000001", "E00000002"}) {
  results::RunResults run;
  run.title = "Small";
  run.description = "Two areas, é and a, b.";
  run.engine_version = "9.9.9";
  run.git_commit = "0123456789abcdef0123456789abcdef01234567";
  run.created = "2026-12-07T10:00:00Z";
  run.command_line = "prevalence run small.toml";
  run.seed = 17;
  run.draws = 3;
  run.mode = montecarlo::Mode::realised;
  run.levels = {0.95, 0.5};
  run.threads = 2;
  run.population_relative_error = 0.02;
  run.scenario_text = "title = \"Small\"\n";
  run.inputs = {{"small.toml", std::string(64, 'a')}, {"population.csv", std::string(64, 'b')}};
  for (std::size_t a = 0; a < area_codes.size(); ++a)
    run.areas.push_back({area_codes[a], "Area, " + std::to_string(a + 1)});
  run.groups = {{"pair", "the pair", true, {"first condition", "second condition"}, 0.25},
                {"single", "a single measure", false, {}, 0.0}};
  run.measures = {
      {"pair.a", "a", "living with a", "pair", 4, 0b1010, false, "source a", "unc a", "0-17", "all", 2019},
      {"pair.a_only", "a only", "living with a only", "pair", 4, 0b0010, true, "derived", "unc", "0-17", "all", 2019},
      {"single", "single", "counted", "single", 2, 0b10, false, "source s", "unc s", "10-17", "female", 2020}};
  const std::size_t n = run.areas.size() * run.measures.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double x = 100.0 * static_cast<double>(i + 1);
    run.denominator.push_back(10 * x);
    run.mean.push_back(x);
    run.median.push_back(x - 1);
    run.mcse.push_back(x / 100);
    for (double spread : {20.0, 5.0}) {
      run.lower.push_back(x - spread);
      run.upper.push_back(x + spread);
    }
  }
  run.shares = {0.1, 0.05, 0.2, 0.11, 0.06, 0.21, 0.12, 0.07, 0.22};
  return run;
}

}  // namespace prevalence::test
