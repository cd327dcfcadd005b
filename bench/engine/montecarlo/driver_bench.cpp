// The Monte Carlo driver on the bundled Leeds scenario (1 area: the toxic
// trio overlap and 3 single-rate measures), and on the same measures over every English local authority. Setup (scenario
// and population loading) is outside the timed loop.

#include "engine/io/population_table.hpp"
#include "engine/montecarlo/driver.hpp"
#include "engine/montecarlo/parallel_for.hpp"
#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/scenario.hpp"

#include <benchmark/benchmark.h>

namespace prevalence {
namespace {

const scenario::Scenario& leeds_scenario() {
  static const scenario::Scenario scenario = scenario::load_scenario(PREVALENCE_SOURCE_DIR "/config/leeds-2020.toml");
  return scenario;
}

const io::PopulationTable& population() {
  static const io::PopulationTable table = io::PopulationTable::load(leeds_scenario().population_files);
  return table;
}

void run(benchmark::State& state, const montecarlo::Plan& plan, montecarlo::Mode mode) {
  montecarlo::RunSettings settings = leeds_scenario().run;
  settings.draws = state.range(0);
  settings.mode = mode;
  for (auto _ : state)
    benchmark::DoNotOptimize(montecarlo::run_monte_carlo(plan, settings, montecarlo::default_thread_count()));
  // Area-draws per second, so sizes compare.
  state.SetItemsProcessed(state.iterations() * settings.draws * static_cast<std::int64_t>(plan.areas.size()));
  state.counters["threads"] = montecarlo::default_thread_count();
}

void BM_MonteCarlo_Leeds(benchmark::State& state, montecarlo::Mode mode) {
  const montecarlo::Plan plan = scenario::build_plan(leeds_scenario(), population()).plan;
  run(state, plan, mode);
}
BENCHMARK_CAPTURE(BM_MonteCarlo_Leeds, expected, montecarlo::Mode::expected)
    ->Arg(20000)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MonteCarlo_Leeds, realised, montecarlo::Mode::realised)
    ->Arg(20000)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_MonteCarlo_EveryLocalAuthority(benchmark::State& state, montecarlo::Mode mode) {
  scenario::Scenario scenario = leeds_scenario();
  scenario.all_areas = true;
  scenario.area_codes.clear();
  // Area codes change between years: put every measure on one year.
  for (scenario::MeasureSpec& measure : scenario.measures) measure.year = scenario.population_year;
  for (scenario::OverlapSpec& overlap : scenario.overlaps) overlap.year = scenario.population_year;
  const montecarlo::Plan plan = scenario::build_plan(scenario, population()).plan;
  run(state, plan, mode);
}
BENCHMARK_CAPTURE(BM_MonteCarlo_EveryLocalAuthority, expected, montecarlo::Mode::expected)
    ->Arg(2000)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MonteCarlo_EveryLocalAuthority, realised, montecarlo::Mode::realised)
    ->Arg(2000)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace prevalence
