// Tests engine/summary/order_statistics.cpp: bucket selection returns exactly
// the elements a full sort puts at each rank, on continuous values, heavy
// ties (realised counts), constants, extremes and tiny inputs.

#include "engine/summary/order_statistics.hpp"
#include "engine/summary/summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace prevalence::summary {
namespace {

void expect_ranks_match_sort(const std::vector<double>& values, std::vector<std::size_t> ranks) {
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> out(ranks.size());
  order_statistics(values, sorted.front(), sorted.back(), ranks, out);
  for (std::size_t i = 0; i < ranks.size(); ++i) EXPECT_EQ(out[i], sorted[ranks[i]]) << "rank " << ranks[i];
}

std::vector<std::size_t> every_rank(std::size_t n) {
  std::vector<std::size_t> ranks(n);
  for (std::size_t i = 0; i < n; ++i) ranks[i] = i;
  return ranks;
}

TEST(OrderStatistics, EqualSortedValuesOnContinuousDraws) {
  std::mt19937_64 random(7);
  std::lognormal_distribution<double> draw(3.0, 0.5);
  std::vector<double> values(5000);
  for (double& v : values) v = draw(random);
  expect_ranks_match_sort(values, every_rank(values.size()));
}

TEST(OrderStatistics, EqualSortedValuesWithHeavyTies) {
  // Realised counts of a rare cell: a handful of distinct integers.
  std::mt19937_64 random(8);
  std::poisson_distribution<int> draw(2.5);
  std::vector<double> values(20000);
  for (double& v : values) v = draw(random);
  expect_ranks_match_sort(values, {0, 499, 500, 9999, 10000, 19499, 19500, 19999});
}

TEST(OrderStatistics, HandlesConstantsExtremesAndTinyInputs) {
  expect_ranks_match_sort({4.0, 4.0, 4.0}, {0, 1, 2});
  expect_ranks_match_sort({1.0}, {0});
  expect_ranks_match_sort({2.0, 1.0}, {0, 1, 1, 0});
  expect_ranks_match_sort({0.0, 1e300, -1e300, 5.0, 1e-300}, every_rank(5));
}

TEST(Summarise, QuantilesEqualTheSelectionReference) {
  std::mt19937_64 random(9);
  std::gamma_distribution<double> draw(2.0, 50.0);
  std::vector<double> values(9999);
  for (double& v : values) v = std::round(draw(random));
  for (double interval : {0.5, 0.9, 0.95, 0.998}) {
    const Summary s = summarise(values, interval);
    std::vector<double> copy = values;
    EXPECT_EQ(s.lower, quantile_in_place(copy, (1.0 - interval) / 2.0)) << interval;
    EXPECT_EQ(s.median, quantile_in_place(copy, 0.5)) << interval;
    EXPECT_EQ(s.upper, quantile_in_place(copy, (1.0 + interval) / 2.0)) << interval;
  }
}

}  // namespace
}  // namespace prevalence::summary
