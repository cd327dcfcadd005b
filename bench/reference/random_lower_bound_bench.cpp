// The floor under the reference workload (bench/README.md): the cost of
// making only the random numbers it needs, with the generator and the
// distributions the engine uses, and nothing else (no counts, no
// summaries). The engine's time on the workload is compared with
//   (D x BM_LowerBound_PerDraw + A x D x BM_LowerBound_PerAreaDraw) / cores.

#include "engine/montecarlo/multinomial_chain.hpp"
#include "engine/random/binomial_sampler.hpp"
#include "engine/random/stream.hpp"
#include "models/rate/rate_distribution.hpp"

#include <benchmark/benchmark.h>
#include <boost/random/gamma_distribution.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace prevalence {
namespace {

constexpr std::array<double, 8> kPi0 = {0.802, 0.02804, 0.0918, 0.0282, 0.01504, 0.00496, 0.0182, 0.0118};
constexpr int kAreas = 317;  // the la size's areas, cycled, so head-counts have the workload's mix

// Children aged 0-17 and the share aged 10-17 of workload area a.
double children(int a) { return 250 + (static_cast<long long>(a) * 7919) % 400; }
double older_share(int a) { return 0.40 + static_cast<double>((static_cast<long long>(a) * 104729) % 100) / 1000.0; }

// Once per draw, shared by all areas: the Dirichlet table as 8 gammas, and
// the three Beta rates by inversion of one uniform each.
void BM_LowerBound_PerDraw(benchmark::State& state) {
  const models::RateDistribution rates[] = {models::RateDistribution::beta({152, 19848}),
                                            models::RateDistribution::beta({45, 4955}),
                                            models::RateDistribution::beta({26, 19974})};
  const random::RandomStream::Key table_key = random::RandomStream::key(1, random::stream_id("table", "trio"));
  std::uint32_t draw = 0;
  for (auto _ : state) {
    random::RandomStream random(table_key, draw, 0);
    double total = 0.0;
    for (double p : kPi0) total += boost::random::gamma_distribution<double>(2000.0 * p)(random);
    benchmark::DoNotOptimize(total);
    for (std::size_t r = 0; r < 3; ++r) {
      random::RandomStream figure(1, random::stream_id("rate", "r"), draw, r);
      benchmark::DoNotOptimize(rates[r].quantile(figure.uniform01()));
    }
    ++draw;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LowerBound_PerDraw);

// Once per area and draw. Expected mode (realised 0): the log-normal
// head-count multiplier, from the area's one stream. Realised mode
// (realised 1): also the multinomial of the 8 cells and the three binomials,
// each from its own stream for the draw, with every draw's chain prepared
// beforehand, as the engine does.
void BM_LowerBound_PerAreaDraw(benchmark::State& state) {
  const bool realised = state.range(0) == 1;
  constexpr std::size_t kDraws = 1024;
  std::vector<double> tables;
  for (std::size_t d = 0; d < kDraws; ++d) tables.insert(tables.end(), kPi0.begin(), kPi0.end());
  const montecarlo::MultinomialChain chain(tables, kPi0.size());
  const random::BinomialSampler looked_after(152.0 / 20000.0), youth_justice(45.0 / 5000.0), homeless(26.0 / 20000.0);
  const random::RandomStream::Key sample_keys[] = {
      random::RandomStream::key(1, random::stream_id("sample", "trio")),
      random::RandomStream::key(1, random::stream_id("sample", "looked_after")),
      random::RandomStream::key(1, random::stream_id("sample", "youth_justice")),
      random::RandomStream::key(1, random::stream_id("sample", "homelessness_risk"))};
  std::array<std::int64_t, 8> cells{};
  int area = 0;
  std::uint32_t draw = 0;
  random::RandomStream population(random::RandomStream::key(1, random::stream_id("population", "")), 0, 0);
  for (auto _ : state) {
    const double scale = std::exp(0.03 * population.normal());
    benchmark::DoNotOptimize(scale);
    if (realised) {
      const auto n = std::llround(children(area) * scale);
      const auto older = std::llround(children(area) * older_share(area) * scale);
      random::RandomStream trio(sample_keys[0], draw, static_cast<std::uint64_t>(area));
      chain.draw(draw % kDraws, n, trio, cells);
      random::RandomStream lac(sample_keys[1], draw, static_cast<std::uint64_t>(area));
      random::RandomStream yj(sample_keys[2], draw, static_cast<std::uint64_t>(area));
      random::RandomStream hl(sample_keys[3], draw, static_cast<std::uint64_t>(area));
      benchmark::DoNotOptimize(cells);
      benchmark::DoNotOptimize(looked_after(n, lac) + youth_justice(older, yj) + homeless(n, hl));
    }
    if (++area == kAreas) {
      area = 0;
      ++draw;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(realised ? "realised" : "expected");
}
BENCHMARK(BM_LowerBound_PerAreaDraw)->ArgName("realised")->Arg(0)->Arg(1);

}  // namespace
}  // namespace prevalence
