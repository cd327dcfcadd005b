// Tests engine/montecarlo/driver.cpp: the Monte Carlo driver against
// analytic results (Beta, beta-binomial, binomial, log-normal), its
// determinism whatever the thread count or the set of areas, the parameter
// draws it keeps (shares) and the draws it hands to a sink.
//
// Statistical checks use fixed seeds, so they are deterministic; their
// tolerances are 4 standard errors of the quantity checked, so a different
// seed would still pass about 99.99 % of the time.

#include "engine/montecarlo/driver.hpp"

#include "engine/montecarlo/plan.hpp"
#include "models/rate/rate_distribution.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace prevalence::montecarlo {
namespace {

using models::RateDistribution;

constexpr double kStandardErrors = 4.0;

RunSettings settings(Mode mode, std::int64_t draws, std::uint64_t seed) {
  RunSettings s;
  s.mode = mode;
  s.draws = draws;
  s.seed = seed;
  s.intervals = {0.95};
  return s;
}

Plan one_area_plan(RateDistribution rate, double denominator) {
  Plan plan;
  plan.groups.push_back(single_rate_group("measure", rate));
  plan.areas.push_back({"E08000035", {denominator}});
  return plan;
}

// Asymptotic standard error of the sample q-quantile of `draws` independent
// values with density `density` at the true quantile: sqrt(q (1 - q) / D) / f.
double quantile_standard_error(double q, double draws, double density) {
  return std::sqrt(q * (1.0 - q) / draws) / density;
}

// Bitwise equality of two summaries: the determinism promise is bit-identical
// results, not merely close ones.
bool bit_identical(const summary::Summary& a, const summary::Summary& b) {
  const double x[] = {a.mean, a.median, a.lower, a.upper, a.mcse};
  const double y[] = {b.mean, b.median, b.lower, b.upper, b.mcse};
  return std::memcmp(x, y, sizeof x) == 0;
}

// --- (a) expected mode with a Beta rate ----------------------------------

TEST(RunMonteCarlo, ExpectedModeCountIsTheDenominatorTimesTheBetaRate) {
  constexpr double kAlpha = 20.0, kBeta = 380.0, kN = 10000.0, kDraws = 20000.0;
  const Plan plan = one_area_plan(RateDistribution::beta({kAlpha, kBeta}), kN);
  const MonteCarloResults results =
      run_monte_carlo(plan, settings(Mode::expected, static_cast<std::int64_t>(kDraws), 11), 1);
  const summary::Summary& s = results.at(0, 0);

  // The count is N p with p ~ Beta(a, b), so its mean is N a / (a + b).
  EXPECT_NEAR(s.mean, kN * kAlpha / (kAlpha + kBeta), kStandardErrors * s.mcse);

  // Quantiles of N p are N times Beta quantiles (Boost). The sample
  // q-quantile of D draws is asymptotically normal with standard error
  // sqrt(q (1 - q) / D) / f(x_q), where f is the density of the count: the
  // Beta density at x_q / N, scaled by 1 / N for the change of variable.
  const boost::math::beta_distribution<double> rate(kAlpha, kBeta);
  const std::pair<double, double> checks[] = {{0.025, s.lower}, {0.5, s.median}, {0.975, s.upper}};
  for (const auto& [q, sample_quantile] : checks) {
    SCOPED_TRACE(q);
    const double p_q = boost::math::quantile(rate, q);
    const double density = boost::math::pdf(rate, p_q) / kN;
    EXPECT_NEAR(sample_quantile, kN * p_q,
                kStandardErrors * quantile_standard_error(q, kDraws, density));
  }
}

// --- (b) realised mode ---------------------------------------------------

// Exact moments of the beta-binomial by summing its probability mass
// function, P(k) = C(N, k) B(k + a, N - k + b) / B(a, b), in logs.
struct Moments {
  double mean = 0.0;
  double variance = 0.0;
  double fourth_central = 0.0;
};

Moments beta_binomial_moments(int n, double a, double b) {
  std::vector<double> pmf(n + 1);
  const auto log_beta = [](double x, double y) {
    return std::lgamma(x) + std::lgamma(y) - std::lgamma(x + y);
  };
  for (int k = 0; k <= n; ++k)
    pmf[k] = std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                      log_beta(k + a, n - k + b) - log_beta(a, b));
  Moments m;
  for (int k = 0; k <= n; ++k) m.mean += k * pmf[k];
  for (int k = 0; k <= n; ++k) {
    const double d = k - m.mean;
    m.variance += d * d * pmf[k];
    m.fourth_central += d * d * d * d * pmf[k];
  }
  return m;
}

TEST(RunMonteCarlo, RealisedModeCountIsBetaBinomial) {
  constexpr double kAlpha = 20.0, kBeta = 380.0, kDraws = 20000.0;
  constexpr int kN = 1000;
  const Plan plan = one_area_plan(RateDistribution::beta({kAlpha, kBeta}), kN);
  const MonteCarloResults results =
      run_monte_carlo(plan, settings(Mode::realised, static_cast<std::int64_t>(kDraws), 12), 1);
  const summary::Summary& s = results.at(0, 0);

  // Analytic beta-binomial mean N a / (a + b) and variance
  // N a b (a + b + N) / ((a + b)^2 (a + b + 1)).
  const double ab = kAlpha + kBeta;
  const double mean = kN * kAlpha / ab;
  const double variance = kN * kAlpha * kBeta * (ab + kN) / (ab * ab * (ab + 1.0));
  const Moments exact = beta_binomial_moments(kN, kAlpha, kBeta);
  // The closed forms and the summed pmf agree to rounding (1e-9 relative
  // leaves room for lgamma's accuracy over 1,001 terms).
  ASSERT_NEAR(exact.mean, mean, 1e-9 * mean);
  ASSERT_NEAR(exact.variance, variance, 1e-9 * variance);

  EXPECT_NEAR(s.mean, mean, kStandardErrors * s.mcse);

  // The driver reports mcse = sd / sqrt(D), so the sample variance is
  // mcse^2 D. Its standard error is sqrt((mu4 - sigma^4) / D), with mu4 the
  // fourth central moment (exact, from the pmf).
  const double sample_variance = s.mcse * s.mcse * kDraws;
  const double variance_se =
      std::sqrt((exact.fourth_central - variance * variance) / kDraws);
  EXPECT_NEAR(sample_variance, variance, kStandardErrors * variance_se);
}

TEST(RunMonteCarlo, RealisedIntervalIsWiderThanExpectedInterval) {
  // Same seed, so the rate draws are shared; realised mode adds binomial
  // variation on top. With N = 1,000 and Beta(20, 380) the sd grows from
  // about 10.9 to 12.9 (beta-binomial variance above), which widens the
  // 95 % interval by about 8 while each end's sampling error is about 0.25.
  const Plan plan = one_area_plan(RateDistribution::beta({20.0, 380.0}), 1000.0);
  const summary::Summary expected = run_monte_carlo(plan, settings(Mode::expected, 20000, 13), 1).at(0, 0);
  const summary::Summary realised = run_monte_carlo(plan, settings(Mode::realised, 20000, 13), 1).at(0, 0);
  EXPECT_GT(realised.upper - realised.lower, expected.upper - expected.lower);
  EXPECT_GT(realised.mcse, expected.mcse);
}

TEST(RunMonteCarlo, RealisedModeWithAPointRateIsBinomial) {
  constexpr double kP = 0.05, kDraws = 20000.0;
  constexpr int kN = 1000;
  const Plan plan = one_area_plan(RateDistribution::point(kP), kN);
  const summary::Summary s =
      run_monte_carlo(plan, settings(Mode::realised, static_cast<std::int64_t>(kDraws), 14), 1).at(0, 0);
  EXPECT_NEAR(s.mean, kN * kP, kStandardErrors * s.mcse);

  // Reference quantiles: the smallest k with P(X <= k) >= q, from Boost's
  // binomial (integer_round_up rounds its continuous quantile up to that k).
  using namespace boost::math::policies;
  using Binomial = boost::math::binomial_distribution<double,
                                                      policy<discrete_quantile<integer_round_up>>>;
  const Binomial binomial(kN, kP);
  const std::pair<double, double> checks[] = {{0.025, s.lower}, {0.5, s.median}, {0.975, s.upper}};
  for (const auto& [q, sample_quantile] : checks) {
    SCOPED_TRACE(q);
    const double k = boost::math::quantile(binomial, q);
    // Tolerance 1: the type-7 sample quantile interpolates between two
    // adjacent order statistics near position q D. Neither can fall below
    // k - 1 unless the share of draws <= k - 2 reaches q, nor exceed k + 1
    // unless the share <= k + 1 falls below q. The assertions check that
    // both would be more than 4 standard errors of a proportion,
    // sqrt(q (1 - q) / D), away from their probabilities.
    const double se = std::sqrt(q * (1.0 - q) / kDraws);
    ASSERT_LT(boost::math::cdf(binomial, k - 2.0), q - kStandardErrors * se);
    ASSERT_GT(boost::math::cdf(binomial, k + 1.0), q + kStandardErrors * se);
    EXPECT_NEAR(sample_quantile, k, 1.0);
  }
}

// --- (c) thread-count determinism ----------------------------------------

Plan many_area_plan() {
  Plan plan;
  plan.groups.push_back(single_rate_group("beta", RateDistribution::beta({20.0, 380.0})));
  models::PublishedFigure count;
  count.count_of = models::CountOf{1288, 169422};
  plan.groups.push_back(single_rate_group("count", RateDistribution::from_figure(count)));
  plan.groups.push_back(single_rate_group("point", RateDistribution::point(0.0076)));
  for (int i = 0; i < 50; ++i) {
    // (Appending rather than "E" + to_string(...) sidesteps a GCC 12
    // -Wrestrict false positive in std::operator+.)
    std::string code = "E";
    code += std::to_string(6000000 + 37 * i);
    const double base = 1000.0 + 977.0 * i;
    plan.areas.push_back({code, {base, 0.8 * base, 1.3 * base}});
  }
  plan.population_relative_error = 0.03;
  return plan;
}

TEST(RunMonteCarlo, ResultsAreBitIdenticalForAnyThreadCount) {
  const Plan plan = many_area_plan();
  for (Mode mode : {Mode::expected, Mode::realised}) {
    SCOPED_TRACE(to_string(mode));
    const RunSettings run = settings(mode, 1000, 15);
    const MonteCarloResults one = run_monte_carlo(plan, run, 1);
    ASSERT_EQ(one.summaries.size(), plan.areas.size() * plan.n_outputs());
    for (unsigned threads : {2u, 8u}) {
      SCOPED_TRACE(threads);
      const MonteCarloResults many = run_monte_carlo(plan, run, threads);
      ASSERT_EQ(many.summaries.size(), one.summaries.size());
      for (std::size_t i = 0; i < one.summaries.size(); ++i)
        EXPECT_TRUE(bit_identical(many.summaries[i], one.summaries[i])) << "summary " << i;
    }
  }
}

// --- (d) areas are keyed by code -----------------------------------------

TEST(RunMonteCarlo, AnAreasResultsDoNotDependOnTheOtherAreas) {
  const Plan full = many_area_plan();
  // Area 17 alone, then area 17 among others in a different order.
  Plan alone = full;
  alone.areas = {full.areas[17]};
  Plan shuffled = full;
  shuffled.areas = {full.areas[3], full.areas[40], full.areas[17], full.areas[0]};
  for (Mode mode : {Mode::expected, Mode::realised}) {
    SCOPED_TRACE(to_string(mode));
    const RunSettings run = settings(mode, 1000, 16);
    const MonteCarloResults in_full = run_monte_carlo(full, run, 2);
    const MonteCarloResults by_itself = run_monte_carlo(alone, run, 2);
    const MonteCarloResults reordered = run_monte_carlo(shuffled, run, 2);
    for (std::size_t m = 0; m < full.n_outputs(); ++m) {
      SCOPED_TRACE(full.groups[m].id);
      EXPECT_TRUE(bit_identical(by_itself.at(0, m), in_full.at(17, m)));
      EXPECT_TRUE(bit_identical(reordered.at(2, m), in_full.at(17, m)));
    }
  }
}

// --- (e) a point rate with exact counts ----------------------------------

TEST(RunMonteCarlo, PointRateWithExactCountsHasNoUncertainty) {
  // N p = 20,000 x 0.0065 rounds to exactly 130 in double (the rounding
  // error of 0.0065 is far below half an ulp of 130), so sums of draws are
  // exact and every summary must equal N p bit for bit.
  constexpr double kN = 20000.0, kP = 0.0065;
  const Plan plan = one_area_plan(RateDistribution::point(kP), kN);
  const summary::Summary s = run_monte_carlo(plan, settings(Mode::expected, 5000, 17), 1).at(0, 0);
  EXPECT_EQ(s.mean, kN * kP);
  EXPECT_EQ(s.median, kN * kP);
  EXPECT_EQ(s.lower, kN * kP);
  EXPECT_EQ(s.upper, kN * kP);
  EXPECT_EQ(s.mcse, 0.0);
}

// --- (f) population error is a median-preserving log-normal --------------

TEST(RunMonteCarlo, PopulationErrorKeepsTheMedianAndRaisesTheMean) {
  // Count = N p exp(sigma Z): median N p, mean N p exp(sigma^2 / 2). With
  // sigma = 0.05 the mean is 0.125 % above N p, about 0.6 on 500; 200,000
  // draws make the mcse about 0.06, so the check tells the two apart.
  constexpr double kN = 10000.0, kP = 0.05, kSigma = 0.05, kDraws = 200000.0;
  Plan plan = one_area_plan(RateDistribution::point(kP), kN);
  plan.population_relative_error = kSigma;
  const summary::Summary s =
      run_monte_carlo(plan, settings(Mode::expected, static_cast<std::int64_t>(kDraws), 18), 1).at(0, 0);
  const double median = kN * kP;
  EXPECT_NEAR(s.mean, median * std::exp(kSigma * kSigma / 2.0), kStandardErrors * s.mcse);
  // Log-normal density at its median m is 1 / (m sigma sqrt(2 pi)).
  const double density = 1.0 / (median * kSigma * std::sqrt(2.0 * std::numbers::pi));
  EXPECT_NEAR(s.median, median, kStandardErrors * quantile_standard_error(0.5, kDraws, density));
}

// --- (g) parameter draws and the draw sink ---------------------------------

// Collects every area's draws; areas arrive on worker threads.
class CollectingSink : public DrawSink {
 public:
  void area_draws(std::size_t area, std::span<const double> draws) const override {
    std::lock_guard lock(mutex_);
    ++calls_[area];
    draws_[area].assign(draws.begin(), draws.end());
  }
  mutable std::map<std::size_t, std::vector<double>> draws_;
  mutable std::map<std::size_t, int> calls_;

 private:
  mutable std::mutex mutex_;
};

// Single measures and a two-condition overlap drawn from a Dirichlet, whose
// outputs add up several cells, over a few areas with head-count error.
Plan sink_plan() {
  Plan plan = many_area_plan();
  plan.areas.resize(6);
  PlannedGroup pair;
  pair.id = "pair";
  pair.n_conditions = 2;
  pair.dirichlet_alpha = {800.0, 100.0, 70.0, 30.0};
  pair.outputs.push_back(models::cells_with_all_of(2, 1));  // a
  pair.outputs.push_back(models::cells_with_any_of(2, 3));  // any
  pair.outputs.push_back(models::only_cell(3));             // both
  plan.groups.insert(plan.groups.begin(), std::move(pair));
  for (PlannedArea& area : plan.areas) area.denominators.insert(area.denominators.begin(), 0.9 * area.denominators[0]);
  return plan;
}

TEST(RunMonteCarlo, SharesAreEachDrawsShareForAnyThreadCountAndMode) {
  Plan plan = sink_plan();
  plan.population_relative_error = 0.0;  // expected counts are then denominator x share exactly
  const std::size_t n_outputs = plan.n_outputs(), n_draws = 2000;
  const MonteCarloResults one = run_monte_carlo(plan, settings(Mode::expected, 2000, 21), 1);
  ASSERT_EQ(one.shares.size(), n_draws * n_outputs);
  for (std::size_t d = 0; d < n_draws; ++d) {
    const double* share = one.shares.data() + d * n_outputs;
    for (std::size_t o = 0; o < n_outputs; ++o) {
      EXPECT_GE(share[o], 0.0);
      EXPECT_LE(share[o], 1.0);
    }
    // pair.a and pair.both are parts of pair.any; the point rate never moves.
    EXPECT_LE(share[0], share[1]);
    EXPECT_LE(share[2], share[0]);
    EXPECT_EQ(share[5], 0.0076);
  }
  // Shares are drawn once for all areas: the same whatever the threads or mode.
  for (unsigned threads : {2u, 8u}) {
    const MonteCarloResults many = run_monte_carlo(plan, settings(Mode::expected, 2000, 21), threads);
    EXPECT_EQ(std::memcmp(many.shares.data(), one.shares.data(), one.shares.size() * sizeof(double)), 0) << threads;
  }
  const MonteCarloResults realised = run_monte_carlo(plan, settings(Mode::realised, 2000, 21), 2);
  EXPECT_EQ(std::memcmp(realised.shares.data(), one.shares.data(), one.shares.size() * sizeof(double)), 0);

  // Without head-count error an area's expected draws are denominator x share.
  CollectingSink sink;
  run_monte_carlo(plan, settings(Mode::expected, 2000, 21), 2, nullptr, &sink);
  for (std::size_t g = 0, o = 0; g < plan.groups.size(); ++g)
    for (std::size_t k = 0; k < plan.groups[g].outputs.size(); ++k, ++o)
      for (std::size_t d = 0; d < n_draws; ++d)
        ASSERT_EQ(sink.draws_.at(3)[o * n_draws + d], plan.areas[3].denominators[g] * one.shares[d * n_outputs + o])
            << "output " << o << " draw " << d;
}

// A sink's draws give the run's summaries: summarise() on each area's draws
// of each output has the same quantiles to the bit, and the same mean and
// mcse up to rounding (they are summed in another order).
void expect_sink_matches_summaries(const Plan& plan, Mode mode, std::int64_t draws) {
  const std::size_t n_outputs = plan.n_outputs(), n_draws = static_cast<std::size_t>(draws);
  const RunSettings run = settings(mode, draws, 22);
  const MonteCarloResults without = run_monte_carlo(plan, run, 1);
  for (unsigned threads : {1u, 2u}) {
    SCOPED_TRACE(testing::Message() << threads << " thread(s)");
    CollectingSink sink;
    const MonteCarloResults results = run_monte_carlo(plan, run, threads, nullptr, &sink);
    ASSERT_EQ(sink.draws_.size(), plan.areas.size());
    for (std::size_t a = 0; a < plan.areas.size(); ++a) {
      EXPECT_EQ(sink.calls_.at(a), 1);
      const std::vector<double>& kept = sink.draws_.at(a);
      ASSERT_EQ(kept.size(), n_outputs * n_draws);
      for (std::size_t o = 0; o < n_outputs; ++o) {
        SCOPED_TRACE(testing::Message() << "area " << a << " output " << o);
        const std::span<const double> output_draws(kept.data() + o * n_draws, n_draws);
        if (mode == Mode::realised) {
          for (double x : output_draws) ASSERT_EQ(x, std::round(x));
        }
        const summary::Summary& s = results.at(a, o);
        const summary::Summary again = summary::summarise(output_draws, run.headline_interval());
        EXPECT_EQ(again.lower, s.lower);
        EXPECT_EQ(again.median, s.median);
        EXPECT_EQ(again.upper, s.upper);
        EXPECT_NEAR(again.mean, s.mean, 1e-12 * std::abs(s.mean));
        EXPECT_NEAR(again.mcse, s.mcse, 1e-9 * s.mcse + 1e-12 * std::abs(s.mean));
        // A sink changes nothing.
        EXPECT_TRUE(bit_identical(s, without.at(a, o)));
      }
    }
  }
}

TEST(RunMonteCarlo, ASinksDrawsGiveTheSummariesInEitherMode) {
  const Plan plan = sink_plan();
  for (Mode mode : {Mode::expected, Mode::realised}) {
    SCOPED_TRACE(to_string(mode));
    expect_sink_matches_summaries(plan, mode, 1000);
  }
}

TEST(RunMonteCarlo, ASinksDrawsGiveTheSummariesOfTheOnePassPath) {
  // Enough draws for predicted brackets (4,096 or more): expected summaries
  // are made in one pass, the sink's draws made separately.
  Plan plan = sink_plan();
  plan.areas.resize(3);
  expect_sink_matches_summaries(plan, Mode::expected, 5000);
}

// --- (h) several interval levels ------------------------------------------

// Every level's ends in the results are the quantiles of the area's draws
// (quantile_in_place on the sink's draws, to the bit); the headline summaries
// are those of a one-level run; and none of it depends on the thread count.
void expect_levels_are_quantiles_of_the_draws(const Plan& plan, Mode mode, std::int64_t draws) {
  const std::size_t n_outputs = plan.n_outputs(), n_draws = static_cast<std::size_t>(draws);
  RunSettings run = settings(mode, draws, 23);
  const MonteCarloResults one_level = run_monte_carlo(plan, run, 2);
  EXPECT_EQ(one_level.n_levels, 1u);
  EXPECT_TRUE(one_level.extra_bounds.empty());
  run.intervals = {0.95, 0.5, 0.998};
  const MonteCarloResults reference = run_monte_carlo(plan, run, 1);
  for (unsigned threads : {1u, 2u}) {
    SCOPED_TRACE(testing::Message() << threads << " thread(s)");
    CollectingSink sink;
    const MonteCarloResults results = run_monte_carlo(plan, run, threads, nullptr, &sink);
    ASSERT_EQ(results.n_levels, 3u);
    ASSERT_EQ(results.extra_bounds.size(), plan.areas.size() * n_outputs * summary::extra_values(3));
    EXPECT_EQ(std::memcmp(results.extra_bounds.data(), reference.extra_bounds.data(),
                          results.extra_bounds.size() * sizeof(double)),
              0);
    for (std::size_t a = 0; a < plan.areas.size(); ++a)
      for (std::size_t o = 0; o < n_outputs; ++o) {
        SCOPED_TRACE(testing::Message() << "area " << a << " output " << o);
        EXPECT_TRUE(bit_identical(results.at(a, o), one_level.at(a, o)));
        std::vector<double> values(sink.draws_.at(a).begin() + static_cast<std::ptrdiff_t>(o * n_draws),
                                   sink.draws_.at(a).begin() + static_cast<std::ptrdiff_t>((o + 1) * n_draws));
        EXPECT_EQ(results.at(a, o).median, summary::quantile_in_place(values, 0.5));
        for (std::size_t l = 0; l < run.intervals.size(); ++l) {
          const IntervalEnds ends = results.bounds(a, o, l);
          EXPECT_EQ(ends.lower, summary::quantile_in_place(values, (1.0 - run.intervals[l]) / 2.0)) << "level " << l;
          EXPECT_EQ(ends.upper, summary::quantile_in_place(values, (1.0 + run.intervals[l]) / 2.0)) << "level " << l;
        }
        EXPECT_EQ(results.bounds(a, o, 0).lower, results.at(a, o).lower);
        EXPECT_EQ(results.bounds(a, o, 0).upper, results.at(a, o).upper);
      }
    EXPECT_THROW(results.bounds(0, 0, 3), std::out_of_range);
  }
}

TEST(RunMonteCarlo, SeveralIntervalLevelsAreQuantilesOfTheDrawsInEitherMode) {
  const Plan plan = sink_plan();
  for (Mode mode : {Mode::expected, Mode::realised}) {
    SCOPED_TRACE(to_string(mode));
    expect_levels_are_quantiles_of_the_draws(plan, mode, 1000);
  }
}

TEST(RunMonteCarlo, SeveralIntervalLevelsOnTheOnePassPath) {
  Plan plan = sink_plan();
  plan.areas.resize(3);
  expect_levels_are_quantiles_of_the_draws(plan, Mode::expected, 5000);
}

// --- (h) figures that vary by area ------------------------------------------

// Three areas with their own Beta rate: the first and last share a figure's
// shape but are different areas (their own variants).
Plan per_area_plan(double across_areas) {
  Plan plan;
  PlannedGroup group = single_rate_group("measure", RateDistribution::point(0.0));
  group.figure_rates.clear();
  group.across_areas = {across_areas};
  const double shapes[][2] = {{50.0, 950.0}, {120.0, 880.0}, {50.0, 950.0}};
  for (int v = 0; v < 3; ++v)
    group.variants.push_back({"E0000000" + std::to_string(v + 1), {},
                              {RateDistribution::beta({shapes[v][0], shapes[v][1]})}, std::nullopt, {}});
  plan.groups.push_back(std::move(group));
  for (std::uint32_t v = 0; v < 3; ++v) plan.areas.push_back({"E0000000" + std::to_string(v + 1), {1000.0}, {v}});
  return plan;
}

// The standard-normal score of each draw under its area's Beta: the
// scores' correlation is the copula's.
std::vector<double> normal_scores(const std::vector<double>& draws, double a, double b, double denominator) {
  const boost::math::beta_distribution<double> beta(a, b);
  const boost::math::normal_distribution<double> normal;
  std::vector<double> z;
  for (double x : draws) z.push_back(boost::math::quantile(normal, boost::math::cdf(beta, x / denominator)));
  return z;
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

TEST(RunMonteCarlo, PerAreaFiguresAreCoupledAcrossAreasAsDeclared) {
  constexpr std::size_t kDraws = 4000;
  for (const double r : {1.0, 0.5, 0.0}) {
    const Plan plan = per_area_plan(r);
    CollectingSink sink;
    const MonteCarloResults results = run_monte_carlo(plan, settings(Mode::expected, kDraws, 8), 2, nullptr, &sink);
    const std::vector<double> z0 = normal_scores(sink.draws_.at(0), 50, 950, 1000);
    const std::vector<double> z1 = normal_scores(sink.draws_.at(1), 120, 880, 1000);
    const std::vector<double> z2 = normal_scores(sink.draws_.at(2), 50, 950, 1000);
    // The sample correlation of normal scores has standard error about
    // (1 - r^2) / sqrt(D); the tabulated quantile is exact to far below it.
    const double se = (1.0 - r * r) / std::sqrt(static_cast<double>(kDraws)) + 1e-9;
    EXPECT_NEAR(correlation(z0, z1), r, kStandardErrors * se) << r;
    EXPECT_NEAR(correlation(z0, z2), r, kStandardErrors * se) << r;
    if (r == 1.0) {
      EXPECT_EQ(sink.draws_.at(0), sink.draws_.at(2));  // one unknown, the same shape
    }
    // Each area's mean is its own Beta's: 1000 a / (a + b).
    for (std::size_t a = 0; a < 3; ++a) {
      const double mean = a == 1 ? 120.0 : 50.0;
      EXPECT_NEAR(results.at(a, 0).mean, mean, kStandardErrors * results.at(a, 0).mcse) << r << " " << a;
    }
    // Shares differ by area, so none is recorded for the group.
    EXPECT_TRUE(std::isnan(results.shares.at(0)));
  }
}

TEST(RunMonteCarlo, PerAreaResultsAreBitIdenticalForAnyThreadCountAndSetOfAreas) {
  for (const Mode mode : {Mode::expected, Mode::realised}) {
    const Plan plan = per_area_plan(0.5);
    const MonteCarloResults one = run_monte_carlo(plan, settings(mode, 700, 5), 1);
    const MonteCarloResults many = run_monte_carlo(plan, settings(mode, 700, 5), 3);
    Plan last_only = plan;
    last_only.areas.erase(last_only.areas.begin(), last_only.areas.begin() + 2);
    const MonteCarloResults alone = run_monte_carlo(last_only, settings(mode, 700, 5), 2);
    for (std::size_t a = 0; a < 3; ++a) EXPECT_TRUE(bit_identical(one.at(a, 0), many.at(a, 0))) << a;
    EXPECT_TRUE(bit_identical(one.at(2, 0), alone.at(0, 0)));
  }
}

TEST(RunMonteCarlo, PerAreaDirichletTablesShareTheirCellsScoresWhenShared) {
  Plan plan;
  PlannedGroup pair;
  pair.id = "pair";
  pair.n_conditions = 2;
  pair.outputs.push_back(models::only_cell(3));  // both
  pair.across_areas = {1.0};
  pair.variants.push_back({"E00000001", {800.0, 100.0, 70.0, 30.0}, {}, std::nullopt, {}});
  pair.variants.push_back({"E00000002", {700.0, 150.0, 100.0, 50.0}, {}, std::nullopt, {}});
  plan.groups.push_back(std::move(pair));
  plan.areas.push_back({"E00000001", {1000.0}, {0}});
  plan.areas.push_back({"E00000002", {1000.0}, {1}});
  CollectingSink sink;
  const MonteCarloResults results = run_monte_carlo(plan, settings(Mode::expected, 3000, 9), 2, nullptr, &sink);
  // Dirichlet means: alpha / sum(alpha), of 1,000.
  EXPECT_NEAR(results.at(0, 0).mean, 30.0, kStandardErrors * results.at(0, 0).mcse);
  EXPECT_NEAR(results.at(1, 0).mean, 50.0, kStandardErrors * results.at(1, 0).mcse);
  // Every cell's gamma is a monotone function of one shared score, so the
  // two areas' "both" move together closely (not exactly: each is a ratio
  // to its own total).
  EXPECT_GT(correlation(sink.draws_.at(0), sink.draws_.at(1)), 0.95);
}

// --- (i) life stages ---------------------------------------------------------

TEST(RunMonteCarlo, RealisedBandsCombinationsAddUpToEachBandsPopulationInEveryDraw) {
  // A two-condition table over ages cut into three pieces (0-4, 5-10,
  // 11-17: 300, 250 and 200 people); bands 0-4 and 0-10.
  Plan plan;
  PlannedGroup pair;
  pair.id = "pair";
  pair.n_conditions = 2;
  pair.dirichlet_alpha = {800.0, 100.0, 70.0, 30.0};
  for (int c = 0; c < 4; ++c) pair.outputs.push_back(models::only_cell(static_cast<unsigned>(c)));
  pair.bands = {{0}, {0, 1}};
  pair.n_pieces = 3;
  plan.groups.push_back(std::move(pair));
  plan.areas.push_back({"E00000001", {750.0}});
  plan.areas.back().pieces = {300.0, 250.0, 200.0};
  CollectingSink sink;
  const std::size_t draws = 500;
  run_monte_carlo(plan, settings(Mode::realised, static_cast<std::int64_t>(draws), 3), 2, nullptr, &sink);
  const std::vector<double>& kept = sink.draws_.at(0);  // [output * draws + d]: whole, then each band
  for (std::size_t d = 0; d < draws; ++d) {
    double whole = 0, first = 0, second = 0;
    for (std::size_t c = 0; c < 4; ++c) {
      whole += kept[c * draws + d];
      first += kept[(4 + c) * draws + d];
      second += kept[(8 + c) * draws + d];
    }
    EXPECT_EQ(whole, 750.0) << d;
    EXPECT_EQ(first, 300.0) << d;
    EXPECT_EQ(second, 550.0) << d;
  }
}

// A single rate over ages cut into three pieces (300, 250 and 200 people),
// each piece its own band; the middle piece has figures of its own.
Plan band_figures_plan(RateDistribution whole, RateDistribution middle) {
  Plan plan;
  PlannedGroup group = single_rate_group("m", whole);
  group.bands = {{0}, {1}, {2}};
  group.n_pieces = 3;
  group.band_tables.push_back(single_rate_group("m.ages_5-10", middle));
  group.piece_table = {0, 1, 0};
  plan.groups.push_back(std::move(group));
  plan.areas.push_back({"E00000001", {750.0}});
  plan.areas.back().pieces = {300.0, 250.0, 200.0};
  return plan;
}

TEST(RunMonteCarlo, APieceWithBandFiguresDrawsThemAndTheWholeIsTheSumOfPieces) {
  // Point rates: expected counts are exact.
  const MonteCarloResults exact =
      run_monte_carlo(band_figures_plan(RateDistribution::point(0.1), RateDistribution::point(0.5)),
                      settings(Mode::expected, 200, 1), 2);
  EXPECT_DOUBLE_EQ(exact.at(0, 0).mean, 0.1 * 300 + 0.5 * 250 + 0.1 * 200);
  EXPECT_DOUBLE_EQ(exact.at(0, 2).mean, 0.5 * 250);
  EXPECT_EQ(exact.at(0, 0).lower, exact.at(0, 0).upper);

  // Uncertain rates: in every draw the whole is the sum of its pieces, in
  // either mode, and a piece's mean is its own figure's.
  const Plan plan = band_figures_plan(RateDistribution::beta({20.0, 180.0}), RateDistribution::beta({100.0, 100.0}));
  for (Mode mode : {Mode::expected, Mode::realised}) {
    CollectingSink sink;
    const std::size_t draws = 2000;
    const MonteCarloResults r =
        run_monte_carlo(plan, settings(mode, static_cast<std::int64_t>(draws), 9), 2, nullptr, &sink);
    const std::vector<double>& kept = sink.draws_.at(0);  // whole, then bands 0-4, 5-10, 11-17
    for (std::size_t d = 0; d < draws; ++d)
      EXPECT_NEAR(kept[d], kept[draws + d] + kept[2 * draws + d] + kept[3 * draws + d], 1e-9 * kept[d]) << d;
    EXPECT_NEAR(r.at(0, 2).mean, 125.0, kStandardErrors * r.at(0, 2).mcse);
    EXPECT_NEAR(r.at(0, 1).mean, 30.0, kStandardErrors * r.at(0, 1).mcse);
    // Bit-identical on one thread.
    const MonteCarloResults one = run_monte_carlo(plan, settings(mode, static_cast<std::int64_t>(draws), 9), 1);
    for (std::size_t o = 0; o < 4; ++o) EXPECT_TRUE(bit_identical(one.at(0, o), r.at(0, o))) << o;
  }
}

TEST(RunMonteCarlo, RejectsNoIntervalLevelOrTooMany) {
  const Plan plan = one_area_plan(RateDistribution::point(0.1), 100.0);
  RunSettings run = settings(Mode::expected, 10, 24);
  run.intervals = {};
  EXPECT_THROW(run_monte_carlo(plan, run, 1), std::invalid_argument);
  run.intervals = {0.5, 0.6, 0.7, 0.8, 0.9};
  EXPECT_THROW(run_monte_carlo(plan, run, 1), std::invalid_argument);
}

}  // namespace
}  // namespace prevalence::montecarlo
