// Tests engine/summary/summary.cpp: sample quantiles (Hyndman and Fan type 7)
// and the summary of one estimate's draws, at one interval level or several.

#include "engine/summary/summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace prevalence::summary {
namespace {

double quantile_of(std::vector<double> values, double q) {
  return quantile_in_place(values, q);
}

// Reference values from R 4.x: quantile(1:10, c(0, .1, .5, 1)) gives
// 1.0 1.9 5.5 10.0 (type 7 is R's default).
// EXPECT_DOUBLE_EQ (4 ulps): 0.1 x 9 and the interpolation each round once.

TEST(QuantileInPlace, MatchesRType7OnOneToTen) {
  const std::vector<double> one_to_ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_DOUBLE_EQ(quantile_of(one_to_ten, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile_of(one_to_ten, 0.1), 1.9);
  EXPECT_DOUBLE_EQ(quantile_of(one_to_ten, 0.5), 5.5);
  EXPECT_DOUBLE_EQ(quantile_of(one_to_ten, 1.0), 10.0);
}

TEST(QuantileInPlace, DoesNotDependOnTheInputOrder) {
  const std::vector<double> shuffled = {7, 3, 10, 1, 6, 9, 2, 5, 8, 4};
  EXPECT_DOUBLE_EQ(quantile_of(shuffled, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile_of(shuffled, 0.1), 1.9);
  EXPECT_DOUBLE_EQ(quantile_of(shuffled, 0.5), 5.5);
  EXPECT_DOUBLE_EQ(quantile_of(shuffled, 1.0), 10.0);
  const std::vector<double> descending = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_DOUBLE_EQ(quantile_of(descending, 0.1), 1.9);
  EXPECT_DOUBLE_EQ(quantile_of(descending, 0.5), 5.5);
}

TEST(QuantileInPlace, OfASingleValueIsThatValue) {
  for (double q : {0.0, 0.025, 0.5, 0.975, 1.0}) EXPECT_EQ(quantile_of({42.5}, q), 42.5);
}

TEST(QuantileInPlace, InterpolatesBetweenTiedValues) {
  // R: quantile(c(2, 2, 2, 5), 0.9) is 4.1 (position 2.7 between the third
  // value 2 and the fourth 5: 2 + 0.7 x 3).
  EXPECT_DOUBLE_EQ(quantile_of({5, 2, 2, 2}, 0.9), 4.1);
}

TEST(Summarise, QuantilesMonteCarloErrorsAgreeWithTheirSpreadOverRepeatedRuns) {
  // 600 runs of 4,000 standard-normal draws: the standard deviation of each
  // quantile across runs is what its Monte Carlo error claims to estimate.
  // Asymptotically sqrt(q (1 - q) / D) / phi(z_q): 0.0198 for the median,
  // 0.0440 for a 95 % interval's ends. The spread of 600 runs is
  // known to about 1 / sqrt(2 x 599) = 2.9 %, and the order-statistic
  // estimate's bias at 4,000 draws is a few per cent, so agreement within
  // 10 % holds with a wide margin.
  constexpr int kRuns = 600;
  constexpr std::size_t kDraws = 4000;
  std::mt19937_64 engine(2024);
  std::normal_distribution<double> normal;
  std::vector<double> draws(kDraws), medians, lowers, uppers;
  double median_error = 0.0, lower_error = 0.0, upper_error = 0.0, mean_error = 0.0;
  std::vector<double> means;
  for (int r = 0; r < kRuns; ++r) {
    for (double& x : draws) x = normal(engine);
    const Summary s = summarise(draws, 0.95);
    medians.push_back(s.median);
    lowers.push_back(s.lower);
    uppers.push_back(s.upper);
    means.push_back(s.mean);
    median_error += s.median_mcse / kRuns;
    lower_error += s.lower_mcse / kRuns;
    upper_error += s.upper_mcse / kRuns;
    mean_error += s.mcse / kRuns;
  }
  auto sd = [](const std::vector<double>& values) {
    double mean = 0.0, squares = 0.0;
    for (double v : values) mean += v / static_cast<double>(values.size());
    for (double v : values) squares += (v - mean) * (v - mean);
    return std::sqrt(squares / static_cast<double>(values.size() - 1));
  };
  const double n = static_cast<double>(kDraws), pi = 3.141592653589793;
  const double phi0 = 1.0 / std::sqrt(2.0 * pi), phi_end = std::exp(-1.959964 * 1.959964 / 2.0) * phi0;
  EXPECT_NEAR(median_error, sd(medians), 0.10 * sd(medians));
  EXPECT_NEAR(lower_error, sd(lowers), 0.10 * sd(lowers));
  EXPECT_NEAR(upper_error, sd(uppers), 0.10 * sd(uppers));
  EXPECT_NEAR(mean_error, sd(means), 0.10 * sd(means));
  EXPECT_NEAR(median_error, std::sqrt(0.25 / n) / phi0, 0.05 * median_error);
  EXPECT_NEAR(lower_error, std::sqrt(0.025 * 0.975 / n) / phi_end, 0.05 * lower_error);
  // An interval's end moves about 2.2 times as far as the mean here.
  EXPECT_GT(lower_error, 2.0 * mean_error);
}

TEST(Summarise, GivesMeanMedianIntervalAndMcseOfASmallSample) {
  // Hand-computed for {2, 4, 4, 4, 5, 5, 7, 9} (given shuffled):
  //   mean 40 / 8 = 5; squared deviations sum to 32, so the sample sd is
  //   sqrt(32 / 7) and mcse = sd / sqrt(8) = sqrt(4 / 7).
  //   R: quantile(c(2,4,4,4,5,5,7,9), c(.05, .5, .95)) gives 2.7 4.5 8.3.
  std::vector<double> draws = {5, 9, 4, 2, 7, 4, 5, 4};
  const Summary s = summarise(draws, 0.9);
  // A handful of roundings on small integers: within EXPECT_DOUBLE_EQ's 4 ulps.
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_DOUBLE_EQ(s.median, 4.5);
  EXPECT_DOUBLE_EQ(s.lower, 2.7);
  EXPECT_DOUBLE_EQ(s.upper, 8.3);
  EXPECT_DOUBLE_EQ(s.mcse, std::sqrt(4.0 / 7.0));
}

TEST(Summarise, OfIdenticalDrawsHasZeroMcseAndADegenerateInterval) {
  std::vector<double> draws(100, 1234.0);
  const Summary s = summarise(draws, 0.95);
  EXPECT_EQ(s.mean, 1234.0);
  EXPECT_EQ(s.median, 1234.0);
  EXPECT_EQ(s.lower, 1234.0);
  EXPECT_EQ(s.upper, 1234.0);
  EXPECT_EQ(s.mcse, 0.0);
}

// --- Several interval levels at once --------------------------------------

// Level sets: the headline first, the others in any order, narrower or wider.
const std::vector<std::vector<double>> kLevelSets = {
    {0.95}, {0.95, 0.998}, {0.9, 0.5, 0.99}, {0.8, 0.998, 0.5, 0.95}, {0.998, 0.95}};

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Every quantile of `s` and `extra` (the further levels' ends) is exactly
// quantile_in_place's on the same draws.
void expect_quantiles_exact(const std::vector<double>& draws, const std::vector<double>& levels, const Summary& s,
                            const std::vector<double>& extra) {
  ASSERT_EQ(extra.size(), extra_values(levels.size()));
  std::vector<double> copy = draws;
  EXPECT_EQ(s.median, quantile_in_place(copy, 0.5));
  for (std::size_t l = 0; l < levels.size(); ++l) {
    SCOPED_TRACE(testing::Message() << "level " << levels[l]);
    const double lower = l == 0 ? s.lower : extra[2 * (l - 1)];
    const double upper = l == 0 ? s.upper : extra[2 * (l - 1) + 1];
    EXPECT_TRUE(same_bits(lower, quantile_in_place(copy, (1.0 - levels[l]) / 2.0))) << lower;
    EXPECT_TRUE(same_bits(upper, quantile_in_place(copy, (1.0 + levels[l]) / 2.0))) << upper;
  }
}

// The headline of a several-level summary is the one-level summary, bit for bit.
void expect_headline_is_one_level(const Summary& several, const Summary& one) {
  EXPECT_TRUE(same_bits(several.mean, one.mean));
  EXPECT_TRUE(same_bits(several.median, one.median));
  EXPECT_TRUE(same_bits(several.lower, one.lower));
  EXPECT_TRUE(same_bits(several.upper, one.upper));
  EXPECT_TRUE(same_bits(several.mcse, one.mcse));
}

std::vector<double> gamma_draws(std::size_t n, std::uint64_t seed, bool rounded) {
  std::mt19937_64 random(seed);
  std::gamma_distribution<double> draw(2.0, 50.0);
  std::vector<double> values(n);
  for (double& v : values) v = rounded ? std::round(draw(random)) : draw(random);
  return values;
}

TEST(SummariseLevels, EveryLevelEqualsQuantileInPlace) {
  // Continuous and heavily tied draws, sizes from one draw to many.
  for (std::size_t n : {1u, 2u, 3u, 10u, 999u, 10000u})
    for (bool rounded : {false, true})
      for (const std::vector<double>& levels : kLevelSets) {
        SCOPED_TRACE(testing::Message() << n << " draws, rounded " << rounded << ", " << levels.size() << " levels");
        const std::vector<double> draws = gamma_draws(n, n + 100, rounded);
        std::vector<double> extra(extra_values(levels.size()), std::nan(""));
        const Summary s = summarise(draws, levels, extra);
        expect_quantiles_exact(draws, levels, s, extra);
        expect_headline_is_one_level(s, summarise(draws, levels.front()));
      }
}

TEST(SummariseLevels, FallsBackToPlainSelectionOnRangesTooWideToBucket) {
  // max - min overflows: order_statistics selects rank by rank instead.
  std::vector<double> draws = gamma_draws(500, 7, false);
  draws[3] = -1.5e308;
  draws[400] = 1.7e308;
  const std::vector<double> levels = {0.95, 0.5, 0.998};
  std::vector<double> extra(extra_values(levels.size()));
  const Summary s = summarise(draws, levels, extra);
  expect_quantiles_exact(draws, levels, s, extra);
  // Identical draws: every quantile is that value, known exactly.
  const std::vector<double> same(50, 3.25);
  const Summary constant = summarise(same, levels, extra);
  expect_quantiles_exact(same, levels, constant, extra);
  for (std::size_t i = 0; i < extra.size(); ++i) EXPECT_EQ(extra[i], i < 4 ? 3.25 : 0.0) << i;
  EXPECT_EQ(constant.median_mcse, 0.0);
}

TEST(SummariseBoundedLevels, EveryLevelEqualsQuantileInPlace) {
  for (std::size_t n : {1u, 2u, 257u, 10001u})
    for (const std::vector<double>& levels : kLevelSets) {
      SCOPED_TRACE(testing::Message() << n << " draws, " << levels.size() << " levels");
      const std::vector<double> draws = gamma_draws(n, n + 200, false);
      const auto [low, high] = std::minmax_element(draws.begin(), draws.end());
      std::vector<double> scratch(n), extra(extra_values(levels.size()));
      const auto draw = [&](std::size_t d) { return draws[d]; };
      const Summary s = summarise_bounded(scratch, *low, *high, levels, extra, draw);
      expect_quantiles_exact(draws, levels, s, extra);
      expect_headline_is_one_level(s, summarise_bounded(scratch, *low, *high, levels.front(), draw));
      // Bounds that hold every draw but whose width overflows: summarise() instead.
      constexpr double kLargest = std::numeric_limits<double>::max();
      std::vector<double> fallback_extra(extra.size());
      const Summary fallback = summarise_bounded(scratch, -kLargest, kLargest, levels, fallback_extra, draw);
      expect_quantiles_exact(draws, levels, fallback, fallback_extra);
      EXPECT_EQ(fallback_extra, extra);
    }
}

}  // namespace
}  // namespace prevalence::summary
