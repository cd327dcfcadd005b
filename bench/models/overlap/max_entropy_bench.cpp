// Cost of one joint-table fit, paid once per overlap and Monte Carlo draw:
// the maximum-entropy fit of K prevalences and their pairs (warm-started
// from the previous draw, as in the Monte Carlo inner loop, and cold), and
// the JointTableFitter on the Leeds toxic-trio figures. Each iteration fits
// the next of a ring of 64 target vectors that differ slightly, as draws
// do; the ring is built outside the timed loop. items_per_second is fits
// per second.

#include "models/overlap/joint_table_fitter.hpp"
#include "models/overlap/max_entropy.hpp"

#include <benchmark/benchmark.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace prevalence {
namespace {

using models::cell_count;
using models::cells_with_all_of;
using models::cells_with_any_of;
using models::CellSet;
using models::JointTableFitter;
using models::JointTableSpec;
using models::MaxEntropySolver;
using models::sum_over;

constexpr std::size_t kRing = 64;

// Each condition's prevalence, then each pair's joint prevalence.
std::vector<CellSet> marginal_and_pair_sets(int k) {
  std::vector<CellSet> sets;
  for (int i = 0; i < k; ++i) sets.push_back(cells_with_all_of(k, 1u << i));
  for (int i = 0; i < k; ++i)
    for (int j = i + 1; j < k; ++j) sets.push_back(cells_with_all_of(k, (1u << i) | (1u << j)));
  return sets;
}

// Targets from log-linear tables with main effects and two-way terms: a
// fixed random table, then each ring entry with every term moved by
// N(0, 0.05), so every target vector is coherent and near the last.
std::vector<std::vector<double>> target_ring(int k, const std::vector<CellSet>& sets) {
  std::mt19937 rng(20240601u + static_cast<unsigned>(k));
  std::uniform_real_distribution<double> main_effect(-3.0, -1.0), interaction(-1.0, 1.0);
  std::normal_distribution<double> jitter(0.0, 0.05);
  const int n = cell_count(k);
  std::vector<double> terms(n, 0.0);
  for (int s = 1; s < n; ++s) {
    const int order = std::popcount(static_cast<unsigned>(s));
    if (order == 1) terms[s] = main_effect(rng);
    else if (order == 2) terms[s] = interaction(rng);
  }
  std::vector<std::vector<double>> ring;
  std::vector<double> table(n);
  for (std::size_t r = 0; r < kRing; ++r) {
    double total = 0.0;
    std::vector<double> varied = terms;
    for (int s = 1; s < n; ++s)
      if (terms[s] != 0.0) varied[s] += jitter(rng);
    for (int c = 0; c < n; ++c) {
      double log_cell = 0.0;
      for (int s = 1; s < n; ++s)
        if ((c & s) == s) log_cell += varied[s];
      total += table[c] = std::exp(log_cell);
    }
    for (double& p : table) p /= total;
    std::vector<double> targets;
    for (CellSet set : sets) targets.push_back(sum_over(table, set));
    ring.push_back(std::move(targets));
  }
  return ring;
}

void fit_ring(benchmark::State& state, bool cold) {
  const int k = static_cast<int>(state.range(0));
  const std::vector<CellSet> sets = marginal_and_pair_sets(k);
  const std::vector<std::vector<double>> ring = target_ring(k, sets);
  const std::vector<double> log_base(cell_count(k), 0.0);
  std::vector<double> cells(cell_count(k));
  MaxEntropySolver solver(k, sets);
  std::size_t next = 0;
  std::int64_t failures = 0, steps = 0;
  for (auto _ : state) {
    if (cold) solver.reset_warm_start();
    const std::vector<double>& targets = ring[next];
    next = (next + 1) % kRing;
    const MaxEntropySolver::Outcome outcome = solver.fit(targets, targets, log_base, cells);
    failures += outcome.converged ? 0 : 1;
    steps += outcome.newton_steps;
    benchmark::DoNotOptimize(cells.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["figures"] = static_cast<double>(sets.size());
  state.counters["newton_steps"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kAvgIterations);
  state.counters["failed"] = static_cast<double>(failures);
}

void BM_MaxEntropy_Fit(benchmark::State& state) { fit_ring(state, false); }
BENCHMARK(BM_MaxEntropy_Fit)->Arg(2)->Arg(3)->Arg(4)->Arg(6);

void BM_MaxEntropy_FitCold(benchmark::State& state) { fit_ring(state, true); }
BENCHMARK(BM_MaxEntropy_FitCold)->Arg(3);

void BM_JointTableFitter_Leeds(benchmark::State& state) {
  // Children's Commissioner (2019), local toxic-trio projections, Leeds,
  // narrow measures: DV, MH, SM, any, all three.
  JointTableSpec spec;
  spec.n_conditions = 3;
  spec.figure_cells = {cells_with_all_of(3, 1), cells_with_all_of(3, 2), cells_with_all_of(3, 4),
                       cells_with_any_of(3, 7), cells_with_all_of(3, 7)};
  spec.figure_half_band.assign(5, 0.0);
  spec.central_figures = {0.0739207558453823, 0.150284000073914, 0.0504045768190633, 0.199674293972202,
                          0.0118593962064526};
  // Each draw's figures: every figure scaled by 1 + N(0, 0.01), a 1 %
  // spread, independently (as the driver draws them).
  std::mt19937 rng(2019);
  std::normal_distribution<double> spread(0.0, 0.01);
  std::vector<std::vector<double>> ring;
  for (std::size_t r = 0; r < kRing; ++r) {
    std::vector<double> figures = spec.central_figures;
    for (double& x : figures) x *= 1.0 + spread(rng);
    ring.push_back(std::move(figures));
  }
  JointTableFitter fitter(spec);
  std::vector<double> cells(8);
  std::size_t next = 0;
  std::int64_t moved = 0;
  for (auto _ : state) {
    const JointTableFitter::Outcome outcome = fitter.fit(ring[next], {}, cells);
    next = (next + 1) % kRing;
    moved += outcome.moved ? 1 : 0;
    benchmark::DoNotOptimize(cells.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["moved_share"] = benchmark::Counter(static_cast<double>(moved), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_JointTableFitter_Leeds);

}  // namespace
}  // namespace prevalence
