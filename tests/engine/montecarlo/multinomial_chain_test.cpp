// Tests engine/montecarlo/multinomial_chain.cpp: MultinomialChain draws
// Multinomial(n, p_d) cell counts with draw d's own table p_d. Checked: the
// counts are a partition of n; each cell's marginal is Binomial(n, p_c)
// (Pearson's chi-square against the boost::math pmf) and each pair's
// covariance is the multinomial's -n p_i p_j; cells with p = 0 stay empty;
// each draw uses its own table; n = 0 and two-cell (K = 1) tables.
//
// Statistical checks use fixed seeds, so they are deterministic. Each draw d
// uses its own RandomStream (seed, stream, d, area), as the engine does.
// Chi-square tests pool cells expecting fewer than 5 and use alpha = 1e-4;
// means, variances and covariances are checked within 4 standard errors
// (covariances' estimated from the products of deviations), each a false
// alarm about 6 times in 100,000. With some 75 such checks in this file,
// another seed would still pass them all about 99.4 % of the time.

#include "engine/montecarlo/multinomial_chain.hpp"

#include "engine/random/stream.hpp"

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

namespace prevalence::montecarlo {
namespace {

constexpr double kAlpha = 1e-4;
constexpr double kMinimumExpected = 5.0;
constexpr double kStandardErrors = 4.0;
constexpr std::uint64_t kSeed = 8675309;
constexpr std::uint64_t kArea = 0xa5ea;

// The toxic trio's eight cells (none, then the seven combinations) at one
// draw's central estimate: a common cell and several rare ones.
constexpr std::array<double, 8> kTrio = {0.802, 0.02804, 0.0918, 0.0282, 0.01504, 0.00496, 0.0182, 0.0118};

// D copies of one table, laid out as MultinomialChain expects.
std::vector<double> repeated(std::span<const double> table, std::size_t draws) {
  std::vector<double> tables;
  tables.reserve(table.size() * draws);
  for (std::size_t d = 0; d < draws; ++d) tables.insert(tables.end(), table.begin(), table.end());
  return tables;
}

// Every draw's counts, counts[d * n_cells + c], each draw from its own stream.
std::vector<std::int64_t> draw_all(const MultinomialChain& chain, std::size_t n_cells, std::size_t draws,
                                   std::int64_t n, std::uint64_t stream) {
  std::vector<std::int64_t> counts(n_cells * draws);
  for (std::size_t d = 0; d < draws; ++d) {
    random::RandomStream random(kSeed, stream, static_cast<std::uint32_t>(d), kArea);
    chain.draw(d, n, random, std::span<std::int64_t>(counts.data() + d * n_cells, n_cells));
  }
  return counts;
}

// Pearson's chi-square of the values `sample` against Binomial(n, p), with
// adjacent values pooled from the left until a cell expects at least 5 (a
// short remainder joins the last cell). Returns whether it is under the
// critical value at kAlpha; n is small here, so every value is tabulated.
::testing::AssertionResult follows_binomial(const std::vector<std::int64_t>& sample, std::int64_t n, double p) {
  std::vector<double> observed(static_cast<std::size_t>(n) + 1, 0.0);
  for (std::int64_t x : sample) {
    if (x < 0 || x > n) return ::testing::AssertionFailure() << "value " << x << " outside 0.." << n;
    observed[static_cast<std::size_t>(x)] += 1.0;
  }
  const boost::math::binomial_distribution<double> binomial(static_cast<double>(n), p);
  const double size = static_cast<double>(sample.size());
  std::vector<double> cell_expected, cell_observed;
  double expected = 0.0, seen = 0.0;
  for (std::int64_t k = 0; k <= n; ++k) {
    expected += size * boost::math::pdf(binomial, static_cast<double>(k));
    seen += observed[static_cast<std::size_t>(k)];
    if (expected >= kMinimumExpected) {
      cell_expected.push_back(expected);
      cell_observed.push_back(seen);
      expected = seen = 0.0;
    }
  }
  if (cell_expected.size() < 2)
    return ::testing::AssertionFailure() << "too few cells for a chi-square test (p = " << p << ")";
  cell_expected.back() += expected;
  cell_observed.back() += seen;
  double statistic = 0.0;
  for (std::size_t i = 0; i < cell_expected.size(); ++i)
    statistic += (cell_observed[i] - cell_expected[i]) * (cell_observed[i] - cell_expected[i]) / cell_expected[i];
  const boost::math::chi_squared_distribution<double> null(static_cast<double>(cell_expected.size() - 1));
  const double critical = boost::math::quantile(boost::math::complement(null, kAlpha));
  if (statistic < critical) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "chi-square " << statistic << " over " << cell_expected.size()
                                       << " cells exceeds " << critical << " (Binomial(" << n << ", " << p << "))";
}

// Cell c's counts over draws [first, first + step * k, ...).
std::vector<std::int64_t> cell_of(const std::vector<std::int64_t>& counts, std::size_t n_cells, std::size_t c,
                                  std::size_t first = 0, std::size_t step = 1) {
  std::vector<std::int64_t> cell;
  for (std::size_t d = first; d * n_cells < counts.size(); d += step) cell.push_back(counts[d * n_cells + c]);
  return cell;
}

// --- Counts are a partition of n ------------------------------------------

TEST(MultinomialChain, CountsAreNonNegativeAndSumToTheHeadCount) {
  // Random tables (some with zeros and a dominant cell) and head-counts from
  // 0 to a large city's.
  constexpr std::size_t kCells = 8, kDraws = 2000;
  std::vector<double> tables(kCells * kDraws);
  for (std::size_t d = 0; d < kDraws; ++d) {
    random::RandomStream random(kSeed, 100, static_cast<std::uint32_t>(d), 0);
    double total = 0.0;
    for (std::size_t c = 0; c < kCells; ++c) {
      const double u = random.uniform01();
      tables[d * kCells + c] = u < 0.15 ? 0.0 : u * u * u;
      total += tables[d * kCells + c];
    }
    if (total == 0.0) tables[d * kCells] = total = 1.0;
    for (std::size_t c = 0; c < kCells; ++c) tables[d * kCells + c] /= total;
  }
  const MultinomialChain chain(tables, kCells);
  for (std::int64_t n : {0, 1, 2, 7, 450, 1500, 100'000, 1'100'000}) {
    SCOPED_TRACE(n);
    const std::vector<std::int64_t> counts = draw_all(chain, kCells, kDraws, n, 101);
    for (std::size_t d = 0; d < kDraws; ++d) {
      const auto first = counts.begin() + static_cast<std::ptrdiff_t>(d * kCells);
      ASSERT_EQ(std::accumulate(first, first + kCells, std::int64_t{0}), n) << "draw " << d;
      ASSERT_GE(*std::min_element(first, first + kCells), 0) << "draw " << d;
    }
  }
}

// --- Marginals and covariances of the toxic trio's table ---------------------

constexpr std::size_t kTrioDraws = 100'000;
constexpr std::int64_t kTrioN = 450;

TEST(MultinomialChain, EachCellIsBinomialWithItsShare) {
  const MultinomialChain chain(repeated(kTrio, kTrioDraws), kTrio.size());
  const std::vector<std::int64_t> counts = draw_all(chain, kTrio.size(), kTrioDraws, kTrioN, 1);
  for (std::size_t c = 0; c < kTrio.size(); ++c) {
    SCOPED_TRACE(testing::Message() << "cell " << c);
    const std::vector<std::int64_t> cell = cell_of(counts, kTrio.size(), c);
    EXPECT_TRUE(follows_binomial(cell, kTrioN, kTrio[c]));

    // Mean and variance too, for a readable message: the variance's standard
    // error is sqrt((mu4 - sigma^4) / D), with the binomial's fourth central
    // moment mu4 = sigma^4 (3 + (1 - 6 p q) / (n p q)).
    const double p = kTrio[c], q = 1.0 - p, draws = static_cast<double>(kTrioDraws);
    const double variance = static_cast<double>(kTrioN) * p * q;
    double sum = 0.0, squares = 0.0;
    for (std::int64_t x : cell) sum += static_cast<double>(x);
    const double mean = sum / draws;
    for (std::int64_t x : cell) squares += (static_cast<double>(x) - mean) * (static_cast<double>(x) - mean);
    EXPECT_NEAR(mean, static_cast<double>(kTrioN) * p, kStandardErrors * std::sqrt(variance / draws));
    const double mu4 = variance * variance * (3.0 + (1.0 - 6.0 * p * q) / variance);
    EXPECT_NEAR(squares / (draws - 1.0), variance, kStandardErrors * std::sqrt((mu4 - variance * variance) / draws));
  }
}

TEST(MultinomialChain, CellsCovaryAsTheMultinomialDoes) {
  // Cov(X_i, X_j) = -n p_i p_j for every pair, whichever steps of the chain
  // the two cells sit at. The standard error of a sample covariance is the
  // standard deviation of the products of deviations over sqrt(D).
  const MultinomialChain chain(repeated(kTrio, kTrioDraws), kTrio.size());
  const std::vector<std::int64_t> counts = draw_all(chain, kTrio.size(), kTrioDraws, kTrioN, 2);
  const double draws = static_cast<double>(kTrioDraws);
  std::vector<double> means(kTrio.size(), 0.0);
  for (std::size_t d = 0; d < kTrioDraws; ++d)
    for (std::size_t c = 0; c < kTrio.size(); ++c) means[c] += static_cast<double>(counts[d * kTrio.size() + c]);
  for (double& m : means) m /= draws;
  for (std::size_t i = 0; i < kTrio.size(); ++i)
    for (std::size_t j = i + 1; j < kTrio.size(); ++j) {
      std::vector<double> products(kTrioDraws);
      for (std::size_t d = 0; d < kTrioDraws; ++d)
        products[d] = (static_cast<double>(counts[d * kTrio.size() + i]) - means[i]) *
                      (static_cast<double>(counts[d * kTrio.size() + j]) - means[j]);
      const double covariance = std::accumulate(products.begin(), products.end(), 0.0) / (draws - 1.0);
      double spread = 0.0;
      for (double x : products) spread += (x - covariance) * (x - covariance);
      const double standard_error = std::sqrt(spread / (draws - 1.0) / draws);
      EXPECT_NEAR(covariance, -static_cast<double>(kTrioN) * kTrio[i] * kTrio[j], kStandardErrors * standard_error)
          << "cells " << i << " and " << j;
    }
}

// --- Zeros, per-draw tables, n = 0 --------------------------------------------

TEST(MultinomialChain, ACellWithNoShareIsAlwaysEmpty) {
  // Zeros at the start, in the middle and next to the common cell; the
  // others' marginals are unchanged.
  const std::array<double, 6> table = {0.0, 0.3, 0.0, 0.5, 0.0, 0.2};
  constexpr std::size_t kDraws = 50'000;
  const MultinomialChain chain(repeated(table, kDraws), table.size());
  const std::vector<std::int64_t> counts = draw_all(chain, table.size(), kDraws, kTrioN, 3);
  for (std::size_t c : {0, 2, 4}) {
    const std::vector<std::int64_t> cell = cell_of(counts, table.size(), c);
    EXPECT_EQ(*std::max_element(cell.begin(), cell.end()), 0) << "cell " << c;
  }
  for (std::size_t c : {1, 3, 5})
    EXPECT_TRUE(follows_binomial(cell_of(counts, table.size(), c), kTrioN, table[c])) << "cell " << c;
}

TEST(MultinomialChain, EachDrawUsesItsOwnTable) {
  // Draw 0's table puts everything in cell 3, draw 1's in cell 5, draw 2's
  // splits it evenly between 0 and 7 (a half: flipped or not, still exact),
  // draw 3's is all in cell 0. The chain's order comes from the mean over
  // draws, which matches none of them.
  constexpr std::size_t kCells = 8;
  std::vector<double> tables(4 * kCells, 0.0);
  tables[0 * kCells + 3] = 1.0;
  tables[1 * kCells + 5] = 1.0;
  tables[2 * kCells + 0] = tables[2 * kCells + 7] = 0.5;
  tables[3 * kCells + 0] = 1.0;
  const MultinomialChain chain(tables, kCells);
  for (std::int64_t n : {1, 450, 1'000'000}) {
    std::vector<std::int64_t> counts(kCells, -1);
    random::RandomStream random(kSeed, 4, 0, kArea);
    chain.draw(0, n, random, counts);
    EXPECT_EQ(counts, (std::vector<std::int64_t>{0, 0, 0, n, 0, 0, 0, 0})) << "n = " << n;
    chain.draw(1, n, random, counts);
    EXPECT_EQ(counts, (std::vector<std::int64_t>{0, 0, 0, 0, 0, n, 0, 0})) << "n = " << n;
    chain.draw(2, n, random, counts);
    EXPECT_EQ(counts[0] + counts[7], n) << "n = " << n;
    EXPECT_EQ(std::count(counts.begin(), counts.end(), 0), n == 1 ? 7 : 6) << "n = " << n;
    chain.draw(3, n, random, counts);
    EXPECT_EQ(counts, (std::vector<std::int64_t>{n, 0, 0, 0, 0, 0, 0, 0})) << "n = " << n;
  }
}

TEST(MultinomialChain, AlternatingTablesEachGiveTheirOwnMarginals) {
  // Even draws use the toxic trio's table, odd draws one where cell 2 is the
  // common cell (0.6): the chain's order, from the mean over both, keeps
  // cell 0 last, so for odd draws cell 2's step has p above one half.
  const std::array<double, 8> other = {0.05, 0.05, 0.6, 0.05, 0.1, 0.05, 0.05, 0.05};
  constexpr std::size_t kDraws = 100'000;
  std::vector<double> tables;
  for (std::size_t d = 0; d < kDraws; ++d) {
    const auto& table = d % 2 == 0 ? kTrio : other;
    tables.insert(tables.end(), table.begin(), table.end());
  }
  const MultinomialChain chain(tables, kTrio.size());
  const std::vector<std::int64_t> counts = draw_all(chain, kTrio.size(), kDraws, kTrioN, 5);
  for (std::size_t c = 0; c < kTrio.size(); ++c) {
    EXPECT_TRUE(follows_binomial(cell_of(counts, kTrio.size(), c, 0, 2), kTrioN, kTrio[c])) << "even draws, cell " << c;
    EXPECT_TRUE(follows_binomial(cell_of(counts, kTrio.size(), c, 1, 2), kTrioN, other[c])) << "odd draws, cell " << c;
  }
}

TEST(MultinomialChain, NoPeopleGiveAllZeroCounts) {
  const MultinomialChain chain(repeated(kTrio, 3), kTrio.size());
  for (std::size_t d = 0; d < 3; ++d) {
    std::vector<std::int64_t> counts(kTrio.size(), -7);  // overwritten, whatever was there
    random::RandomStream random(kSeed, 6, static_cast<std::uint32_t>(d), kArea);
    chain.draw(d, 0, random, counts);
    EXPECT_EQ(counts, std::vector<std::int64_t>(kTrio.size(), 0)) << "draw " << d;
  }
}

// --- One condition: two cells ------------------------------------------

TEST(MultinomialChain, ATwoCellTableGivesABinomialCount) {
  // A K = 1 group: cells {1 - p, p}. A rare condition (inversion) and a
  // common one (BTRD), each on the 'has it' cell, and the rest on the other.
  constexpr std::size_t kDraws = 100'000;
  for (double p : {0.0076, 0.3}) {
    SCOPED_TRACE(testing::Message() << "p = " << p);
    const std::array<double, 2> table = {1.0 - p, p};
    const MultinomialChain chain(repeated(table, kDraws), table.size());
    const std::vector<std::int64_t> counts = draw_all(chain, table.size(), kDraws, kTrioN, 7);
    EXPECT_TRUE(follows_binomial(cell_of(counts, 2, 1), kTrioN, p));
    for (std::size_t d = 0; d < kDraws; ++d) ASSERT_EQ(counts[2 * d] + counts[2 * d + 1], kTrioN);
  }
}

TEST(MultinomialChain, IsAPureFunctionOfTheStream) {
  const MultinomialChain chain(repeated(kTrio, 10), kTrio.size());
  for (std::uint32_t d = 0; d < 10; ++d) {
    std::vector<std::int64_t> first(kTrio.size()), again(kTrio.size());
    random::RandomStream a(kSeed, 8, d, kArea), b(kSeed, 8, d, kArea);
    chain.draw(d, 1500, a, first);
    chain.draw(d, 1500, b, again);
    EXPECT_EQ(first, again) << "draw " << d;
  }
}

}  // namespace
}  // namespace prevalence::montecarlo
