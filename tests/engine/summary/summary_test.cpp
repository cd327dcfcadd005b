// Tests engine/summary/summary.cpp: sample quantiles (Hyndman and Fan type 7)
// and the summary of one estimate's draws.

#include "engine/summary/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace prevalence::engine {
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

}  // namespace
}  // namespace prevalence::engine
