// Tests engine/montecarlo/driver.cpp: the Monte Carlo driver against
// analytic results (Beta, beta-binomial, binomial, log-normal), and its
// determinism whatever the thread count or the set of areas.
//
// Statistical checks use fixed seeds, so they are deterministic; their
// tolerances are 4 standard errors of the quantity checked, so a different
// seed would still pass about 99.99 % of the time.

#include "engine/montecarlo/driver.hpp"

#include "engine/montecarlo/plan.hpp"
#include "models/rate/rate_distribution.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>
#include <string>
#include <vector>

namespace prevalence::engine {
namespace {

using models::RateDistribution;

constexpr double kStandardErrors = 4.0;

RunSettings settings(Mode mode, std::int64_t draws, std::uint64_t seed) {
  RunSettings s;
  s.mode = mode;
  s.draws = draws;
  s.seed = seed;
  s.interval = 0.95;
  return s;
}

Plan one_area_plan(RateDistribution rate, double denominator) {
  Plan plan;
  plan.groups.push_back(single_rate_group("measure", "a measure", rate));
  plan.areas.push_back({"E08000035", "Leeds", {denominator}});
  return plan;
}

// Asymptotic standard error of the sample q-quantile of `draws` independent
// values with density `density` at the true quantile: sqrt(q (1 - q) / D) / f.
double quantile_standard_error(double q, double draws, double density) {
  return std::sqrt(q * (1.0 - q) / draws) / density;
}

// Bitwise equality of two summaries: the determinism promise is bit-identical
// results, not merely close ones.
bool bit_identical(const Summary& a, const Summary& b) {
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
  const Summary& s = results.at(0, 0);

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
  const Summary& s = results.at(0, 0);

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
  const Summary expected = run_monte_carlo(plan, settings(Mode::expected, 20000, 13), 1).at(0, 0);
  const Summary realised = run_monte_carlo(plan, settings(Mode::realised, 20000, 13), 1).at(0, 0);
  EXPECT_GT(realised.upper - realised.lower, expected.upper - expected.lower);
  EXPECT_GT(realised.mcse, expected.mcse);
}

TEST(RunMonteCarlo, RealisedModeWithAPointRateIsBinomial) {
  constexpr double kP = 0.05, kDraws = 20000.0;
  constexpr int kN = 1000;
  const Plan plan = one_area_plan(RateDistribution::point(kP), kN);
  const Summary s =
      run_monte_carlo(plan, settings(Mode::realised, static_cast<std::int64_t>(kDraws), 14), 1)
          .at(0, 0);
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
  plan.groups.push_back(single_rate_group("beta", "beta", RateDistribution::beta({20.0, 380.0})));
  models::PublishedFigure count;
  count.count_of = models::CountOf{1288, 169422};
  plan.groups.push_back(single_rate_group("count", "count", RateDistribution::from_figure(count)));
  plan.groups.push_back(single_rate_group("point", "point", RateDistribution::point(0.0076)));
  for (int i = 0; i < 50; ++i) {
    // (Appending rather than "E" + to_string(...) sidesteps a GCC 12
    // -Wrestrict false positive in std::operator+.)
    std::string code = "E", name = "Area ";
    code += std::to_string(6000000 + 37 * i);
    name += std::to_string(i);
    const double base = 1000.0 + 977.0 * i;
    plan.areas.push_back({code, name, {base, 0.8 * base, 1.3 * base}});
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
  const Summary s = run_monte_carlo(plan, settings(Mode::expected, 5000, 17), 1).at(0, 0);
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
  const Summary s =
      run_monte_carlo(plan, settings(Mode::expected, static_cast<std::int64_t>(kDraws), 18), 1)
          .at(0, 0);
  const double median = kN * kP;
  EXPECT_NEAR(s.mean, median * std::exp(kSigma * kSigma / 2.0), kStandardErrors * s.mcse);
  // Log-normal density at its median m is 1 / (m sigma sqrt(2 pi)).
  const double density = 1.0 / (median * kSigma * std::sqrt(2.0 * std::numbers::pi));
  EXPECT_NEAR(s.median, median, kStandardErrors * quantile_standard_error(0.5, kDraws, density));
}

}  // namespace
}  // namespace prevalence::engine
