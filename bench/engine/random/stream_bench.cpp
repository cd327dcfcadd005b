// Cost of the counter-based random numbers everything else is built on.

#include "engine/random/stream.hpp"

#include <benchmark/benchmark.h>

namespace prevalence {
namespace {

using random::RandomStream;

void BM_RandomStream_Uniform01(benchmark::State& state) {
  RandomStream random(42, 7, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(random.uniform01());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStream_Uniform01);

void BM_RandomStream_Normal(benchmark::State& state) {
  RandomStream random(42, 7, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(random.normal());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStream_Normal);

// A fresh stream per (draw, area), as the Monte Carlo driver makes them.
void BM_RandomStream_KeyedUniform(benchmark::State& state) {
  std::uint32_t draw = 0;
  for (auto _ : state) {
    RandomStream random(42, 7, draw++, 12345);
    benchmark::DoNotOptimize(random.uniform01());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RandomStream_KeyedUniform);

}  // namespace
}  // namespace prevalence
