// Cost of a quantile at a normal score, F^-1(Phi(z)): the table lookup made
// per area, cell and draw once draws are coupled through normal scores,
// against an exact inversion per call, and the one-off cost of a table.

#include "models/rate/normal_score_quantile.hpp"

#include <benchmark/benchmark.h>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

namespace prevalence {
namespace {

using models::NormalScoreQuantile;

// As in RateDistribution::quantile: double precision throughout.
using FastPolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

// Normal scores spread as draws are: Phi^-1 of golden-ratio steps through
// (0, 1). 4,096 of them (32 KB) repeat, so that the cost of making them stays
// out of the loop.
const std::vector<double>& normal_scores() {
  static const std::vector<double> scores = [] {
    std::vector<double> z(4096);
    double u = 0.5;
    for (double& score : z) {
      u += 0.6180339887498949;
      if (u >= 1.0) u -= 1.0;
      score = -std::sqrt(2.0) * boost::math::erfc_inv(2.0 * u, FastPolicy());
    }
    return z;
  }();
  return scores;
}

// Shapes of the Leeds "all three" figure: 1.186 % with effective n 2,000.
constexpr double kAlpha = 23.7;
constexpr double kBeta = 1976.3;

void BM_NormalScoreQuantile_Beta(benchmark::State& state) {
  const NormalScoreQuantile quantile = NormalScoreQuantile::beta(kAlpha, kBeta);
  const std::vector<double>& z = normal_scores();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(quantile(z[i++ & 4095]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalScoreQuantile_Beta);

void BM_NormalScoreQuantile_Gamma(benchmark::State& state) {
  const NormalScoreQuantile quantile = NormalScoreQuantile::gamma(5.0);
  const std::vector<double>& z = normal_scores();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(quantile(z[i++ & 4095]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalScoreQuantile_Gamma);

// One draw's worth of Dirichlet cells: 151 areas x 8 cells, a table each
// (7.9 MB of tables, beyond L2), visited in turn as a draw visits them.
void BM_NormalScoreQuantile_ManyTables(benchmark::State& state) {
  static const std::vector<NormalScoreQuantile> tables = [] {
    std::vector<NormalScoreQuantile> built;
    for (int k = 0; k < 151 * 8; ++k) built.push_back(NormalScoreQuantile::gamma(0.5 * std::pow(1e4, k / 1207.0)));
    return built;
  }();
  const std::vector<double>& z = normal_scores();
  std::size_t i = 0;
  std::size_t table = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tables[table](z[i++ & 4095]));
    if (++table == tables.size()) table = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalScoreQuantile_ManyTables);

// The alternative per call: Boost's inverse at Phi(z), the upper tail's own
// inverse for z > 0.
void BM_BoostBetaQuantileAtNormalScore(benchmark::State& state) {
  const std::vector<double>& z = normal_scores();
  std::size_t i = 0;
  for (auto _ : state) {
    const double score = z[i++ & 4095];
    const double tail = 0.5 * boost::math::erfc(std::fabs(score) / std::sqrt(2.0), FastPolicy());
    benchmark::DoNotOptimize(score > 0.0 ? boost::math::ibetac_inv(kAlpha, kBeta, tail, FastPolicy())
                                         : boost::math::ibeta_inv(kAlpha, kBeta, tail, FastPolicy()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BoostBetaQuantileAtNormalScore);

// The table's own exact path (beyond |z| = 8.5), Newton's method from the
// interpolated value.
void BM_NormalScoreQuantile_BetaExact(benchmark::State& state) {
  const NormalScoreQuantile quantile = NormalScoreQuantile::beta(kAlpha, kBeta);
  const std::vector<double>& z = normal_scores();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(quantile.exact(z[i++ & 4095]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalScoreQuantile_BetaExact);

struct BuildCase {
  const char* label;
  bool beta;
  double a;
  double b;
};
const BuildCase kBuildCases[] = {
    {"Beta(0.5, 0.5)", true, 0.5, 0.5},
    {"Beta(23.7, 1976.3)", true, kAlpha, kBeta},
    {"Beta(0.5, 1e6 + 0.5)", true, 0.5, 1e6 + 0.5},
    {"Beta(1e6, 1e6)", true, 1e6, 1e6},
    {"Gamma(0.5)", false, 0.5, 0.0},
    {"Gamma(50)", false, 50.0, 0.0},
    {"Gamma(5000)", false, 5000.0, 0.0},
    {"Gamma(1e6)", false, 1e6, 0.0},
};

void BM_NormalScoreQuantile_Build(benchmark::State& state) {
  const BuildCase& c = kBuildCases[state.range(0)];
  for (auto _ : state)
    benchmark::DoNotOptimize(c.beta ? NormalScoreQuantile::beta(c.a, c.b) : NormalScoreQuantile::gamma(c.a));
  state.SetLabel(c.label);
}
BENCHMARK(BM_NormalScoreQuantile_Build)->DenseRange(0, 7)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace prevalence
