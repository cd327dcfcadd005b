// Cost of one rate draw by inversion (Boost's ibeta_inv): paid once per
// measure and draw, shared by every area.

#include "models/rate/rate_distribution.hpp"

#include <benchmark/benchmark.h>

namespace prevalence {
namespace {

using models::BetaShape;
using models::RateDistribution;

void BM_RateDistribution_BetaQuantile(benchmark::State& state) {
  // Shapes of the Leeds "all three" figure: 1.186 % with effective n 2,000.
  const RateDistribution rate = RateDistribution::beta(BetaShape{23.7, 1976.3});
  double u = 0.0;
  for (auto _ : state) {
    u += 0.6180339887498949;  // golden-ratio steps cover (0, 1) evenly
    if (u >= 1.0) u -= 1.0;
    benchmark::DoNotOptimize(rate.quantile(u));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RateDistribution_BetaQuantile);

}  // namespace
}  // namespace prevalence
