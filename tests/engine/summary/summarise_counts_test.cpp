// Tests summarise_counts() in engine/summary/summary.cpp: the summary of
// whole-number draws (realised counts) equals summarise() on the same values
// as doubles: lower, median and upper exactly (both take the same order
// statistics and interpolate them the same way), mean and mcse up to
// rounding. Cases cover the counted path (values spanning fewer than 65,536
// integers) and the fallback to summarise() above it, negative values, ties,
// all-equal draws, one and two draws, and several interval widths.
//
// Tolerance for mean and mcse: 1e-12 relative. The two sum in different
// orders: summarise_counts adds integer offsets exactly and rounds once,
// summarise() adds doubles in four interleaved lanes. Whole numbers add
// exactly in doubles while partial sums stay below 2^53, so there the means
// agree to the last bit or two; past 2^53 summarise()'s rounding errors grow
// about as sqrt(draws) x 1.1e-16 relative to the sum of |x|, still far below
// 1e-12. The mean is compared relative to the largest |value| (a mean near
// zero from values of both signs has no relative accuracy of its own), mcse
// relative to itself. summarise_counts is also compared with a reference
// computed in long double from exact offsets to the minimum.
//
// summarise()'s mcse is compared only while the sum of |x| is below 2^53:
// beyond, its mean is off by many units in the last place, and its squared
// deviations from that mean overstate a spread that is tiny next to the mean
// (values 4e15 + 0..20 over 10,000 draws: mcse 0.117 instead of 0.0601).
// summarise_counts works with exact integer offsets on its counted path, so
// it keeps the reference's value there.

#include "engine/summary/summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <vector>

namespace prevalence::summary {
namespace {

constexpr double kRelativeTolerance = 1e-12;
constexpr double kIntervals[] = {0.5, 0.9, 0.95, 0.99};

struct Reference {
  double mean = 0.0;
  double mcse = 0.0;
};

// Mean and mcse from offsets to the minimum in long double: exact offsets
// (every range here is below 2^63), two passes, 64-bit or wider significands.
Reference reference_of(const std::vector<std::int64_t>& draws) {
  const std::int64_t min = *std::min_element(draws.begin(), draws.end());
  const auto n = static_cast<long double>(draws.size());
  long double sum = 0.0L;
  for (std::int64_t x : draws) sum += static_cast<long double>(x - min);
  const long double offset_mean = sum / n;
  long double squares = 0.0L;
  for (std::int64_t x : draws) {
    const long double deviation = static_cast<long double>(x - min) - offset_mean;
    squares += deviation * deviation;
  }
  Reference reference;
  reference.mean = static_cast<double>(static_cast<long double>(min) + offset_mean);
  reference.mcse = draws.size() > 1 ? static_cast<double>(std::sqrt(squares / (n - 1.0L) / n)) : 0.0;
  return reference;
}

// Checks summarise_counts(draws) against summarise() on the same values as
// doubles, and against the long double reference.
void expect_same_summary(const std::vector<std::int64_t>& draws, double interval) {
  const std::vector<double> as_doubles(draws.begin(), draws.end());
  const Summary counted = summarise_counts(draws, interval);
  const Summary reference = summarise(as_doubles, interval);

  EXPECT_EQ(counted.lower, reference.lower);
  EXPECT_EQ(counted.median, reference.median);
  EXPECT_EQ(counted.upper, reference.upper);

  double largest = 0.0, total = 0.0;
  for (double x : as_doubles) {
    largest = std::max(largest, std::abs(x));
    total += std::abs(x);
  }
  const Reference exact = reference_of(draws);
  EXPECT_NEAR(counted.mean, reference.mean, kRelativeTolerance * largest);
  EXPECT_NEAR(counted.mean, exact.mean, kRelativeTolerance * largest);
  EXPECT_NEAR(counted.mcse, exact.mcse, kRelativeTolerance * exact.mcse);
  if (total < 0x1p53) {
    EXPECT_NEAR(counted.mcse, reference.mcse, kRelativeTolerance * reference.mcse);
  }
}

void expect_same_summary_at_every_interval(const std::vector<std::int64_t>& draws) {
  for (double interval : kIntervals) {
    SCOPED_TRACE(testing::Message() << "interval " << interval);
    expect_same_summary(draws, interval);
  }
}

constexpr std::size_t kSizes[] = {1, 2, 3, 4, 5, 7, 10, 39, 40, 41, 100, 999, 1000, 1001, 4001, 10000};

// Draws `size` values with `make` from a fixed seed, then puts `low` and
// `high` at random places when there is room, so the range is exactly known.
std::vector<std::int64_t> sample(std::size_t size, std::int64_t low, std::int64_t high, std::uint64_t seed,
                                 const std::function<std::int64_t(std::mt19937_64&)>& make) {
  std::mt19937_64 random(seed);
  std::vector<std::int64_t> draws(size);
  for (std::int64_t& x : draws) x = make(random);
  if (size >= 2) {
    std::uniform_int_distribution<std::size_t> place(0, size - 1);
    const std::size_t a = place(random);
    std::size_t b = place(random);
    while (b == a) b = place(random);
    draws[a] = low;
    draws[b] = high;
  }
  return draws;
}

// Uniform whole numbers in [low, high], the two ends always present.
void expect_same_summaries_for_uniform(std::int64_t low, std::int64_t high, std::uint64_t seed) {
  for (std::size_t size : kSizes) {
    SCOPED_TRACE(testing::Message() << size << " draws in [" << low << ", " << high << "]");
    expect_same_summary_at_every_interval(sample(size, low, high, seed + size, [&](std::mt19937_64& random) {
      return std::uniform_int_distribution<std::int64_t>(low, high)(random);
    }));
  }
}

// --- Hand-checked --------------------------------------------------------

TEST(SummariseCounts, GivesMeanMedianIntervalAndMcseOfASmallSample) {
  // As in summary_test: {2, 4, 4, 4, 5, 5, 7, 9} (shuffled) has mean 5,
  // mcse sqrt(4 / 7), and R's quantile(..., c(.05, .5, .95)) gives 2.7 4.5 8.3.
  const Summary s = summarise_counts(std::vector<std::int64_t>{5, 9, 4, 2, 7, 4, 5, 4}, 0.9);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_DOUBLE_EQ(s.median, 4.5);
  EXPECT_DOUBLE_EQ(s.lower, 2.7);
  EXPECT_DOUBLE_EQ(s.upper, 8.3);
  EXPECT_DOUBLE_EQ(s.mcse, std::sqrt(4.0 / 7.0));
}

TEST(SummariseCounts, HandlesNegativeValuesInASmallSample) {
  // {-3, 0, 0, 2}: mean -1/4; squared deviations 7.5625 + 0.0625 + 0.0625 +
  // 5.0625 = 12.75, so the variance is 4.25 and mcse sqrt(4.25 / 4).
  // Type 7 at 0.25, 0.5, 0.75 (positions 0.75, 1.5, 2.25): -0.75, 0, 0.5.
  const Summary s = summarise_counts(std::vector<std::int64_t>{0, 2, -3, 0}, 0.5);
  EXPECT_DOUBLE_EQ(s.mean, -0.25);
  EXPECT_DOUBLE_EQ(s.lower, -0.75);
  EXPECT_DOUBLE_EQ(s.median, 0.0);
  EXPECT_DOUBLE_EQ(s.upper, 0.5);
  EXPECT_DOUBLE_EQ(s.mcse, std::sqrt(4.25 / 4.0));
}

// A summary of draws that all equal `value`: no spread at all.
void expect_every_draw_is(const Summary& s, double value) {
  EXPECT_EQ(s.mean, value);
  EXPECT_EQ(s.median, value);
  EXPECT_EQ(s.lower, value);
  EXPECT_EQ(s.upper, value);
  EXPECT_EQ(s.mcse, 0.0);
}

TEST(SummariseCounts, OfOneDrawIsThatDrawWithZeroMcse) {
  for (std::int64_t x : {std::int64_t{0}, std::int64_t{-7}, std::int64_t{450}, std::int64_t{1} << 52}) {
    const Summary s = summarise_counts(std::vector<std::int64_t>{x}, 0.95);
    expect_every_draw_is(s, static_cast<double>(x));
  }
}

TEST(SummariseCounts, OfTwoDrawsInterpolatesBetweenThem) {
  // {10, 3} at 95 %: positions 0.025, 0.5, 0.975 between 3 and 10; mean
  // 6.5, sd sqrt(2 x 3.5^2) and mcse sd / sqrt(2) = 3.5.
  const Summary s = summarise_counts(std::vector<std::int64_t>{10, 3}, 0.95);
  EXPECT_DOUBLE_EQ(s.lower, 3.175);
  EXPECT_DOUBLE_EQ(s.median, 6.5);
  EXPECT_DOUBLE_EQ(s.upper, 9.825);
  EXPECT_DOUBLE_EQ(s.mean, 6.5);
  EXPECT_DOUBLE_EQ(s.mcse, 3.5);
}

TEST(SummariseCounts, OfIdenticalDrawsHasZeroMcseAndADegenerateInterval) {
  for (std::int64_t x : {std::int64_t{0}, std::int64_t{17}, std::int64_t{-3}, std::int64_t{1'000'000'000'000'000}}) {
    const Summary s = summarise_counts(std::vector<std::int64_t>(1000, x), 0.95);
    expect_every_draw_is(s, static_cast<double>(x));
  }
}

// --- Counted path: the values span fewer than 65,536 integers ----------------

TEST(SummariseCounts, EqualsSummariseOnRealisedCountsOfARareCell) {
  // Binomial(450, 0.0076) counts: a handful of distinct values, heavy ties.
  for (std::size_t size : kSizes) {
    SCOPED_TRACE(testing::Message() << size << " draws");
    std::mt19937_64 random(size);
    std::binomial_distribution<std::int64_t> binomial(450, 0.0076);
    std::vector<std::int64_t> draws(size);
    for (std::int64_t& x : draws) x = binomial(random);
    expect_same_summary_at_every_interval(draws);
  }
}

TEST(SummariseCounts, EqualsSummariseOnASmallRange) { expect_same_summaries_for_uniform(0, 5, 1); }

TEST(SummariseCounts, EqualsSummariseOnTwoValuesOnly) { expect_same_summaries_for_uniform(41, 42, 2); }

TEST(SummariseCounts, EqualsSummariseOnAWideCountedRange) { expect_same_summaries_for_uniform(0, 60'000, 3); }

TEST(SummariseCounts, EqualsSummariseOnTheWidestCountedRange) {
  // max - min = 65,535: the last range counted value by value.
  expect_same_summaries_for_uniform(1'000, 1'000 + 65'535, 4);
}

TEST(SummariseCounts, EqualsSummariseOnNegativeAndMixedValues) {
  expect_same_summaries_for_uniform(-1'000, 1'000, 5);
  expect_same_summaries_for_uniform(-100, -50, 6);
  expect_same_summaries_for_uniform(-65'535, 0, 7);
}

TEST(SummariseCounts, EqualsSummariseOnLargeValuesInANarrowRange) {
  // Far from zero but within 2^53, so every value is exact as a double.
  expect_same_summaries_for_uniform(4'000'000'000'000'000, 4'000'000'000'000'000 + 20, 8);
  expect_same_summaries_for_uniform(-(std::int64_t{1} << 52), -(std::int64_t{1} << 52) + 1'000, 9);
}

// --- Fallback: the values span 65,536 integers or more -------------------------

TEST(SummariseCounts, EqualsSummariseJustPastTheCountedRange) {
  // max - min = 65,536: the first range handed to summarise().
  expect_same_summaries_for_uniform(0, 65'536, 10);
  expect_same_summaries_for_uniform(-30'000, 35'536, 11);
}

TEST(SummariseCounts, EqualsSummariseOnHugeRanges) {
  expect_same_summaries_for_uniform(0, 1'000'000'000'000, 12);
  expect_same_summaries_for_uniform(-500'000'000'000, 500'000'000'000, 13);
  expect_same_summaries_for_uniform(-(std::int64_t{1} << 52), std::int64_t{1} << 52, 14);
}

TEST(SummariseCounts, EqualsSummariseWithTiesAndAFewOutliers) {
  // Mostly a small range with rare values far out: counted or not depending
  // on whether an outlier is drawn, with most of the mass in a few values.
  for (std::int64_t outlier : {std::int64_t{70'000}, std::int64_t{-70'000}, std::int64_t{65'000}}) {
    for (std::size_t size : kSizes) {
      SCOPED_TRACE(testing::Message() << size << " draws, outlier " << outlier);
      expect_same_summary_at_every_interval(sample(size, 0, outlier, size, [&](std::mt19937_64& random) {
        const std::uint64_t u = random();
        return u % 50 == 0 ? outlier : static_cast<std::int64_t>(u % 4);
      }));
    }
  }
}

// --- Many random cases -------------------------------------------------------

TEST(SummariseCounts, EqualsSummariseOnManyRandomCases) {
  // Random sizes, centres and widths on both sides of the counted-range limit.
  std::mt19937_64 random(2024);
  for (int trial = 0; trial < 400; ++trial) {
    const std::size_t size = std::uniform_int_distribution<std::size_t>(1, 3000)(random);
    const std::int64_t width =
        static_cast<std::int64_t>(std::pow(10.0, std::uniform_real_distribution<double>(0.0, 7.0)(random)));
    const std::int64_t low = std::uniform_int_distribution<std::int64_t>(-1'000'000, 1'000'000)(random);
    std::vector<std::int64_t> draws(size);
    for (std::int64_t& x : draws) x = std::uniform_int_distribution<std::int64_t>(low, low + width)(random);
    const double interval = kIntervals[trial % 4];
    SCOPED_TRACE(testing::Message() << "trial " << trial << ": " << size << " draws in [" << low << ", "
                                    << low + width << "], interval " << interval);
    expect_same_summary(draws, interval);
  }
}

// --- Several interval levels at once ------------------------------------------

// Every level's ends and the median equal quantile_in_place's on the same
// values as doubles, and the headline is the one-level summary bit for bit.
void expect_levels_exact(const std::vector<std::int64_t>& draws, const std::vector<double>& levels) {
  std::vector<double> extra(extra_values(levels.size()), std::nan(""));
  const Summary s = summarise_counts(draws, levels, extra);
  std::vector<double> copy(draws.begin(), draws.end());
  EXPECT_EQ(s.median, quantile_in_place(copy, 0.5));
  for (std::size_t l = 0; l < levels.size(); ++l) {
    SCOPED_TRACE(testing::Message() << "level " << levels[l]);
    EXPECT_EQ(l == 0 ? s.lower : extra[2 * (l - 1)], quantile_in_place(copy, (1.0 - levels[l]) / 2.0));
    EXPECT_EQ(l == 0 ? s.upper : extra[2 * (l - 1) + 1], quantile_in_place(copy, (1.0 + levels[l]) / 2.0));
  }
  const Summary one = summarise_counts(draws, levels.front());
  EXPECT_EQ(std::memcmp(&s, &one, sizeof s), 0) << "the headline differs from the one-level summary";
}

const std::vector<std::vector<double>> kLevelSets = {{0.95, 0.998}, {0.9, 0.5, 0.99}, {0.8, 0.998, 0.5, 0.95}};

TEST(SummariseCountsLevels, EveryLevelEqualsQuantileInPlaceOnTheCountedPath) {
  for (std::size_t size : kSizes)
    for (const std::vector<double>& levels : kLevelSets) {
      SCOPED_TRACE(testing::Message() << size << " draws, " << levels.size() << " levels");
      std::mt19937_64 random(size + 300);
      std::binomial_distribution<std::int64_t> binomial(450, 0.0076);
      std::vector<std::int64_t> draws(size);
      for (std::int64_t& x : draws) x = binomial(random);
      expect_levels_exact(draws, levels);
      expect_levels_exact(sample(size, -1'000, 1'000, size, [](std::mt19937_64& r) {
                            return std::uniform_int_distribution<std::int64_t>(-1'000, 1'000)(r);
                          }),
                          levels);
    }
}

TEST(SummariseCountsLevels, EveryLevelEqualsQuantileInPlaceOnTheFallback) {
  // Ranges of 65,536 values or more go through summarise().
  for (std::size_t size : kSizes)
    for (const std::vector<double>& levels : kLevelSets) {
      SCOPED_TRACE(testing::Message() << size << " draws, " << levels.size() << " levels");
      expect_levels_exact(sample(size, 0, 1'000'000'000, size + 1, [](std::mt19937_64& r) {
                            return std::uniform_int_distribution<std::int64_t>(0, 1'000'000'000)(r);
                          }),
                          levels);
    }
}

}  // namespace
}  // namespace prevalence::summary
