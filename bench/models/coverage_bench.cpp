// The coverage study at more truths and sample sizes than its test
// (tests/engine/montecarlo/coverage_test.cpp): each benchmark's counters are
// the coverage of nominal 95 % intervals for every kind of figure, over
// 10,000 surveys. docs/coverage.md holds the table. Slow (seconds a case):
// CI's smoke run leaves it out, as it does the reference workload.

#include "tests/support/coverage_study.hpp"

#include <benchmark/benchmark.h>

namespace prevalence::test {
namespace {

// Arguments: the truth in thousandths, and the survey's n.
void BM_CoverageStudy(benchmark::State& state) {
  CoverageStudy study;
  study.truth = static_cast<double>(state.range(0)) / 1000.0;
  study.sample_size = static_cast<int>(state.range(1));
  study.surveys = 10000;
  for (auto _ : state) {
    int refused = 0;
    state.counters["count_of"] = rate_coverage(study, FigureKind::count_of);
    state.counters["interval"] = rate_coverage(study, FigureKind::published_interval, &refused);
    state.counters["refused"] = refused;  // surveys of x = 0: a value of 0 takes no interval or precision
    state.counters["assumed"] = rate_coverage(study, FigureKind::assumed_precision);
    // An overlap whose rarest cell has the truth's probability.
    const double rare = study.truth / 2;
    const std::vector<double> cells = cell_coverage(study, {1.0 - 3 * rare, rare, rare, rare});
    state.counters["cell_rare"] = cells[3];
    state.counters["cell_common"] = cells[0];
  }
}
BENCHMARK(BM_CoverageStudy)
    ->ArgsProduct({{10, 50, 120, 300}, {200, 1500, 8000}})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace prevalence::test
