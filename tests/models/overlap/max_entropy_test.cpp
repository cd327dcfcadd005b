// Tests models/overlap/max_entropy.cpp: the joint table closest to a
// reference (maximum entropy for a uniform reference) that reproduces
// published figures given as equalities or bands.
//
// The reference results are the closed forms of the theory, computed here
// independently of the solver:
//  - with only the marginals, the product (independence) table;
//  - with a complete specification, the one table there is;
//  - a log-linear table with no three-way (or higher) term is its own
//    maximum-entropy fit from its marginals and pairs (the maximum-entropy
//    table given sums over sets is the log-linear table with one term per
//    set; Darroch and Ratcliff 1972), and the interaction terms of any
//    positive table can be read back by Moebius inversion of its log cells;
//  - iterative proportional fitting (Deming and Stephan 1940) reaches the
//    same table by a different road;
//  - a reference table's odds ratio survives fitting its marginals.
//
// Tables are random but deterministic (std::mt19937 with fixed seeds).

#include "models/overlap/max_entropy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

namespace prevalence::models {
namespace {

using testing::HasSubstr;
using testing::ThrowsMessage;

constexpr ConditionSet kDV = 1, kMH = 2, kSM = 4, kTrio = kDV | kMH | kSM;

// The solver's stated accuracy on each figure (MaxEntropyOptions::tolerance).
constexpr double kFigureTolerance = 1e-10;

// Tables compared with a closed form or another method, cell by cell. A
// figure residual r moves the cells by about r / (p (1 - p)) relative per
// figure, up to ~20 r for prevalences of 5 %: at the default tolerance
// (1e-10) and six conditions that allows ~1e-8, and the fits do stop with
// residuals of a few 1e-11 (4.7e-10 relative seen for K = 5). So the
// closed-form comparisons ask the solver for figures to kTightTolerance,
// 1e-12, which bounds the cells at ~1e-10 relative; 1e-9 then has a
// tenfold margin, while a wrong term, a wrong active set or a fit that
// stopped early is off by 1e-4 or more.
constexpr double kTableTolerance = 1e-9;
constexpr double kTightTolerance = 1e-12;

// Two fits at the default tolerance reaching the same optimum by different
// roads (warm and cold, a band held at its end and the equivalent
// equality), compared cell by cell in absolute terms. Each fit's figures
// are within 1e-10 of the same targets, and moving figures (sums of cells)
// by r moves the cells by a few r; 1e-9 leaves a tenfold margin.
constexpr double kSameOptimumTolerance = 1e-9;

// Two fits along the same arithmetic path (same start, same active set)
// can only differ by rounding in a different order; 1e-12 is a thousand
// times the rounding of a 64-cell sum.
constexpr double kSamePathTolerance = 1e-12;

// Sums of at most 64 cells each within an ulp of a number at most 1.
constexpr double kSumTolerance = 1e-14;

struct Fit {
  MaxEntropySolver::Outcome outcome;
  std::vector<double> cells;
};

Fit fit(MaxEntropySolver& solver, const std::vector<double>& lower, const std::vector<double>& upper,
        const std::vector<double>& log_base) {
  Fit result{{}, std::vector<double>(solver.n_cells(), -1.0)};
  result.outcome = solver.fit(lower, upper, log_base, result.cells);
  return result;
}

Fit fit(MaxEntropySolver& solver, const std::vector<double>& targets) {
  return fit(solver, targets, targets, std::vector<double>(solver.n_cells(), 0.0));
}

// A fresh solver's fit of `targets` as equalities, maximum entropy.
Fit fit_equalities(int n_conditions, const std::vector<CellSet>& sets, const std::vector<double>& targets,
                   MaxEntropyOptions options = {}) {
  MaxEntropySolver solver(n_conditions, sets, options);
  return fit(solver, targets);
}

// The same, with figures to kTightTolerance (see kTableTolerance).
Fit fit_tightly(int n_conditions, const std::vector<CellSet>& sets, const std::vector<double>& targets) {
  MaxEntropyOptions options;
  options.tolerance = kTightTolerance;
  return fit_equalities(n_conditions, sets, targets, options);
}

std::vector<double> figures_of(const std::vector<double>& table, const std::vector<CellSet>& sets) {
  std::vector<double> out;
  for (CellSet set : sets) out.push_back(sum_over(table, set));
  return out;
}

double max_abs_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(a[i] - b[i]));
  return worst;
}

double max_relative_difference(const std::vector<double>& actual, const std::vector<double>& expected) {
  double worst = 0.0;
  for (std::size_t i = 0; i < actual.size(); ++i)
    worst = std::max(worst, std::fabs(actual[i] - expected[i]) / std::fabs(expected[i]));
  return worst;
}

double entropy(const std::vector<double>& table) {
  double h = 0.0;
  for (double p : table)
    if (p > 0.0) h -= p * std::log(p);
  return h;
}

// Each condition's prevalence, then each pair's joint prevalence.
std::vector<CellSet> marginal_and_pair_sets(int k) {
  std::vector<CellSet> sets;
  for (int i = 0; i < k; ++i) sets.push_back(cells_with_all_of(k, 1u << i));
  for (int i = 0; i < k; ++i)
    for (int j = i + 1; j < k; ++j) sets.push_back(cells_with_all_of(k, (1u << i) | (1u << j)));
  return sets;
}

// The table with log cells[c] = sum over nonempty S within c of terms[S],
// normalised: terms[S] is the interaction of the conditions in S (a main
// effect for one condition, a two-way term for a pair, and so on).
std::vector<double> log_linear_table(int k, const std::vector<double>& terms) {
  const int n = cell_count(k);
  std::vector<double> table(n);
  double total = 0.0;
  for (int c = 0; c < n; ++c) {
    double log_cell = 0.0;
    for (int s = 1; s < n; ++s)
      if ((c & s) == s) log_cell += terms[s];
    total += table[c] = std::exp(log_cell);
  }
  for (double& p : table) p /= total;
  return table;
}

// Random interaction terms up to `max_order` conditions. Main effects in
// [-3, -1] give prevalences of roughly 5 to 30 %, like the trio's; higher
// terms in [-1, 1].
std::vector<double> random_terms(int k, int max_order, std::mt19937& rng) {
  std::uniform_real_distribution<double> main_effect(-3.0, -1.0), interaction(-1.0, 1.0);
  std::vector<double> terms(cell_count(k), 0.0);
  for (int s = 1; s < cell_count(k); ++s) {
    const int order = std::popcount(static_cast<unsigned>(s));
    if (order == 1) terms[s] = main_effect(rng);
    else if (order <= max_order) terms[s] = interaction(rng);
  }
  return terms;
}

// The interaction terms of a positive table, by Moebius inversion of
// log cells: terms[S] = sum over T within S of (-1)^{|S \ T|} log cells[T].
// Inverts log_linear_table for every nonempty S (the normalising constant
// cancels because a nonempty S has as many even as odd subsets).
std::vector<double> interaction_terms(const std::vector<double>& table) {
  const unsigned n = static_cast<unsigned>(table.size());
  std::vector<double> terms(n, 0.0);
  for (unsigned s = 1; s < n; ++s)
    for (unsigned t = 0; t < n; ++t)
      if ((t & s) == t) {
        const int sign = std::popcount(s ^ t) % 2 == 0 ? 1 : -1;
        terms[s] += sign * std::log(table[t]);
      }
  return terms;
}

// A random table with every cell positive (each in [0.05, 1] before
// normalising): in no particular log-linear family.
std::vector<double> random_positive_table(int k, std::mt19937& rng) {
  std::uniform_real_distribution<double> cell(0.05, 1.0);
  std::vector<double> table(cell_count(k));
  double total = 0.0;
  for (double& p : table) total += p = cell(rng);
  for (double& p : table) p /= total;
  return table;
}

// Iterative proportional fitting (Deming and Stephan 1940), written out
// independently of the solver. A figure is the table's split into the
// cells in its set and the rest, a two-cell margin; each step scales the
// two parts to the target margin (t and 1 - t), one figure after another,
// from the uniform table, until a whole sweep leaves every figure within
// 1e-13 of its target. Each step is the I-projection onto one figure
// (Csiszar 1975), so the limit is the maximum-entropy table.
std::vector<double> iterative_proportional_fit(int k, const std::vector<CellSet>& sets,
                                               const std::vector<double>& targets) {
  const int n = cell_count(k);
  std::vector<double> table(n, 1.0 / n);
  for (int sweep = 0; sweep < 1000000; ++sweep) {
    for (std::size_t j = 0; j < sets.size(); ++j) {
      const double inside = sum_over(table, sets[j]);
      const double in_scale = targets[j] / inside, out_scale = (1.0 - targets[j]) / (1.0 - inside);
      for (int c = 0; c < n; ++c) table[c] *= contains(sets[j], c) ? in_scale : out_scale;
    }
    if (max_abs_difference(figures_of(table, sets), targets) < 1e-13) return table;
  }
  ADD_FAILURE() << "iterative proportional fitting did not converge";
  return table;
}

// The maximum-entropy table under bands, by brute force. At the optimum
// each band is either free or held at one end (Karush-Kuhn-Tucker), and the
// table is then the equality fit of the held ends alone. So fit every
// choice (3^m of them: free, lower, upper), keep the fits inside every band,
// and take the one with the most entropy.
std::vector<double> best_by_enumeration(int k, const std::vector<CellSet>& sets, const std::vector<double>& lower,
                                        const std::vector<double>& upper) {
  const std::size_t m = sets.size();
  std::size_t choices = 1;
  for (std::size_t j = 0; j < m; ++j) choices *= 3;
  std::vector<double> best;
  double best_entropy = -1.0;
  for (std::size_t code = 0; code < choices; ++code) {
    std::vector<CellSet> held;
    std::vector<double> ends;
    std::size_t rest = code;
    for (std::size_t j = 0; j < m; ++j, rest /= 3) {
      if (rest % 3 == 0) continue;
      held.push_back(sets[j]);
      ends.push_back(rest % 3 == 1 ? lower[j] : upper[j]);
    }
    const Fit candidate = fit_equalities(k, held, ends);
    if (!candidate.outcome.converged) continue;
    const std::vector<double> values = figures_of(candidate.cells, sets);
    bool inside = true;
    for (std::size_t j = 0; j < m; ++j)
      inside = inside && values[j] >= lower[j] - kFigureTolerance && values[j] <= upper[j] + kFigureTolerance;
    if (inside && entropy(candidate.cells) > best_entropy) {
      best_entropy = entropy(candidate.cells);
      best = candidate.cells;
    }
  }
  return best;
}

// --- 1. Independence ------------------------------------------------------

TEST(MaxEntropySolver, FitsTheProductTableToTheMarginalsAlone) {
  std::mt19937 rng(20240501);
  std::uniform_real_distribution<double> prevalence(0.05, 0.5);
  for (int k = 1; k <= kMaxConditions; ++k) {
    SCOPED_TRACE(testing::Message() << k << " conditions");
    std::vector<double> marginals(k);
    for (double& p : marginals) p = prevalence(rng);
    std::vector<CellSet> sets;
    for (int i = 0; i < k; ++i) sets.push_back(cells_with_all_of(k, 1u << i));

    std::vector<double> product(cell_count(k), 1.0);
    for (int c = 0; c < cell_count(k); ++c)
      for (int i = 0; i < k; ++i) product[c] *= (c >> i) & 1 ? marginals[i] : 1.0 - marginals[i];

    const Fit result = fit_tightly(k, sets, marginals);
    ASSERT_TRUE(result.outcome.converged);
    EXPECT_LE(result.outcome.max_violation, kTightTolerance);
    // Relative, because cells of six conditions go down to about 1e-8.
    EXPECT_LT(max_relative_difference(result.cells, product), kTableTolerance);
  }
}

// --- 2. Complete specification -------------------------------------------

TEST(MaxEntropySolver, RecoversATableGivenAllButOneOfItsCells) {
  std::mt19937 rng(7);
  const std::vector<double> table = random_positive_table(3, rng);
  std::vector<CellSet> sets;
  for (unsigned c = 1; c < 8; ++c) sets.push_back(only_cell(c));  // cell 0 is 1 minus the rest
  const Fit result = fit_equalities(3, sets, figures_of(table, sets));
  ASSERT_TRUE(result.outcome.converged);
  // Each cell is a figure, so the figure tolerance bounds each cell (and
  // cell 0 by the sum of the other seven's errors, far less in practice).
  EXPECT_LT(max_abs_difference(result.cells, table), kFigureTolerance);
}

TEST(MaxEntropySolver, RecoversATableGivenTheJointPrevalenceOfEverySubset) {
  // "All of S" for the 7 nonempty subsets S of the trio determine the table
  // by Moebius inversion (inclusion-exclusion): a complete specification
  // in the form sources publish (prevalences, pairs, all three).
  std::mt19937 rng(11);
  const std::vector<double> table = random_positive_table(3, rng);
  std::vector<CellSet> sets;
  for (unsigned s = 1; s < 8; ++s) sets.push_back(cells_with_all_of(3, s));
  const Fit result = fit_equalities(3, sets, figures_of(table, sets));
  ASSERT_TRUE(result.outcome.converged);
  // The solver's stated tolerance (each cell is a signed sum of figures;
  // Newton's quadratic last step keeps the error near rounding).
  EXPECT_LT(max_abs_difference(result.cells, table), kFigureTolerance);
}

// --- 3. Log-linear tables without higher-order terms ----------------------

TEST(MaxEntropySolver, RecoversATableWithOnlyTwoWayInteractionsFromItsMarginalsAndPairs) {
  std::mt19937 rng(3);
  for (int k : {3, 4}) {
    SCOPED_TRACE(testing::Message() << k << " conditions");
    const std::vector<double> terms = random_terms(k, 2, rng);
    const std::vector<double> table = log_linear_table(k, terms);
    const std::vector<CellSet> sets = marginal_and_pair_sets(k);
    const Fit result = fit_tightly(k, sets, figures_of(table, sets));
    ASSERT_TRUE(result.outcome.converged);
    EXPECT_LT(max_relative_difference(result.cells, table), kTableTolerance);
  }
}

TEST(MaxEntropySolver, ReproducesTheMarginalsAndPairsButNotTheThreeWayTermOfATableThatHasOne) {
  std::mt19937 rng(5);
  for (int k : {3, 4}) {
    SCOPED_TRACE(testing::Message() << k << " conditions");
    std::vector<double> terms = random_terms(k, 2, rng);
    terms[kTrio] = 1.5;  // a three-way term among the first three conditions
    const std::vector<double> table = log_linear_table(k, terms);
    const std::vector<CellSet> sets = marginal_and_pair_sets(k);
    const std::vector<double> targets = figures_of(table, sets);
    const Fit result = fit_tightly(k, sets, targets);
    ASSERT_TRUE(result.outcome.converged);
    EXPECT_LT(max_abs_difference(figures_of(result.cells, sets), targets), kTightTolerance);
    // A three-way term of 1.5 moves cells by whole percentage points;
    // 1e-4 is far above any fitting error.
    EXPECT_GT(max_abs_difference(result.cells, table), 1e-4);

    // The fit has the table's main effects and pairs' margins but no term
    // beyond pairs: Moebius inversion of its log cells reads them back.
    // Each term is a signed sum of up to 2^k log cells, each relative-
    // accurate to about kTableTolerance, hence 1e-8.
    const std::vector<double> fitted = interaction_terms(result.cells);
    for (int s = 1; s < cell_count(k); ++s) {
      if (std::popcount(static_cast<unsigned>(s)) >= 3) {
        EXPECT_NEAR(fitted[s], 0.0, 1e-8) << "term " << s;
      }
    }
    // The inversion itself is right: eight logs of cells near 1e-2, summed
    // with signs, lose only rounding (~1e-15).
    EXPECT_NEAR(interaction_terms(table)[kTrio], 1.5, 1e-12);
  }
}

// --- 4. Agreement with iterative proportional fitting ----------------------

TEST(MaxEntropySolver, AgreesWithIterativeProportionalFittingOnMarginalsAndPairs) {
  std::mt19937 rng(13);
  for (int k : {3, 5}) {
    SCOPED_TRACE(testing::Message() << k << " conditions");
    // Figures of an arbitrary positive table: the answer is not the table
    // itself, so only the two methods' agreement checks it.
    const std::vector<double> table = random_positive_table(k, rng);
    const std::vector<CellSet> sets = marginal_and_pair_sets(k);
    const std::vector<double> targets = figures_of(table, sets);
    const Fit result = fit_tightly(k, sets, targets);
    ASSERT_TRUE(result.outcome.converged);
    const std::vector<double> reference = iterative_proportional_fit(k, sets, targets);
    EXPECT_LT(max_relative_difference(result.cells, reference), kTableTolerance);
    // The case is not trivial: an arbitrary table has higher-order terms,
    // which move its cells from the fit's by far more than any fitting error.
    EXPECT_GT(max_abs_difference(result.cells, table), 1e-4);
  }
}

// --- 5. A reference table -------------------------------------------------

TEST(MaxEntropySolver, KeepsTheReferenceTablesOddsRatioWhileFittingTheMarginals) {
  // Reference: DV and MH with a two-way interaction log 3 (odds ratio 3),
  // on cells 3 (DV + MH) and 7 (all three).
  std::vector<double> log_base(8, 0.0);
  for (int c = 0; c < 8; ++c)
    if ((c & (kDV | kMH)) == (kDV | kMH)) log_base[c] = std::log(3.0);
  const std::vector<CellSet> sets = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH),
                                     cells_with_all_of(3, kSM)};
  const std::vector<double> marginals = {0.07, 0.15, 0.05};
  MaxEntropySolver solver(3, sets);
  const Fit result = fit(solver, marginals, marginals, log_base);
  ASSERT_TRUE(result.outcome.converged);
  EXPECT_LT(max_abs_difference(figures_of(result.cells, sets), marginals), kFigureTolerance);

  // The DV x MH margin: the fit is base x exp(main effects), so SM factors
  // out and the margin's odds ratio is the reference's, exactly 3.
  const std::vector<double>& p = result.cells;
  const double p11 = p[3] + p[7], p10 = p[1] + p[5], p01 = p[2] + p[6], p00 = p[0] + p[4];
  // Every table of that form has odds ratio 3, whatever the multipliers,
  // so how far Newton went does not enter: only the rounding of four sums
  // and a ratio (~1e-15). 1e-12 leaves a thousandfold margin; a reference
  // ignored gives 1 and one put on the wrong cells another value.
  constexpr double kRatioRounding = 1e-12;
  EXPECT_NEAR(p11 * p00 / (p10 * p01), 3.0, kRatioRounding);
  // With no interaction in the reference the same margins are independent.
  const Fit independent = fit(solver, marginals);
  const std::vector<double>& q = independent.cells;
  EXPECT_NEAR((q[3] + q[7]) * (q[0] + q[4]) / ((q[1] + q[5]) * (q[2] + q[6])), 1.0, kRatioRounding);
}

// --- 6. Bands -------------------------------------------------------------

// Marginals 7 %, 15 %, 5 % as equalities and all three as figure 3: without
// it, all three is the product 0.07 x 0.15 x 0.05 = 5.25e-4.
class MaxEntropyBands : public testing::Test {
 protected:
  const std::vector<CellSet> marginal_sets = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH),
                                              cells_with_all_of(3, kSM)};
  const std::vector<CellSet> sets = {marginal_sets[0], marginal_sets[1], marginal_sets[2],
                                     cells_with_all_of(3, kTrio)};
  const std::vector<double> marginals = {0.07, 0.15, 0.05};
  const double product = 0.07 * 0.15 * 0.05;
  const std::vector<double> zeros = std::vector<double>(8, 0.0);

  Fit fit_band(MaxEntropySolver& solver, double lower, double upper) {
    std::vector<double> lo = marginals, hi = marginals;
    lo.push_back(lower);
    hi.push_back(upper);
    return fit(solver, lo, hi, zeros);
  }
  Fit fit_band(double lower, double upper) {
    MaxEntropySolver solver(3, sets);
    return fit_band(solver, lower, upper);
  }
  Fit without_the_band() { return fit_equalities(3, marginal_sets, marginals); }
  Fit at(double all_three) { return fit_band(all_three, all_three); }
};

TEST_F(MaxEntropyBands, LeavesAloneABandTheUnconstrainedFitLiesInside) {
  const Fit banded = fit_band(0.0004, 0.0007);
  ASSERT_TRUE(banded.outcome.converged);
  // The band is never active, so both fits solve the same problem.
  EXPECT_LT(max_abs_difference(banded.cells, without_the_band().cells), kSamePathTolerance);
  // Three marginals each within 1e-10 and at least 5 %: the product is
  // within 3 x 1e-10 / 0.05 = 6e-9 relative.
  EXPECT_NEAR(banded.cells[7], product, 1e-8 * product);
}

TEST_F(MaxEntropyBands, HoldsABandAboveTheUnconstrainedValueAtItsLowerEnd) {
  const Fit banded = fit_band(0.002, 0.004);
  ASSERT_TRUE(banded.outcome.converged);
  EXPECT_NEAR(banded.cells[7], 0.002, kFigureTolerance);
  EXPECT_LT(max_abs_difference(banded.cells, at(0.002).cells), kSameOptimumTolerance);
}

TEST_F(MaxEntropyBands, HoldsABandBelowTheUnconstrainedValueAtItsUpperEnd) {
  const Fit banded = fit_band(0.0001, 0.0002);
  ASSERT_TRUE(banded.outcome.converged);
  EXPECT_NEAR(banded.cells[7], 0.0002, kFigureTolerance);
  EXPECT_LT(max_abs_difference(banded.cells, at(0.0002).cells), kSameOptimumTolerance);
}

TEST_F(MaxEntropyBands, TreatsABandWithEqualEndsAsAnEquality) {
  const Fit result = at(0.003);
  ASSERT_TRUE(result.outcome.converged);
  EXPECT_NEAR(result.cells[7], 0.003, kFigureTolerance);
  EXPECT_LT(max_abs_difference(figures_of(result.cells, marginal_sets), marginals), kFigureTolerance);
}

TEST_F(MaxEntropyBands, GivesTheSameTablesWhateverTheBandsOfEarlierFits) {
  // One warm solver through every change of state a band can make (held at
  // each end, released, made an equality and back) against fresh solvers.
  struct Band {
    double lower, upper;
  };
  const Band sequence[] = {{0.002, 0.004},   {0.0004, 0.0007}, {0.0001, 0.0002}, {0.003, 0.003},
                           {0.0004, 0.0007}, {0.0001, 0.0002}, {0.002, 0.004},   {0.0004, 0.0007}};
  MaxEntropySolver warm(3, sets);
  for (const Band& band : sequence) {
    SCOPED_TRACE(testing::Message() << "band [" << band.lower << ", " << band.upper << "]");
    const Fit from_warm = fit_band(warm, band.lower, band.upper);
    const Fit from_cold = fit_band(band.lower, band.upper);
    ASSERT_TRUE(from_warm.outcome.converged);
    ASSERT_TRUE(from_cold.outcome.converged);
    EXPECT_LT(max_abs_difference(from_warm.cells, from_cold.cells), kSameOptimumTolerance);
    const double value = from_warm.cells[7];
    EXPECT_GE(value, band.lower - kFigureTolerance);
    EXPECT_LE(value, band.upper + kFigureTolerance);
  }
}

TEST_F(MaxEntropyBands, FitsFiguresThatFitWhateverEndTheLastFitHeldABandAt) {
  // The last fit held all three at the upper end of [1e-4, 2e-4]. Now SM
  // is 1e-4 and the band [1e-5, 2e-4]: all three at its upper end would
  // exceed SM, but anywhere in [1e-5, 1e-4) fits (the maximum-entropy
  // table holds it at 1e-5, above the product 1.05e-6). A warm start must
  // not turn figures that fit into a failure.
  MaxEntropySolver warm(3, sets);
  ASSERT_TRUE(fit(warm, {0.07, 0.15, 0.05, 0.0001}, {0.07, 0.15, 0.05, 0.0002}, zeros).outcome.converged);
  const std::vector<double> lower = {0.07, 0.15, 0.0001, 0.00001}, upper = {0.07, 0.15, 0.0001, 0.0002};
  const Fit from_warm = fit(warm, lower, upper, zeros);
  MaxEntropySolver cold(3, sets);
  const Fit from_cold = fit(cold, lower, upper, zeros);
  ASSERT_TRUE(from_cold.outcome.converged);
  EXPECT_NEAR(from_cold.cells[7], 0.00001, kFigureTolerance);
  ASSERT_TRUE(from_warm.outcome.converged);
  EXPECT_LT(max_abs_difference(from_warm.cells, from_cold.cells), kSameOptimumTolerance);
}

TEST(MaxEntropySolver, FitsTheLeedsFiguresRoundedToATenthOfAPointWithNoLessEntropyThanTheCentralTable) {
  // Every figure a band of +-0.05 points around the Leeds narrow figures.
  // The table fitting the central figures exactly lies inside every band,
  // so the banded maximum-entropy table can only have more entropy.
  const std::vector<CellSet> sets = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH),
                                     cells_with_all_of(3, kSM), cells_with_any_of(3, kTrio),
                                     cells_with_all_of(3, kTrio)};
  const std::vector<double> central = {0.0739207558453823, 0.150284000073914, 0.0504045768190633,
                                       0.199674293972202, 0.0118593962064526};
  std::vector<double> lower, upper;
  for (double x : central) {
    lower.push_back(x - 0.0005);
    upper.push_back(x + 0.0005);
  }
  MaxEntropySolver solver(3, sets);
  const Fit banded = fit(solver, lower, upper, std::vector<double>(8, 0.0));
  ASSERT_TRUE(banded.outcome.converged);
  EXPECT_LE(banded.outcome.max_violation, kFigureTolerance);
  const std::vector<double> values = figures_of(banded.cells, sets);
  for (std::size_t j = 0; j < sets.size(); ++j) {
    EXPECT_GE(values[j], lower[j] - kFigureTolerance) << "figure " << j;
    EXPECT_LE(values[j], upper[j] + kFigureTolerance) << "figure " << j;
  }
  const Fit exact = fit_equalities(3, sets, central);
  ASSERT_TRUE(exact.outcome.converged);
  EXPECT_GT(entropy(banded.cells), entropy(exact.cells));
}

TEST(MaxEntropySolver, FitsDependentBandsAsASourceRoundsThemToTheMaximumEntropyTable) {
  // Two or more is exactly two plus all three: three bands about dependent
  // figures, where holding each at an end can contradict the others (the
  // active set fails and the solver falls back on coordinate descent). The
  // figures are those of a known table (the Leeds narrow fit, below),
  // rounded to 0.1 point as a source publishes them, so that table lies
  // inside every band: a fit exists, and the banded maximum-entropy table
  // has at least that table's entropy.
  const std::vector<CellSet> narrow = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH),
                                       cells_with_all_of(3, kSM), cells_with_any_of(3, kTrio),
                                       cells_with_all_of(3, kTrio)};
  const Fit source = fit_equalities(
      3, narrow, {0.0739207558453823, 0.150284000073914, 0.0504045768190633, 0.199674293972202, 0.0118593962064526});
  ASSERT_TRUE(source.outcome.converged);
  std::vector<CellSet> sets = narrow;
  sets.push_back(cells_with_exactly(3, 2));
  sets.push_back(cells_with_at_least(3, 2));
  std::vector<double> lower, upper;
  for (double value : figures_of(source.cells, sets)) {
    const double rounded = std::round(value * 1000.0) / 1000.0;  // to 0.1 point
    lower.push_back(rounded - 0.0005);
    upper.push_back(rounded + 0.0005);
  }
  MaxEntropySolver solver(3, sets);
  const Fit banded = fit(solver, lower, upper, std::vector<double>(8, 0.0));
  ASSERT_TRUE(banded.outcome.converged);
  const std::vector<double> values = figures_of(banded.cells, sets);
  for (std::size_t j = 0; j < sets.size(); ++j) {
    EXPECT_GE(values[j], lower[j] - kFigureTolerance) << "figure " << j;
    EXPECT_LE(values[j], upper[j] + kFigureTolerance) << "figure " << j;
  }
  EXPECT_GE(entropy(banded.cells), entropy(source.cells));
  // And it is the maximum-entropy table, found by brute force (3^7 choices
  // of ends). Both are fits to the same held ends within the tolerance.
  const std::vector<double> best = best_by_enumeration(3, sets, lower, upper);
  ASSERT_EQ(best.size(), 8u);
  EXPECT_LT(max_abs_difference(banded.cells, best), kSameOptimumTolerance);
  // Fitting again from this fit's warm start finds the same table.
  const Fit again = fit(solver, lower, upper, std::vector<double>(8, 0.0));
  ASSERT_TRUE(again.outcome.converged);
  EXPECT_LT(max_abs_difference(again.cells, banded.cells), kSameOptimumTolerance);
}

// --- 7. Infeasible figures -------------------------------------------------

TEST(MaxEntropySolver, DoesNotConvergeWhenAllThreeExceedsAPrevalence) {
  // All three (8 %) counts only people DV (5 %) also counts: no table.
  const std::vector<CellSet> sets = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH),
                                     cells_with_all_of(3, kSM), cells_with_all_of(3, kTrio)};
  EXPECT_FALSE(fit_equalities(3, sets, {0.05, 0.15, 0.10, 0.08}).outcome.converged);
}

TEST(MaxEntropySolver, DoesNotConvergeWhenAnyIsBelowAPrevalence) {
  // Any (10 %) counts everyone MH (15 %) counts: no table.
  const std::vector<CellSet> sets = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH),
                                     cells_with_all_of(3, kSM), cells_with_any_of(3, kTrio)};
  EXPECT_FALSE(fit_equalities(3, sets, {0.07, 0.15, 0.05, 0.10}).outcome.converged);
}

TEST(MaxEntropySolver, FitsFiguresOnTheEdgeToItsToleranceWithTheForcedCellsNearlyEmpty) {
  // All three equal to SM: every SM cell but all three must be empty. No
  // table with every cell positive has these figures exactly, but tables
  // with those cells at ~1e-11 have them to within the tolerance, and the
  // solver accepts one: its "no table" has the same 1e-10 resolution as
  // its figures.
  const std::vector<CellSet> sets = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH),
                                     cells_with_all_of(3, kSM), cells_with_all_of(3, kTrio)};
  const std::vector<double> targets = {0.07, 0.15, 0.05, 0.05};
  const Fit result = fit_equalities(3, sets, targets);
  ASSERT_TRUE(result.outcome.converged);
  EXPECT_LT(max_abs_difference(figures_of(result.cells, sets), targets), kFigureTolerance);
  // SM only, DV + SM only, MH + SM only: SM minus all three, both fitted
  // to within the tolerance.
  EXPECT_LT(result.cells[4] + result.cells[5] + result.cells[6], 2 * kFigureTolerance);
  for (double cell : result.cells) EXPECT_GT(cell, 0.0);
}

TEST(MaxEntropySolver, DoesNotConvergeWhenAFigureIsBeyondTheEdgeByMoreThanTheTolerance) {
  // All three above SM by 1e-6 (ten thousand times the tolerance).
  const std::vector<CellSet> sets = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH),
                                     cells_with_all_of(3, kSM), cells_with_all_of(3, kTrio)};
  EXPECT_FALSE(fit_equalities(3, sets, {0.07, 0.15, 0.05, 0.050001}).outcome.converged);
}

TEST(MaxEntropySolver, FitsFromScratchAfterAFailedFit) {
  const std::vector<CellSet> sets = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH),
                                     cells_with_all_of(3, kSM), cells_with_all_of(3, kTrio)};
  const std::vector<double> feasible = {0.07, 0.15, 0.05, 0.01};
  MaxEntropySolver solver(3, sets);
  // A successful fit first, so there is a warm start for the failures to
  // spoil (or, as they should, to forget).
  ASSERT_TRUE(fit(solver, feasible).outcome.converged);
  ASSERT_FALSE(fit(solver, {0.05, 0.15, 0.10, 0.08}).outcome.converged);
  ASSERT_FALSE(fit(solver, {0.07, 0.15, 0.05, 0.051}).outcome.converged);
  const Fit after = fit(solver, feasible);
  ASSERT_TRUE(after.outcome.converged);
  EXPECT_LT(max_abs_difference(figures_of(after.cells, sets), feasible), kFigureTolerance);
  // A failure forgets the warm start: the fit is the one a fresh solver
  // makes, step for step.
  MaxEntropySolver fresh(3, sets);
  const Fit reference = fit(fresh, feasible);
  EXPECT_EQ(after.outcome.newton_steps, reference.outcome.newton_steps);
  EXPECT_LT(max_abs_difference(after.cells, reference.cells), kSamePathTolerance);
}

TEST(MaxEntropySolver, LeavesTheOutputUntouchedWhenItDoesNotConverge) {
  const std::vector<CellSet> sets = {cells_with_all_of(3, kDV), cells_with_all_of(3, kTrio)};
  MaxEntropySolver solver(3, sets);
  const Fit failed = fit(solver, {0.05, 0.08});
  ASSERT_FALSE(failed.outcome.converged);
  for (double cell : failed.cells) EXPECT_EQ(cell, -1.0);  // the sentinel fit() filled it with
}

// --- 8. Warm start ---------------------------------------------------------

class MaxEntropyLeeds : public testing::Test {
 protected:
  // Children's Commissioner (2019), local toxic-trio projections, Leeds,
  // narrow measures, in percent as the source's spreadsheet carries them.
  static constexpr double kDVPercent = 7.39207558453823;
  static constexpr double kMHPercent = 15.0284000073914;
  static constexpr double kSMPercent = 5.04045768190633;
  static constexpr double kAnyPercent = 19.9674293972202;
  static constexpr double kAllThreePercent = 1.18593962064526;

  const std::vector<CellSet> sets = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH),
                                     cells_with_all_of(3, kSM), cells_with_any_of(3, kTrio),
                                     cells_with_all_of(3, kTrio)};
  const std::vector<double> targets = {kDVPercent / 100, kMHPercent / 100, kSMPercent / 100,
                                       kAnyPercent / 100, kAllThreePercent / 100};
};

TEST_F(MaxEntropyLeeds, ConvergesFasterFromTheWarmStartToTheSameTable) {
  MaxEntropySolver solver(3, sets);
  const Fit cold = fit(solver, targets);
  const Fit warm = fit(solver, targets);
  ASSERT_TRUE(cold.outcome.converged);
  ASSERT_TRUE(warm.outcome.converged);
  EXPECT_GT(cold.outcome.newton_steps, 0);
  EXPECT_LT(warm.outcome.newton_steps, cold.outcome.newton_steps);
  EXPECT_LT(max_abs_difference(warm.cells, cold.cells), kSamePathTolerance);

  solver.reset_warm_start();
  const Fit again = fit(solver, targets);
  ASSERT_TRUE(again.outcome.converged);
  EXPECT_EQ(again.outcome.newton_steps, cold.outcome.newton_steps);
  EXPECT_LT(max_abs_difference(again.cells, cold.cells), kSamePathTolerance);
}

TEST_F(MaxEntropyLeeds, ConvergesFasterFromTheWarmStartForNearbyFigures) {
  // The Monte Carlo case: each draw's figures near the last draw's.
  std::vector<double> nearby = targets;
  for (std::size_t j = 0; j < nearby.size(); ++j) nearby[j] *= j % 2 == 0 ? 1.01 : 0.99;
  MaxEntropySolver solver(3, sets);
  ASSERT_TRUE(fit(solver, targets).outcome.converged);
  const Fit warm = fit(solver, nearby);
  MaxEntropySolver fresh(3, sets);
  const Fit cold = fit(fresh, nearby);
  ASSERT_TRUE(warm.outcome.converged);
  ASSERT_TRUE(cold.outcome.converged);
  EXPECT_LT(warm.outcome.newton_steps, cold.outcome.newton_steps);
  EXPECT_LT(max_abs_difference(warm.cells, cold.cells), kSameOptimumTolerance);
}

// --- 9. The Leeds figures --------------------------------------------------

TEST_F(MaxEntropyLeeds, FitsACoherentTableThatReproducesEveryFigure) {
  const Fit result = fit_equalities(3, sets, targets);
  ASSERT_TRUE(result.outcome.converged);
  EXPECT_LE(result.outcome.max_violation, kFigureTolerance);
  double total = 0.0;
  for (double cell : result.cells) {
    EXPECT_GT(cell, 0.0);
    total += cell;
  }
  EXPECT_NEAR(total, 1.0, kSumTolerance);
  const std::vector<double> values = figures_of(result.cells, sets);
  for (std::size_t j = 0; j < sets.size(); ++j) EXPECT_NEAR(values[j], targets[j], kFigureTolerance) << j;
  // "None of the trio" is 1 - any.
  EXPECT_NEAR(result.cells[0], 1.0 - kAnyPercent / 100, kFigureTolerance);
}

// --- 10. Bad arguments -----------------------------------------------------

TEST(MaxEntropySolver, RejectsZeroConditions) {
  EXPECT_THAT([] { MaxEntropySolver(0, std::vector<CellSet>{}); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("0 conditions: the joint table supports 1 to 6")));
}

TEST(MaxEntropySolver, RejectsSevenConditions) {
  EXPECT_THAT([] { MaxEntropySolver(7, std::vector<CellSet>{}); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("7 conditions: the joint table supports 1 to 6")));
}

TEST(MaxEntropySolver, RejectsMoreFiguresThanCells) {
  const std::vector<CellSet> five(5, cells_with_all_of(2, 1));
  EXPECT_THAT([&] { MaxEntropySolver(2, five); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("5 figures about 4 cells: at most 4 can be independent")));
}

TEST(MaxEntropySolver, AcceptsAsManyFiguresAsCellsEvenWhenOneIsRedundant) {
  // The seven single cells plus the whole table (always 1): the last figure
  // adds nothing, and the solver's ridge keeps Newton's system solvable.
  std::vector<CellSet> sets;
  for (unsigned c = 1; c < 8; ++c) sets.push_back(only_cell(c));
  sets.push_back(all_cells(3));
  std::mt19937 rng(17);
  const std::vector<double> table = random_positive_table(3, rng);
  const Fit result = fit_equalities(3, sets, figures_of(table, sets));
  ASSERT_TRUE(result.outcome.converged);
  EXPECT_LT(max_abs_difference(result.cells, table), kFigureTolerance);
}

TEST(MaxEntropySolver, FitsTheReferenceTableWhenThereAreNoFigures) {
  MaxEntropySolver solver(2, std::vector<CellSet>{});
  const std::vector<double> log_base = {0.0, std::log(2.0), std::log(3.0), std::log(4.0)};
  std::vector<double> cells(4);
  const MaxEntropySolver::Outcome outcome = solver.fit({}, {}, log_base, cells);
  ASSERT_TRUE(outcome.converged);
  EXPECT_EQ(outcome.newton_steps, 0);
  // exp(log_base) normalised: 1, 2, 3, 4 over 10, to rounding.
  EXPECT_LT(max_abs_difference(cells, {0.1, 0.2, 0.3, 0.4}), kSumTolerance);
}

}  // namespace
}  // namespace prevalence::models
