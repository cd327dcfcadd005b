// Tests engine/summary/product_summary.cpp: the one-pass summary of
// expected counts c x m x s gives exactly (bit for bit) what the two-pass
// bounded summary gives, whether its pilot brackets hold the quantiles or
// miss them (then it falls back), for any interval, size and scale.

#include "engine/summary/product_summary.hpp"

#include "engine/summary/summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace prevalence::summary {
namespace {

// Draws shaped like the reference workload's: a log-normal head-count
// multiplier and a Beta-like share.
struct Factors {
  std::vector<double> m, s;
};

Factors factors(std::size_t n, std::uint64_t seed, double share_mean = 0.2) {
  std::mt19937_64 random(seed);
  std::lognormal_distribution<double> multiplier(0.0, 0.03);
  std::gamma_distribution<double> a(2000.0 * share_mean, 1.0), b(2000.0 * (1.0 - share_mean), 1.0);
  Factors f{std::vector<double>(n), std::vector<double>(n)};
  for (std::size_t d = 0; d < n; ++d) {
    f.m[d] = multiplier(random);
    const double x = a(random);
    f.s[d] = x / (x + b(random));
  }
  return f;
}

std::pair<double, double> range(const std::vector<double>& v) {
  const auto [low, high] = std::minmax_element(v.begin(), v.end());
  return {*low, *high};
}

Summary two_pass(double c, const Factors& f, double interval) {
  std::vector<double> scratch(f.m.size());
  const auto [m_low, m_high] = range(f.m);
  const auto [s_low, s_high] = range(f.s);
  return summarise_bounded(scratch, c * m_low * s_low, c * m_high * s_high, interval,
                           [&](std::size_t d) { return c * f.m[d] * f.s[d]; });
}

Summary one_pass(double c, const Factors& f, const QuantileBrackets& brackets, double interval) {
  std::vector<double> scratch(f.m.size());
  return summarise_product(c, f.m, f.s, range(f.m), range(f.s), brackets, interval, scratch);
}

// The pilot: another area's draws of m x s (c = 1) with the same shares.
QuantileBrackets brackets_for(const Factors& area, std::uint64_t pilot_seed, double interval) {
  const Factors pilot_factors = factors(area.m.size(), pilot_seed);
  std::vector<double> pilot(area.m.size());
  for (std::size_t d = 0; d < pilot.size(); ++d) pilot[d] = pilot_factors.m[d] * area.s[d];
  return predict_brackets(pilot, interval);
}

void expect_bit_identical(const Summary& a, const Summary& b) {
  const double x[] = {a.mean, a.median, a.lower, a.upper, a.mcse};
  const double y[] = {b.mean, b.median, b.lower, b.upper, b.mcse};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(std::memcmp(&x[i], &y[i], sizeof(double)), 0) << "field " << i << ": " << x[i] << " vs " << y[i];
}

TEST(SummariseProduct, EqualsTheTwoPassSummaryWhenBracketsHold) {
  for (std::size_t n : {4096u, 5001u, 20000u, 100000u})
    for (double interval : {0.5, 0.9, 0.95, 0.99})
      for (double c : {1.0, 437.5}) {
        const Factors area = factors(n, n + 1);
        const QuantileBrackets brackets = brackets_for(area, 99, interval);
        ASSERT_TRUE(brackets.usable);
        SCOPED_TRACE(testing::Message() << "n " << n << " interval " << interval << " c " << c);
        expect_bit_identical(one_pass(c, area, brackets, interval), two_pass(c, area, interval));
      }
}

TEST(SummariseProduct, EqualsTheTwoPassSummaryWhenBracketsMiss) {
  // Brackets predicted for shares twice as large: every range misses.
  const Factors area = factors(20000, 3);
  Factors other = area;
  for (double& s : other.s) s *= 2.0;
  std::vector<double> pilot(area.m.size());
  for (std::size_t d = 0; d < pilot.size(); ++d) pilot[d] = other.m[d] * other.s[d];
  const QuantileBrackets wrong = predict_brackets(pilot, 0.95);
  ASSERT_TRUE(wrong.usable);
  expect_bit_identical(one_pass(250.0, area, wrong, 0.95), two_pass(250.0, area, 0.95));
}

TEST(SummariseProduct, FewDrawsAreSummarisedInTwoPasses) {
  const Factors area = factors(1000, 5);
  const QuantileBrackets brackets = brackets_for(area, 6, 0.95);
  EXPECT_FALSE(brackets.usable);
  expect_bit_identical(one_pass(300.0, area, brackets, 0.95), two_pass(300.0, area, 0.95));
  expect_bit_identical(one_pass(300.0, factors(1, 7), brackets, 0.95), two_pass(300.0, factors(1, 7), 0.95));
}

TEST(SummariseProduct, ZeroDenominatorGivesZeros) {
  const Factors area = factors(8192, 8);
  const Summary s = one_pass(0.0, area, brackets_for(area, 9, 0.95), 0.95);
  EXPECT_EQ(s.mean, 0.0);
  EXPECT_EQ(s.lower, 0.0);
  EXPECT_EQ(s.upper, 0.0);
  EXPECT_EQ(s.mcse, 0.0);
}

TEST(PredictBrackets, EachRangeHoldsItsQuantileWithTheQuantileInside) {
  const Factors area = factors(50000, 10);
  std::vector<double> pilot(area.m.size());
  for (std::size_t d = 0; d < pilot.size(); ++d) pilot[d] = area.m[d] * area.s[d];
  const QuantileBrackets brackets = predict_brackets(pilot, 0.95);
  ASSERT_TRUE(brackets.usable);
  std::vector<double> sorted = pilot;
  std::sort(sorted.begin(), sorted.end());
  const double quantile[] = {sorted[static_cast<std::size_t>(0.025 * 49999)], sorted[25000],
                             sorted[static_cast<std::size_t>(0.975 * 49999)]};
  for (int i = 0; i < 3; ++i) {
    EXPECT_LT(brackets.low[i], quantile[i]);
    EXPECT_GT(brackets.high[i], quantile[i]);
    EXPECT_LT(brackets.low[i], brackets.high[i]);
  }
  EXPECT_LT(brackets.high[0], brackets.low[1]);  // narrow: the ranges do not meet at this size
  EXPECT_LT(brackets.high[1], brackets.low[2]);
}

// --- Several interval levels at once ------------------------------------------

const std::vector<std::vector<double>> kLevelSets = {
    {0.95, 0.998}, {0.9, 0.5, 0.99}, {0.8, 0.998, 0.5, 0.95}, {0.998, 0.95}};

// The product's draws, made the way summarise_product makes them.
std::vector<double> products(double c, const Factors& f) {
  std::vector<double> draws(f.m.size());
  for (std::size_t d = 0; d < draws.size(); ++d) draws[d] = c * f.m[d] * f.s[d];
  return draws;
}

// One pass at several levels: the same bits as two passes at those levels,
// every quantile equal to quantile_in_place's on the same draws, and the
// headline the one-level summary.
void expect_levels_exact(double c, const Factors& area, const QuantileBrackets& brackets,
                         const std::vector<double>& levels) {
  std::vector<double> scratch(area.m.size()), extra(extra_values(levels.size()), std::nan(""));
  const Summary s =
      summarise_product(c, area.m, area.s, range(area.m), range(area.s), brackets, levels, extra, scratch);
  const auto [m_low, m_high] = range(area.m);
  const auto [s_low, s_high] = range(area.s);
  std::vector<double> two_pass_extra(extra.size());
  const Summary two = summarise_bounded(scratch, c * m_low * s_low, c * m_high * s_high, levels, two_pass_extra,
                                        [&](std::size_t d) { return c * area.m[d] * area.s[d]; });
  expect_bit_identical(s, two);
  EXPECT_EQ(std::memcmp(extra.data(), two_pass_extra.data(), extra.size() * sizeof(double)), 0);

  std::vector<double> draws = products(c, area);
  EXPECT_EQ(s.median, quantile_in_place(draws, 0.5));
  for (std::size_t l = 0; l < levels.size(); ++l) {
    SCOPED_TRACE(testing::Message() << "level " << levels[l]);
    EXPECT_EQ(l == 0 ? s.lower : extra[2 * (l - 1)], quantile_in_place(draws, (1.0 - levels[l]) / 2.0));
    EXPECT_EQ(l == 0 ? s.upper : extra[2 * (l - 1) + 1], quantile_in_place(draws, (1.0 + levels[l]) / 2.0));
  }
  expect_bit_identical(s, one_pass(c, area, predict_brackets(products(1.0, area), levels.front()), levels.front()));
}

QuantileBrackets level_brackets_for(const Factors& area, std::uint64_t pilot_seed, const std::vector<double>& levels) {
  const Factors pilot_factors = factors(area.m.size(), pilot_seed);
  std::vector<double> pilot(area.m.size());
  for (std::size_t d = 0; d < pilot.size(); ++d) pilot[d] = pilot_factors.m[d] * area.s[d];
  return predict_brackets(pilot, levels);
}

TEST(SummariseProductLevels, EveryLevelIsExactWhenBracketsHold) {
  for (std::size_t n : {4096u, 5001u, 100000u})
    for (const std::vector<double>& levels : kLevelSets)
      for (double c : {1.0, 437.5}) {
        const Factors area = factors(n, n + 11);
        const QuantileBrackets brackets = level_brackets_for(area, 98, levels);
        ASSERT_TRUE(brackets.usable);
        ASSERT_EQ(brackets.n_quantiles, 1 + 2 * levels.size());
        SCOPED_TRACE(testing::Message() << "n " << n << ", " << levels.size() << " levels, c " << c);
        expect_levels_exact(c, area, brackets, levels);
      }
}

TEST(SummariseProductLevels, EveryLevelIsExactWhenBracketsMissOrDoNotFit) {
  const Factors area = factors(20000, 13);
  for (const std::vector<double>& levels : kLevelSets) {
    SCOPED_TRACE(testing::Message() << levels.size() << " levels");
    // Brackets predicted for shares twice as large: every range misses.
    Factors other = area;
    for (double& s : other.s) s *= 2.0;
    const QuantileBrackets wrong = predict_brackets(products(1.0, other), levels);
    ASSERT_TRUE(wrong.usable);
    expect_levels_exact(250.0, area, wrong, levels);
    // Brackets for the headline level alone, or for other levels.
    expect_levels_exact(250.0, area, level_brackets_for(area, 14, {levels.front()}), levels);
    expect_levels_exact(250.0, area, level_brackets_for(area, 14, {0.5, 0.6}), levels);
    // Too few draws for brackets, and one draw.
    const Factors few = factors(1000, 15);
    const QuantileBrackets none = level_brackets_for(few, 16, levels);
    EXPECT_FALSE(none.usable);
    expect_levels_exact(300.0, few, none, levels);
    expect_levels_exact(300.0, factors(1, 17), none, levels);
    // A zero denominator: every quantile 0.
    expect_levels_exact(0.0, area, level_brackets_for(area, 18, levels), levels);
  }
}

TEST(PredictBracketsLevels, EachRangeHoldsItsQuantile) {
  const Factors area = factors(50000, 19);
  const std::vector<double> pilot = products(1.0, area);
  const std::vector<double> levels = {0.95, 0.5, 0.998};
  const QuantileBrackets brackets = predict_brackets(pilot, levels);
  ASSERT_TRUE(brackets.usable);
  ASSERT_EQ(brackets.n_quantiles, 7u);
  // Quantiles in QuantileRanks' order: headline lower, median, headline upper, then each further level's ends.
  const double probabilities[] = {0.025, 0.5, 0.975, 0.25, 0.75, 0.001, 0.999};
  for (int i = 0; i < 7; ++i) {
    std::vector<double> copy = pilot;
    const double quantile = quantile_in_place(copy, probabilities[i]);
    EXPECT_LT(brackets.low[i], quantile) << i;
    EXPECT_GT(brackets.high[i], quantile) << i;
  }
  // The one-level brackets are the first three.
  const QuantileBrackets one = predict_brackets(pilot, 0.95);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(one.low[i], brackets.low[i]);
    EXPECT_EQ(one.high[i], brackets.high[i]);
  }
}

}  // namespace
}  // namespace prevalence::summary
