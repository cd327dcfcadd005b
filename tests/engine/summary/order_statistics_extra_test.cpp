// Tests engine/summary/order_statistics.cpp further, on data sets that stress
// the bucket edges: several values exactly at the maximum (which take the
// extra top bucket), values spread over 600 orders of magnitude, denormals,
// both signs, ranges so wide that max - min overflows to infinity or so
// narrow that the bucket scale does, two distinct values, one value, and
// sizes either side of the 256-value blocks the buckets are computed in. In
// every case min and max are the true extremes, and each rank asked for must
// be exactly the element std::sort puts there (all ranks, or random sets of
// ranks in random order with repeats).

#include "engine/summary/order_statistics.hpp"
#include "engine/summary/summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

namespace prevalence::summary {
namespace {

void expect_ranks_match_sort(const std::vector<double>& values, const std::vector<std::size_t>& ranks) {
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> out(ranks.size(), std::nan(""));
  order_statistics(values, sorted.front(), sorted.back(), ranks, out);
  for (std::size_t i = 0; i < ranks.size(); ++i)
    ASSERT_EQ(out[i], sorted[ranks[i]]) << "rank " << ranks[i] << " of " << values.size();
}

std::vector<std::size_t> every_rank(std::size_t n) {
  std::vector<std::size_t> ranks(n);
  for (std::size_t i = 0; i < n; ++i) ranks[i] = i;
  return ranks;
}

// Ranks as a summary asks for them (pairs, possibly repeated, in no order)
// plus the extremes: 12 in random order.
std::vector<std::size_t> random_ranks(std::size_t n, std::mt19937_64& random) {
  std::uniform_int_distribution<std::size_t> rank(0, n - 1);
  std::vector<std::size_t> ranks = {0, n - 1};
  for (int i = 0; i < 10; ++i) ranks.push_back(rank(random));
  std::shuffle(ranks.begin(), ranks.end(), random);
  return ranks;
}

// Checks all ranks (up to 1023 values; random rank sets only above, where
// asking for every rank of heavily tied values costs a selection over the
// whole tie each) and a few random rank sets, for the values as given,
// sorted, reversed and shuffled (the order decides which values take the
// paired vector path and which the odd last one).
void expect_order_statistics_exact(std::vector<double> values, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  auto check = [&](const char* arrangement) {
    SCOPED_TRACE(arrangement);
    if (values.size() <= 1023) expect_ranks_match_sort(values, every_rank(values.size()));
    for (int set = 0; set < 3; ++set) expect_ranks_match_sort(values, random_ranks(values.size(), random));
  };
  check("as given");
  std::sort(values.begin(), values.end());
  check("ascending");
  std::reverse(values.begin(), values.end());
  check("descending");
  std::shuffle(values.begin(), values.end(), random);
  check("shuffled");
}

constexpr std::size_t kSizes[] = {1, 2, 3, 15, 16, 17, 31, 33, 255, 256, 257, 511, 512, 513, 1023, 4097};

// --- Values exactly at the maximum -------------------------------------------

TEST(OrderStatisticsExtremes, SeveralValuesEqualToTheMaximumTakeTheTopRanks) {
  for (std::size_t size : kSizes) {
    if (size < 4) continue;
    SCOPED_TRACE(size);
    std::mt19937_64 random(size);
    std::uniform_real_distribution<double> draw(0.0, 100.0);
    std::vector<double> values(size);
    for (double& v : values) v = draw(random);
    // A quarter of the values (at least 2) exactly at the maximum, one just below it.
    const std::size_t at_max = std::max<std::size_t>(2, size / 4);
    for (std::size_t i = 0; i < at_max; ++i) values[i * (size / at_max)] = 100.0;
    values[size - 1] = std::nextafter(100.0, 0.0);
    expect_order_statistics_exact(values, size);
  }
}

TEST(OrderStatisticsExtremes, ManyValuesAtBothExtremesAndFewBetween) {
  for (std::size_t size : kSizes) {
    if (size < 3) continue;
    SCOPED_TRACE(size);
    std::vector<double> values(size);
    for (std::size_t i = 0; i < size; ++i)
      values[i] = i % 3 == 0 ? -1.0 : i % 3 == 1 ? 1.0 : 0.999 * std::sin(static_cast<double>(i));
    expect_order_statistics_exact(values, size + 1);
  }
}

// --- Huge and tiny ranges -------------------------------------------------

TEST(OrderStatisticsExtremes, ValuesSpanningSixHundredOrdersOfMagnitude) {
  // Log-uniform magnitudes from 1e-300 to 1e300, both signs: almost all
  // values fall in the buckets nearest zero.
  for (std::size_t size : kSizes) {
    SCOPED_TRACE(size);
    std::mt19937_64 random(size + 2);
    std::uniform_real_distribution<double> exponent(-300.0, 300.0);
    std::vector<double> positive(size), mixed(size);
    for (std::size_t i = 0; i < size; ++i) {
      positive[i] = std::pow(10.0, exponent(random));
      mixed[i] = (random() % 2 == 0 ? 1.0 : -1.0) * positive[i];
    }
    if (size >= 2) {
      positive[0] = 1e-300;
      positive[1] = 1e300;
    }
    expect_order_statistics_exact(positive, size);
    expect_order_statistics_exact(mixed, size + 1);
  }
}

TEST(OrderStatisticsExtremes, DenormalsAndZeros) {
  // A range of a few denormals: (high - low) is so small that the bucket
  // scale, buckets / (high - low), overflows to infinity.
  for (std::size_t size : kSizes) {
    SCOPED_TRACE(size);
    std::mt19937_64 random(size + 3);
    std::vector<double> tiny(size), wider(size);
    for (std::size_t i = 0; i < size; ++i) {
      tiny[i] = static_cast<double>(random() % 4) * DBL_TRUE_MIN;  // 0 to 3 x the smallest denormal
      wider[i] = std::ldexp(static_cast<double>(random() % 1000) - 500.0, -1074 + static_cast<int>(random() % 60));
    }
    expect_order_statistics_exact(tiny, size);
    expect_order_statistics_exact(wider, size + 1);
  }
}

// When max - min overflows to infinity no bucket width exists: selection
// must fall back to plain selection, not put values in the wrong buckets.
TEST(OrderStatisticsExtremes, RangeWiderThanTheLargestDouble) {
  // max - min overflows to infinity, so the bucket scale is 0.
  for (std::size_t size : kSizes) {
    SCOPED_TRACE(size);
    std::mt19937_64 random(size + 4);
    std::uniform_real_distribution<double> draw(-1.0, 1.0);  // times DBL_MAX: its width would overflow
    std::vector<double> values(size);
    for (double& v : values) v = draw(random) * DBL_MAX;
    if (size >= 2) {
      values[0] = -DBL_MAX;
      values[size - 1] = DBL_MAX;
    }
    if (size >= 4) {
      values[1] = 0.0;
      values[2] = DBL_MAX;
    }
    expect_order_statistics_exact(values, size);
  }
}

TEST(OrderStatisticsExtremes, NegativeAndPositiveValuesAroundZero) {
  for (std::size_t size : kSizes) {
    SCOPED_TRACE(size);
    std::mt19937_64 random(size + 5);
    std::normal_distribution<double> draw(0.0, 1.0);
    std::vector<double> values(size);
    for (double& v : values) v = draw(random);
    if (size >= 3) {
      values[size / 2] = 0.0;
      values[size / 3] = -0.0;
    }
    expect_order_statistics_exact(values, size);
  }
}

// --- Few distinct values ---------------------------------------------------

TEST(OrderStatisticsExtremes, TwoDistinctValuesOnly) {
  for (std::size_t size : kSizes) {
    if (size < 2) continue;
    SCOPED_TRACE(size);
    std::mt19937_64 random(size + 6);
    for (const auto& [low, high] : {std::pair{0.0, 1.0}, std::pair{41.0, 42.0}, std::pair{-1e300, 1e300},
                                    std::pair{1.0, std::nextafter(1.0, 2.0)}}) {
      std::vector<double> values(size);
      for (double& v : values) v = random() % 5 == 0 ? high : low;
      values[0] = low;
      values[1] = high;
      expect_order_statistics_exact(values, size);
    }
  }
}

TEST(OrderStatisticsExtremes, OneValueIsEveryRank) {
  for (double x : {0.0, -3.5, 1e300, DBL_TRUE_MIN}) {
    std::vector<double> out(3);
    const std::vector<double> one = {x};
    const std::vector<std::size_t> ranks = {0, 0, 0};
    order_statistics(one, x, x, ranks, out);
    EXPECT_EQ(out, std::vector<double>(3, x));
  }
}

// --- Sizes around the block size ---------------------------------------------

TEST(OrderStatisticsExtremes, SizesAroundTheBlockOfTwoHundredAndFiftySix) {
  // Continuous values and heavy ties, at every size within 3 of one to four
  // whole blocks and a few more, so the last block is full, a few short, a
  // few over, and odd or even.
  std::mt19937_64 random(7);
  std::vector<std::size_t> sizes;
  for (std::size_t blocks = 1; blocks <= 4; ++blocks)
    for (std::size_t n = 256 * blocks - 3; n <= 256 * blocks + 3; ++n) sizes.push_back(n);
  for (std::size_t n : {383, 2049, 4099}) sizes.push_back(n);
  for (std::size_t size : sizes) {
    SCOPED_TRACE(size);
    std::lognormal_distribution<double> continuous(0.0, 2.0);
    std::poisson_distribution<int> ties(3.0);
    std::vector<double> smooth(size), tied(size);
    for (std::size_t i = 0; i < size; ++i) {
      smooth[i] = continuous(random);
      tied[i] = ties(random);
    }
    expect_ranks_match_sort(smooth, every_rank(size));
    expect_ranks_match_sort(tied, every_rank(size));
    expect_ranks_match_sort(tied, random_ranks(size, random));
  }
}

// The same for bounds given beforehand: a range of a few denormals has a
// bucket width that overflows, and the summary falls back rather than
// overrun its buckets (this overran them before the fallback).
TEST(SummariseBounded, RangeOfDenormalsFallsBack) {
  std::vector<double> scratch(1001);
  const Summary s = summarise_bounded(scratch, 0.0, 1e-320, 0.95, [](std::size_t d) { return d % 2 ? 1e-320 : 0.0; });
  EXPECT_EQ(s.lower, 0.0);
  EXPECT_EQ(s.median, 0.0);
  EXPECT_EQ(s.upper, 1e-320);
}

}  // namespace
}  // namespace prevalence::summary
