// The reference workload trio-reference v1 (bench/README.md), built as a plan
// in memory: the same problem as bench/reference/{la,lsoa}.toml without the
// file reading, so the numbers are the Monte Carlo core's own. Sizes and
// inputs are fixed by the workload and must not change.

#include "engine/montecarlo/driver.hpp"
#include "engine/montecarlo/parallel_for.hpp"
#include "engine/montecarlo/plan.hpp"
#include "models/overlap/cell_set.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <array>
#include <string>

namespace prevalence {
namespace {

struct Size {
  const char* name;
  int areas;
  int draws;
};
constexpr Size kSizes[] = {{"la", 317, 100000}, {"lsoa", 33755, 2000}};

montecarlo::Plan reference_plan(int n_areas) {
  montecarlo::Plan plan;
  plan.population_relative_error = 0.03;

  // Joint table of (DV, MH, SM), cell index bit 0 DV, bit 1 MH, bit 2 SM:
  // Dirichlet(2000 x pi0).
  montecarlo::PlannedGroup trio;
  trio.id = "trio";
  trio.n_conditions = 3;
  const std::array<double, 8> pi0 = {0.802, 0.02804, 0.0918, 0.0282, 0.01504, 0.00496, 0.0182, 0.0118};
  for (double p : pi0) trio.dirichlet_alpha.push_back(2000.0 * p);
  using models::cells_with_all_of, models::only_cell;
  const std::pair<const char*, models::CellSet> outputs[] = {{"dv", cells_with_all_of(3, 1)},
                                                             {"mh", cells_with_all_of(3, 2)},
                                                             {"sm", cells_with_all_of(3, 4)},
                                                             {"any", models::cells_with_any_of(3, 7)},
                                                             {"two_or_more", models::cells_with_at_least(3, 2)},
                                                             {"all_three", only_cell(7)},
                                                             {"dv_only", only_cell(1)},
                                                             {"mh_only", only_cell(2)},
                                                             {"sm_only", only_cell(4)},
                                                             {"dv_mh_only", only_cell(3)},
                                                             {"dv_sm_only", only_cell(5)},
                                                             {"mh_sm_only", only_cell(6)},
                                                             {"none", only_cell(0)}};
  for (const auto& [id, cells] : outputs) trio.outputs.push_back(cells);
  plan.groups.push_back(std::move(trio));

  auto beta = [](double a, double b) { return models::RateDistribution::beta({a, b}); };
  plan.groups.push_back(montecarlo::single_rate_group("looked_after", beta(152, 19848)));
  plan.groups.push_back(montecarlo::single_rate_group("youth_justice", beta(45, 4955)));
  plan.groups.push_back(montecarlo::single_rate_group("homelessness_risk", beta(26, 19974)));

  for (int a = 0; a < n_areas; ++a) {
    const double n = 250 + (static_cast<long long>(a) * 7919) % 400;
    const double f = 0.40 + static_cast<double>((static_cast<long long>(a) * 104729) % 100) / 1000.0;
    plan.areas.push_back({fmt::format("R{:08d}", a), {n, n, f * n, n}});
  }
  return plan;
}

// Args: size index (0 la, 1 lsoa), mode (0 expected, 1 realised).
void BM_ReferenceWorkload(benchmark::State& state) {
  const Size& size = kSizes[state.range(0)];
  const montecarlo::Plan plan = reference_plan(size.areas);
  montecarlo::RunSettings settings;
  settings.draws = size.draws;
  settings.seed = 1;
  settings.mode = state.range(1) == 0 ? montecarlo::Mode::expected : montecarlo::Mode::realised;
  settings.intervals = {0.95};
  const unsigned threads = montecarlo::default_thread_count();
  for (auto _ : state) benchmark::DoNotOptimize(montecarlo::run_monte_carlo(plan, settings, threads));
  // Area-draws per second, the workload's unit.
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(size.areas) * size.draws);
  state.counters["threads"] = threads;
  state.SetLabel(fmt::format("{} {}", size.name, state.range(1) == 0 ? "expected" : "realised"));
}
BENCHMARK(BM_ReferenceWorkload)
    ->ArgsProduct({{0, 1}, {0, 1}})
    ->ArgNames({"size", "realised"})
    ->UseRealTime()
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

// Scaling: the same problem at other sizes. Args: areas, draws, mode (0
// expected, 1 realised). Time should grow linearly in areas x draws.
void BM_ReferenceScaling(benchmark::State& state) {
  const montecarlo::Plan plan = reference_plan(static_cast<int>(state.range(0)));
  montecarlo::RunSettings settings;
  settings.draws = state.range(1);
  settings.seed = 1;
  settings.mode = state.range(2) == 0 ? montecarlo::Mode::expected : montecarlo::Mode::realised;
  settings.intervals = {0.95};
  const unsigned threads = montecarlo::default_thread_count();
  for (auto _ : state) benchmark::DoNotOptimize(montecarlo::run_monte_carlo(plan, settings, threads));
  state.SetItemsProcessed(state.iterations() * state.range(0) * state.range(1));
  state.counters["threads"] = threads;
}
// In areas at the la size's draws / 10, and in draws at the la size's areas.
BENCHMARK(BM_ReferenceScaling)
    ->ArgsProduct({{317, 1268, 5072, 20288}, {10000}, {0, 1}})
    ->ArgsProduct({{317}, {12500, 25000, 50000, 100000}, {0, 1}})
    ->ArgNames({"areas", "draws", "realised"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace prevalence
