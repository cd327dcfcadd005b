// Cost of summarising one output's draws (mean, mcse, three exact
// quantiles): in expected mode this is most of the Monte Carlo's time.

#include "engine/summary/summary.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace prevalence {
namespace {

// Draws shaped like an expected count: a population times a rate, both
// uncertain.
std::vector<double> expected_counts(std::size_t n) {
  std::mt19937_64 random(11);
  std::lognormal_distribution<double> scale(0.0, 0.03);
  std::gamma_distribution<double> rate(150.0, 1.0 / 20000.0);
  std::vector<double> values(n);
  for (double& v : values) v = 450.0 * scale(random) * rate(random);
  return values;
}

void BM_Summarise(benchmark::State& state) {
  const std::vector<double> values = expected_counts(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(summary::summarise(values, 0.95));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Summarise)->Arg(2000)->Arg(100000);

// Realised counts: whole numbers over a small range.
void BM_SummariseCounts(benchmark::State& state) {
  std::mt19937_64 random(12);
  std::binomial_distribution<std::int64_t> count(450, 0.2);
  std::vector<std::int64_t> values(static_cast<std::size_t>(state.range(0)));
  for (std::int64_t& v : values) v = count(random);
  for (auto _ : state) benchmark::DoNotOptimize(summary::summarise_counts(values, 0.95));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SummariseCounts)->Arg(2000)->Arg(100000);

}  // namespace
}  // namespace prevalence
