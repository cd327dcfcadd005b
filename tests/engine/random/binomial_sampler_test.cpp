// Tests engine/random/binomial_sampler.cpp: BinomialSampler is exact in
// distribution in each of its regimes (inversion, Boost.Random's BTRD, the
// complement for p > 1/2, either side of the switch between them), exact on
// the edge cases, and a pure function of the random stream it is given.
//
// Distribution checks draw 200,000 values, each from its own RandomStream
// with a different draw index (as the engine uses the sampler: one stream
// per draw and area), tally them, and apply Pearson's chi-square test
// against the Binomial(n, p) probabilities from boost::math. Cells whose
// expected count is under 5 are pooled with their neighbours so the
// statistic's chi-square approximation holds. The critical value is the
// chi-square quantile at alpha = 1e-4: the seeds are fixed, so the tests are
// deterministic, and a small alpha means another seed (or a legitimate change
// in how numbers are consumed) would still pass all sixteen of them about
// 99.8 % of the time, while 200,000 draws still expose any misplaced
// probability of more than about half a percentage point in a cell of 10 %.
// Each check also compares the sample mean with n p within 4 standard errors
// (a false alarm about 6 times in 100,000), which gives a more readable
// message if something is badly off.

#include "engine/random/binomial_sampler.hpp"

#include "engine/random/stream.hpp"

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace prevalence::random {
namespace {

constexpr std::int64_t kSamples = 200'000;
constexpr double kAlpha = 1e-4;
constexpr double kMinimumExpected = 5.0;
constexpr double kStandardErrors = 4.0;
constexpr std::uint64_t kSeed = 20240611;
constexpr std::uint64_t kArea = 0x5eed5eedULL;

// The branch the sampler takes for (n, p): inversion while (n + 1) min(p, 1 - p)
// is under the limit. Used to make sure each test exercises the branch it names.
bool uses_inversion(std::int64_t n, double p) {
  const double rarer = std::min(p, 1.0 - p);
  return static_cast<double>(n + 1) * rarer < BinomialSampler::kInversionLimit;
}

struct GoodnessOfFit {
  double statistic = 0.0;
  double critical = 0.0;
  int cells = 0;
};

// Pearson's chi-square of `observed` (observed[k] = samples equal to k, for
// k = 0..n) against Binomial(n, p). Only values within 10 standard
// deviations of the mean are tallied one by one; the tails beyond enter as
// two lumps through the CDF, so every value 0..n is accounted for exactly
// without evaluating millions of tiny probabilities when n is large.
// Adjacent values are pooled, from the left, until a cell expects at least 5;
// a short remainder at the right end joins the last cell.
GoodnessOfFit chi_square_against_binomial(const std::vector<std::int64_t>& observed, std::int64_t n, double p) {
  const boost::math::binomial_distribution<double> binomial(static_cast<double>(n), p);
  const double samples = static_cast<double>(kSamples);
  const double mean = static_cast<double>(n) * p;
  const double sd = std::sqrt(mean * (1.0 - p));
  const auto first = static_cast<std::int64_t>(std::max(0.0, std::floor(mean - 10.0 * sd - 1.0)));
  const auto last = static_cast<std::int64_t>(std::min(static_cast<double>(n), std::ceil(mean + 10.0 * sd + 1.0)));

  auto observed_between = [&](std::int64_t from, std::int64_t to) {  // inclusive
    std::int64_t total = 0;
    for (std::int64_t k = from; k <= to; ++k) total += observed[static_cast<std::size_t>(k)];
    return static_cast<double>(total);
  };

  std::vector<double> cell_expected, cell_observed;
  double expected = first > 0 ? samples * boost::math::cdf(binomial, static_cast<double>(first - 1)) : 0.0;
  double seen = first > 0 ? observed_between(0, first - 1) : 0.0;
  for (std::int64_t k = first; k <= last; ++k) {
    expected += samples * boost::math::pdf(binomial, static_cast<double>(k));
    seen += static_cast<double>(observed[static_cast<std::size_t>(k)]);
    if (expected >= kMinimumExpected) {
      cell_expected.push_back(expected);
      cell_observed.push_back(seen);
      expected = seen = 0.0;
    }
  }
  if (last < n) {
    expected += samples * boost::math::cdf(boost::math::complement(binomial, static_cast<double>(last)));
    seen += observed_between(last + 1, n);
  }
  if (cell_expected.empty()) {
    cell_expected.push_back(0.0);
    cell_observed.push_back(0.0);
  }
  cell_expected.back() += expected;
  cell_observed.back() += seen;

  GoodnessOfFit fit;
  fit.cells = static_cast<int>(cell_expected.size());
  for (std::size_t i = 0; i < cell_expected.size(); ++i) {
    const double difference = cell_observed[i] - cell_expected[i];
    fit.statistic += difference * difference / cell_expected[i];
  }
  // The cell probabilities are fully specified, so cells - 1 degrees of freedom.
  const boost::math::chi_squared_distribution<double> null(std::max(1, fit.cells - 1));
  fit.critical = boost::math::quantile(boost::math::complement(null, kAlpha));
  return fit;
}

// Draws kSamples values of Binomial(n, p), draw d from stream (kSeed, stream, d, kArea),
// and checks their distribution.
void expect_binomial(std::int64_t n, double p, std::uint64_t stream) {
  SCOPED_TRACE(testing::Message() << "n = " << n << ", p = " << p);
  const BinomialSampler sampler(p);
  std::vector<std::int64_t> observed(static_cast<std::size_t>(n) + 1, 0);
  double sum = 0.0;
  for (std::int64_t d = 0; d < kSamples; ++d) {
    RandomStream random(kSeed, stream, static_cast<std::uint32_t>(d), kArea);
    const std::int64_t x = sampler(n, random);
    ASSERT_GE(x, 0);
    ASSERT_LE(x, n);
    ++observed[static_cast<std::size_t>(x)];
    sum += static_cast<double>(x);
  }

  const double mean = static_cast<double>(n) * p;
  const double standard_error = std::sqrt(mean * (1.0 - p) / static_cast<double>(kSamples));
  EXPECT_NEAR(sum / static_cast<double>(kSamples), mean, kStandardErrors * standard_error);

  const GoodnessOfFit fit = chi_square_against_binomial(observed, n, p);
  EXPECT_GE(fit.cells, 2) << "too few cells for a meaningful test";
  EXPECT_LT(fit.statistic, fit.critical) << "chi-square over " << fit.cells << " cells";
}

// --- Distribution: inversion (small mean) ----------------------------------

TEST(BinomialSampler, InversionIsExactForARareCellOfASmallArea) {
  // A toxic-trio cell's share in a small area: (n + 1) p = 3.4.
  ASSERT_TRUE(uses_inversion(450, 0.0076));
  expect_binomial(450, 0.0076, 1);
}

TEST(BinomialSampler, InversionIsExactForACommonOutcomeOfAFewPeople) {
  ASSERT_TRUE(uses_inversion(20, 0.3));
  expect_binomial(20, 0.3, 2);
}

TEST(BinomialSampler, InversionIsExactForARareOutcomeInAMillion) {
  // A long walk of the recurrence (n + 1 - x) / x from a tiny P(0) scale.
  ASSERT_TRUE(uses_inversion(1'000'000, 5e-6));
  expect_binomial(1'000'000, 5e-6, 3);
}

TEST(BinomialSampler, InversionIsExactForASingleTrialAndForTwo) {
  ASSERT_TRUE(uses_inversion(1, 0.3));
  expect_binomial(1, 0.3, 4);
  expect_binomial(2, 0.45, 5);
}

// --- Distribution: BTRD (large mean) ---------------------------------------

TEST(BinomialSampler, BtrdIsExactForACommonCellOfASmallArea) {
  ASSERT_FALSE(uses_inversion(450, 0.2));
  expect_binomial(450, 0.2, 6);
}

TEST(BinomialSampler, BtrdIsExactForARareOutcomeInALargeArea) {
  ASSERT_FALSE(uses_inversion(10'000, 0.01));
  expect_binomial(10'000, 0.01, 7);
}

TEST(BinomialSampler, BtrdIsExactForTheHeadCountOfALargeCity) {
  ASSERT_FALSE(uses_inversion(1'000'000, 0.2));
  expect_binomial(1'000'000, 0.2, 8);
}

// --- Distribution: p > 1/2 draws the complement -----------------------------

TEST(BinomialSampler, ComplementOfBtrdIsExactWhenPIsAboveOneHalf) {
  // The rarer outcome has (n + 1)(1 - p) = 31.6: BTRD on 0.07, flipped.
  ASSERT_FALSE(uses_inversion(450, 0.93));
  expect_binomial(450, 0.93, 9);
}

TEST(BinomialSampler, ComplementOfInversionIsExactWhenPIsAboveOneHalf) {
  // (n + 1)(1 - p) = 0.93: inversion on 0.03, flipped.
  ASSERT_TRUE(uses_inversion(30, 0.97));
  expect_binomial(30, 0.97, 10);
}

TEST(BinomialSampler, IsExactAtPOneHalfEitherSideOfTheInversionLimit) {
  // p = 1/2 is not flipped; (n + 1) p is 10.5 for n = 20 and exactly 11 for n = 21.
  ASSERT_TRUE(uses_inversion(20, 0.5));
  ASSERT_FALSE(uses_inversion(21, 0.5));
  expect_binomial(20, 0.5, 11);
  expect_binomial(21, 0.5, 12);
}

// --- Distribution: either side of the switch ------------------------------

TEST(BinomialSampler, IsExactJustBelowTheInversionLimit) {
  const double p = 10.99 / 101.0;  // (n + 1) p = 10.99
  ASSERT_TRUE(uses_inversion(100, p));
  expect_binomial(100, p, 13);
}

TEST(BinomialSampler, IsExactJustAboveTheInversionLimit) {
  const double p = 11.01 / 101.0;  // (n + 1) p = 11.01
  ASSERT_FALSE(uses_inversion(100, p));
  expect_binomial(100, p, 14);
}

TEST(BinomialSampler, IsExactJustEitherSideOfTheLimitWhenFlipped) {
  const double below = 1.0 - 10.99 / 101.0, above = 1.0 - 11.01 / 101.0;
  ASSERT_TRUE(uses_inversion(100, below));
  ASSERT_FALSE(uses_inversion(100, above));
  expect_binomial(100, below, 15);
  expect_binomial(100, above, 16);
}

// --- Exact edge cases ---------------------------------------------------

RandomStream edge_stream(std::uint32_t draw) { return RandomStream(kSeed, 99, draw, kArea); }

TEST(BinomialSampler, GivesZeroForNoTrials) {
  for (double p : {0.0, 0.0076, 0.2, 0.5, 0.93, 1.0}) {
    RandomStream random = edge_stream(0);
    EXPECT_EQ(BinomialSampler(p)(0, random), 0) << "p = " << p;
  }
}

TEST(BinomialSampler, GivesZeroWhenPIsZero) {
  const BinomialSampler sampler(0.0);
  for (std::int64_t n : {1, 2, 450, 1'000'000})
    for (std::uint32_t d = 0; d < 100; ++d) {
      RandomStream random = edge_stream(d);
      EXPECT_EQ(sampler(n, random), 0) << "n = " << n;
    }
}

TEST(BinomialSampler, GivesEveryTrialWhenPIsOne) {
  const BinomialSampler sampler(1.0);
  for (std::int64_t n : {1, 2, 450, 1'000'000})
    for (std::uint32_t d = 0; d < 100; ++d) {
      RandomStream random = edge_stream(d);
      EXPECT_EQ(sampler(n, random), n) << "n = " << n;
    }
}

TEST(BinomialSampler, ClampsPToTheUnitInterval) {
  const BinomialSampler below(-0.1), above(1.2);
  EXPECT_EQ(below.p(), 0.0);
  EXPECT_EQ(above.p(), 1.0);
  for (std::int64_t n : {1, 450, 1'000'000})
    for (std::uint32_t d = 0; d < 100; ++d) {
      RandomStream random = edge_stream(d);
      EXPECT_EQ(below(n, random), 0) << "n = " << n;
      EXPECT_EQ(above(n, random), n) << "n = " << n;
    }
}

TEST(BinomialSampler, DefaultConstructedAlwaysGivesZero) {
  const BinomialSampler sampler;
  EXPECT_EQ(sampler.p(), 0.0);
  RandomStream random = edge_stream(0);
  EXPECT_EQ(sampler(450, random), 0);
}

TEST(BinomialSampler, ReportsTheProbabilityItWasGiven) {
  // Exactly, including when it draws the complement: for p in [1/2, 1],
  // 1 - p is exact (Sterbenz), so 1 - (1 - p) gives p back.
  for (double p : {0.0, 1e-300, 0.0076, 0.2, 0.3, 0.5, 0.5000000000000001, 0.93, 0.97, 1.0 - 1e-16, 1.0})
    EXPECT_EQ(BinomialSampler(p).p(), p) << "p = " << p;
}

// --- Determinism ------------------------------------------------------------

TEST(BinomialSampler, GivesTheSameValueForTheSameStreamInEveryBranch) {
  // Inversion, BTRD, and each flipped.
  const std::pair<std::int64_t, double> cases[] = {{450, 0.0076}, {450, 0.2}, {30, 0.97}, {450, 0.93}, {1'000'000, 0.2}};
  const RandomStream::Key key = RandomStream::key(kSeed, 17);
  for (const auto& [n, p] : cases) {
    const BinomialSampler sampler(p), twin(p);
    for (std::uint32_t d = 0; d < 1000; ++d) {
      RandomStream first(kSeed, 17, d, kArea), again(kSeed, 17, d, kArea), keyed(key, d, kArea);
      const std::int64_t x = sampler(n, first);
      EXPECT_EQ(twin(n, again), x) << "n = " << n << ", p = " << p << ", draw " << d;
      EXPECT_EQ(sampler(n, keyed), x) << "n = " << n << ", p = " << p << ", draw " << d;
    }
  }
}

TEST(BinomialSampler, DifferentDrawsGiveDifferentValues) {
  // A guard against a sampler that ignores its stream: among 1000 draws of
  // Binomial(450, 0.2) (sd 8.5) there are many distinct values.
  const BinomialSampler sampler(0.2);
  std::vector<std::int64_t> values;
  for (std::uint32_t d = 0; d < 1000; ++d) {
    RandomStream random(kSeed, 18, d, kArea);
    values.push_back(sampler(450, random));
  }
  std::sort(values.begin(), values.end());
  EXPECT_GT(std::unique(values.begin(), values.end()) - values.begin(), 20);
}

}  // namespace
}  // namespace prevalence::random
