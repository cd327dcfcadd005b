#pragma once
// Coverage studies: a known truth surveyed the way a survey would survey it
// (a binomial sample of n, or a multinomial cross-tabulation), a published
// figure made from each survey as a publisher would make it, and the Monte
// Carlo run on all of them at once, one independent area per survey (or, for
// an overlap, one table per survey). The share of nominal 95 % intervals
// that hold the true count is the coverage. Used by
// tests/engine/montecarlo/coverage_test.cpp and, for more truths and sizes,
// bench/models/coverage_bench.cpp (docs/coverage.md).

#include "engine/montecarlo/driver.hpp"
#include "engine/montecarlo/plan.hpp"
#include "models/overlap/cell_set.hpp"
#include "models/rate/rate_distribution.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace prevalence::test {

/// How the published figure is made from a survey of x in n.
enum class FigureKind {
  count_of,           ///< the count itself, "x of n" (Jeffreys Beta)
  published_interval, ///< x / n with its 95 % Wilson score interval (two-piece Beta)
  assumed_precision,  ///< x / n "as precise as a sample of n" (Beta(x, n - x)), here rightly
};

struct CoverageStudy {
  double truth = 0.12;         ///< the true proportion
  int sample_size = 1500;      ///< each survey's n
  int surveys = 4000;          ///< R: surveys, each its own published figure
  std::int64_t draws = 1000;   ///< Monte Carlo draws per run
  std::uint64_t seed = 2026;   ///< the surveys' (the Monte Carlo's is fixed)
  double children = 10000.0;   ///< each area's denominator
};

inline montecarlo::RunSettings coverage_run(const CoverageStudy& study) {
  montecarlo::RunSettings s;
  s.draws = study.draws;
  s.seed = 17;
  s.intervals = {0.95};
  return s;
}

inline models::RateDistribution published_figure(FigureKind kind, int x, int n) {
  models::PublishedFigure figure;
  const double p = static_cast<double>(x) / n;
  if (kind == FigureKind::count_of) {
    figure.count_of = models::CountOf{static_cast<double>(x), static_cast<double>(n)};
  } else {
    figure.unit = models::FigureUnit::percent;
    figure.value = 100 * p;
    if (kind == FigureKind::assumed_precision) {
      figure.effective_sample_size = n;
    } else {
      const double z = 1.959963984540054, m = n;
      const double centre = (p + z * z / (2 * m)) / (1 + z * z / m);
      const double half = z / (1 + z * z / m) * std::sqrt(p * (1 - p) / m + z * z / (4 * m * m));
      figure.interval = models::FigureInterval{100 * (centre - half), 100 * (centre + half), 0.95,
                                               models::IntervalBasis::published};
    }
  }
  return models::RateDistribution::from_figure(figure);
}

/// The share of surveys whose figure's 95 % interval holds the true count.
/// A survey whose figure the engine refuses (a value of 0 with an interval
/// touching 0, say, where x = 0) is left out; `refused`, if given, counts them.
inline double rate_coverage(const CoverageStudy& study, FigureKind kind, int* refused = nullptr) {
  std::mt19937_64 engine(study.seed);
  std::binomial_distribution<int> survey(study.sample_size, study.truth);
  montecarlo::Plan plan;
  montecarlo::PlannedGroup group = montecarlo::single_rate_group("m", models::RateDistribution::point(0.0));
  group.figure_rates.clear();
  group.across_areas = {0.0};  // each survey its own
  if (refused) *refused = 0;
  for (int r = 0; r < study.surveys; ++r) {
    montecarlo::TableVariant variant;
    variant.key = fmt::format("survey {}", r);
    const int x = survey(engine);
    try {
      variant.figure_rates = {published_figure(kind, x, study.sample_size)};
    } catch (const std::invalid_argument&) {
      if (refused) ++*refused;
      continue;
    }
    const auto v = static_cast<std::uint32_t>(group.variants.size());
    group.variants.push_back(std::move(variant));
    plan.areas.push_back({fmt::format("S{}", r), {study.children}, {v}});
  }
  plan.groups.push_back(std::move(group));
  const montecarlo::MonteCarloResults results = montecarlo::run_monte_carlo(plan, coverage_run(study), 2);
  const double truth = study.truth * study.children;
  int covered = 0;
  for (std::size_t a = 0; a < plan.areas.size(); ++a)
    covered += results.at(a, 0).lower <= truth && truth <= results.at(a, 0).upper;
  return static_cast<double>(covered) / static_cast<double>(plan.areas.size());
}

/// Per cell of an overlap whose true cells are `cells` (adding up to 1): the
/// share of surveys, each a multinomial cross-tabulation of n drawn as
/// Dirichlet(count + 1/2) ([overlap.survey] with design effect 1), whose
/// cell interval holds the true count.
inline std::vector<double> cell_coverage(const CoverageStudy& study, const std::vector<double>& cells) {
  std::mt19937_64 engine(study.seed + 1);
  montecarlo::Plan plan;
  for (int r = 0; r < study.surveys; ++r) {
    montecarlo::PlannedGroup group;
    group.id = fmt::format("overlap {}", r);
    group.n_conditions = static_cast<int>(std::log2(cells.size()));
    int left = study.sample_size;
    double mass = 1.0;
    for (std::size_t c = 0; c < cells.size(); ++c) {  // a multinomial as a chain of binomials
      const int count = c + 1 == cells.size()
                            ? left
                            : std::binomial_distribution<int>(left, std::min(1.0, cells[c] / mass))(engine);
      left -= count;
      mass -= cells[c];
      group.dirichlet_alpha.push_back(count + 0.5);
      group.outputs.push_back(models::only_cell(static_cast<unsigned>(c)));
    }
    plan.groups.push_back(std::move(group));
  }
  plan.areas.push_back({"S", std::vector<double>(static_cast<std::size_t>(study.surveys), study.children)});
  const montecarlo::MonteCarloResults results = montecarlo::run_monte_carlo(plan, coverage_run(study), 2);
  std::vector<double> coverage;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    int covered = 0;
    for (int r = 0; r < study.surveys; ++r) {
      const summary::Summary& s = results.at(0, static_cast<std::size_t>(r) * cells.size() + c);
      covered += s.lower <= cells[c] * study.children && cells[c] * study.children <= s.upper;
    }
    coverage.push_back(static_cast<double>(covered) / study.surveys);
  }
  return coverage;
}

}  // namespace prevalence::test
