// Tests models/overlap/joint_table_fitter.cpp: one coherent joint table per
// Monte Carlo draw, with incoherent draws moved towards the central figures
// (config/README.md, "Draws whose figures admit no table").
//
// The figures are the Children's Commissioner's 2019 local toxic-trio
// projections for Leeds, narrow measures (the figures behind
// config/leeds-2020.toml), to the digits the source's spreadsheet carries.
// The reference for each table is MaxEntropySolver itself (tested in
// max_entropy_test.cpp) or, for the size of a move, inclusion-exclusion.

#include "models/overlap/joint_table_fitter.hpp"
#include "models/overlap/max_entropy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

namespace prevalence::models {
namespace {

using testing::HasSubstr;
using testing::ThrowsMessage;

constexpr ConditionSet kDV = 1, kMH = 2, kSM = 4, kTrio = kDV | kMH | kSM;

// The solver's stated accuracy on each figure (MaxEntropyOptions::tolerance).
constexpr double kFigureTolerance = 1e-10;
// Two fits along the same arithmetic path (same solver state, same inputs)
// can only differ by rounding in a different order: a thousand times the
// rounding of a sum of 8 cells.
constexpr double kSamePathTolerance = 1e-12;
// Cells summing to 1: a few ulps of 1.
constexpr double kSumTolerance = 1e-14;
// The fitter finds the move by 12 halvings of [0, 1] (kMoveBisections).
constexpr double kBisectionResolution = 1.0 / 4096.0;
// Two fits at the default tolerance reaching the same optimum from
// different starts: each within 1e-10 of the same figures, and moving
// figures (sums of cells) by r moves cells by a few r; tenfold margin.
constexpr double kSameOptimumTolerance = 1e-9;

// Leeds, narrow measures, as proportions: DV, MH, SM, any, all three.
constexpr double kDV_ = 0.0739207558453823;
constexpr double kMH_ = 0.150284000073914;
constexpr double kSM_ = 0.0504045768190633;
constexpr double kAny = 0.199674293972202;
constexpr double kAllThree = 0.0118593962064526;

std::vector<CellSet> leeds_sets() {
  return {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH), cells_with_all_of(3, kSM),
          cells_with_any_of(3, kTrio), cells_with_all_of(3, kTrio)};
}

std::vector<double> leeds_figures() { return {kDV_, kMH_, kSM_, kAny, kAllThree}; }

JointTableSpec leeds_spec(double half_band = 0.0) {
  JointTableSpec spec;
  spec.n_conditions = 3;
  spec.figure_cells = leeds_sets();
  spec.figure_half_band.assign(5, half_band);
  spec.central_figures = leeds_figures();
  return spec;
}

std::vector<double> figures_of(std::span<const double> table, const std::vector<CellSet>& sets) {
  std::vector<double> out;
  for (CellSet set : sets) out.push_back(sum_over(table, set));
  return out;
}

double max_abs_difference(std::span<const double> a, std::span<const double> b) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(a[i] - b[i]));
  return worst;
}

struct Draw {
  JointTableFitter::Outcome outcome;
  std::vector<double> cells;
};

Draw fit(JointTableFitter& fitter, const std::vector<double>& figures,
         const std::vector<double>& log_odds_ratios = {}) {
  Draw draw{{}, std::vector<double>(cell_count(fitter.spec().n_conditions), -1.0)};
  draw.outcome = fitter.fit(figures, log_odds_ratios, draw.cells);
  return draw;
}

// The solver's fit of figures as bands [x - h, x + h] (clipped to [0, 1]),
// with a reference table carrying each pair's log odds ratio.
std::vector<double> solver_fit(const JointTableSpec& spec, const std::vector<double>& figures,
                               const std::vector<double>& log_odds_ratios) {
  const int n = cell_count(spec.n_conditions);
  std::vector<double> log_base(n, 0.0), lower, upper, cells(n);
  for (std::size_t k = 0; k < spec.odds_ratio_pairs.size(); ++k) {
    const unsigned both = (1u << spec.odds_ratio_pairs[k].first) | (1u << spec.odds_ratio_pairs[k].second);
    for (int c = 0; c < n; ++c)
      if ((c & both) == both) log_base[c] += log_odds_ratios[k];
  }
  for (std::size_t j = 0; j < figures.size(); ++j) {
    lower.push_back(std::max(0.0, figures[j] - spec.figure_half_band[j]));
    upper.push_back(std::min(1.0, figures[j] + spec.figure_half_band[j]));
  }
  MaxEntropySolver solver(spec.n_conditions, spec.figure_cells);
  EXPECT_TRUE(solver.fit(lower, upper, log_base, cells).converged);
  return cells;
}

void expect_valid_table(const std::vector<double>& cells) {
  double total = 0.0;
  for (double cell : cells) {
    EXPECT_GE(cell, 0.0);
    total += cell;
  }
  EXPECT_NEAR(total, 1.0, kSumTolerance);
}

// The Leeds figures with all three at 8 %, above DV (7.4 %) and SM (5.0 %):
// no table has them.
std::vector<double> all_three_above_dv() {
  std::vector<double> figures = leeds_figures();
  figures[4] = 0.08;
  return figures;
}

TEST(JointTableFitter, FitsTheCentralTableAsTheSolverFitsTheCentralFigures) {
  JointTableSpec spec = leeds_spec(0.0005);  // each figure rounded to 0.1 point
  spec.odds_ratio_pairs = {{0, 1}};           // DV and MH, odds ratio 2 in the reference
  spec.central_log_odds_ratios = {std::log(2.0)};
  const JointTableFitter fitter(spec);
  const std::vector<double> expected = solver_fit(spec, spec.central_figures, spec.central_log_odds_ratios);
  // The fitter's first fit is a fresh solver's: the same arithmetic.
  EXPECT_LT(max_abs_difference(fitter.central_cells(), expected), kSamePathTolerance);
}

TEST(JointTableFitter, FitsTheExactCentralFiguresExactly) {
  const JointTableFitter fitter(leeds_spec());
  const std::vector<double> values = figures_of(fitter.central_cells(), leeds_sets());
  EXPECT_LT(max_abs_difference(values, leeds_figures()), kFigureTolerance);
}

TEST(JointTableFitter, FitsACoherentDrawExactlyWithoutMovingIt) {
  JointTableFitter fitter(leeds_spec());
  // Each figure 1 % (relative) off centre, alternately up and down.
  std::vector<double> figures = leeds_figures();
  for (std::size_t j = 0; j < figures.size(); ++j) figures[j] *= j % 2 == 0 ? 1.01 : 0.99;
  const Draw draw = fit(fitter, figures);
  EXPECT_FALSE(draw.outcome.moved);
  EXPECT_EQ(draw.outcome.move, 0.0);
  EXPECT_GT(draw.outcome.newton_steps, 0);
  expect_valid_table(draw.cells);
  EXPECT_LT(max_abs_difference(figures_of(draw.cells, leeds_sets()), figures), kFigureTolerance);
  // After construction the fitter starts cold, as a fresh solver does.
  EXPECT_LT(max_abs_difference(draw.cells, solver_fit(leeds_spec(), figures, {})), kSamePathTolerance);
}

TEST(JointTableFitter, CarriesEachDrawsOddsRatioIntoItsTable) {
  // Only the three prevalences are figures, so the DV x MH margin keeps the
  // reference's odds ratio (see max_entropy_test.cpp).
  JointTableSpec spec;
  spec.n_conditions = 3;
  spec.figure_cells = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH), cells_with_all_of(3, kSM)};
  spec.figure_half_band.assign(3, 0.0);
  spec.central_figures = {kDV_, kMH_, kSM_};
  spec.odds_ratio_pairs = {{0, 1}};
  spec.central_log_odds_ratios = {std::log(2.0)};
  JointTableFitter fitter(spec);
  const Draw draw = fit(fitter, spec.central_figures, {std::log(2.5)});
  const std::vector<double>& p = draw.cells;
  // The fit is the reference times main effects, whose DV x MH odds ratio
  // is the reference's whatever the multipliers: only the rounding of four
  // sums and a ratio (~1e-15) separates it from 2.5.
  EXPECT_NEAR((p[3] + p[7]) * (p[0] + p[4]) / ((p[1] + p[5]) * (p[2] + p[6])), 2.5, 1e-12);
}

TEST(JointTableFitter, MovesADrawWithAllThreeAboveDVTowardsTheCentralFigures) {
  JointTableFitter fitter(leeds_spec());
  const std::vector<double> figures = all_three_above_dv();
  const Draw draw = fit(fitter, figures);
  EXPECT_TRUE(draw.outcome.moved);
  EXPECT_GT(draw.outcome.move, 0.0);
  EXPECT_LE(draw.outcome.move, 1.0);
  expect_valid_table(draw.cells);

  // The table's figures are the point `move` of the way from the draw to
  // the anchor (the central table's figures, computed here as the fitter
  // computes them): the fitter's last fit is of exactly that point, so they
  // match to the solver's tolerance.
  const std::vector<CellSet> sets = leeds_sets();
  const std::vector<double> anchor = figures_of(fitter.central_cells(), sets);
  const std::vector<double> values = figures_of(draw.cells, sets);
  const double t = draw.outcome.move;
  for (std::size_t j = 0; j < sets.size(); ++j)
    EXPECT_NEAR(values[j], (1.0 - t) * figures[j] + t * anchor[j], kFigureTolerance) << "figure " << j;

  // How far it had to go. Inclusion-exclusion: DV + MH + SM - any counts
  // the cells with exactly two conditions once and the all-three cell
  // twice, so all three can be at most half of it, and only with the
  // exactly-two cells empty. Here that bound (3.75 %) binds before all
  // three <= SM (5.04 %), and only all three changes along the segment, so
  // the least move t* solves (1 - t) 8 % + t x anchor = half of it.
  const double half = (anchor[0] + anchor[1] + anchor[2] - anchor[3]) / 2.0;
  const double least = (figures[4] - half) / (figures[4] - anchor[4]);
  // The bisection keeps a point found infeasible below a point found
  // feasible; the boundary lies between them, 2^-12 apart after 12 halvings,
  // and the move is the feasible end. So t* <= move <= t* + 2^-12, up to
  // where the solver puts the boundary: it accepts figures within its
  // tolerance (1e-10) of possible ones (max_entropy_test.cpp, "on the
  // edge"), which shifts its boundary by about 2 x 1e-10 / (8 % - 1.19 %),
  // 3e-9, in t. 1e-8 of slack covers that.
  constexpr double kEdgeSlack = 1e-8;
  EXPECT_GE(t, least - kEdgeSlack);
  EXPECT_LE(t, least + kBisectionResolution + kEdgeSlack);
}

TEST(JointTableFitter, MovesADrawWithSeveralConflictsOntoItsSegmentWithinTheBands) {
  constexpr double kHalfBand = 0.0005;  // each figure rounded to 0.1 point
  JointTableFitter fitter(leeds_spec(kHalfBand));
  std::vector<double> figures = all_three_above_dv();
  figures[3] = 0.14;  // any below MH (15 %) as well
  const Draw draw = fit(fitter, figures);
  EXPECT_TRUE(draw.outcome.moved);
  EXPECT_GT(draw.outcome.move, 0.0);
  EXPECT_LE(draw.outcome.move, 1.0);
  expect_valid_table(draw.cells);
  // The last fit is of the bands around the point `move` along the segment.
  const std::vector<CellSet> sets = leeds_sets();
  const std::vector<double> anchor = figures_of(fitter.central_cells(), sets);
  const std::vector<double> values = figures_of(draw.cells, sets);
  const double t = draw.outcome.move;
  for (std::size_t j = 0; j < sets.size(); ++j) {
    const double point = (1.0 - t) * figures[j] + t * anchor[j];
    EXPECT_GE(values[j], point - kHalfBand - kFigureTolerance) << "figure " << j;
    EXPECT_LE(values[j], point + kHalfBand + kFigureTolerance) << "figure " << j;
  }
}

TEST(JointTableFitter, DoesNotMoveACoherentDrawWhateverTheDrawBefore) {
  // The three prevalences exact, all three rounded (a band of +-5e-5).
  JointTableSpec spec;
  spec.n_conditions = 3;
  spec.figure_cells = {cells_with_all_of(3, kDV), cells_with_all_of(3, kMH), cells_with_all_of(3, kSM),
                       cells_with_all_of(3, kTrio)};
  spec.figure_half_band = {0.0, 0.0, 0.0, 0.00005};
  spec.central_figures = {0.07, 0.15, 0.05, 0.01};
  // First draw: all three in [1e-4, 2e-4], below the product 5.25e-4, so
  // the fit holds it at 2e-4. Second draw: SM 1e-4 and all three in
  // [5e-5, 1.5e-4]; its upper end is above SM, but [5e-5, 1e-4) fits, and
  // a table does (all three at 5e-5): the draw is coherent.
  const std::vector<double> first = {0.07, 0.15, 0.05, 0.00015}, second = {0.07, 0.15, 0.0001, 0.0001};
  JointTableFitter fitter(spec);
  ASSERT_FALSE(fit(fitter, first).outcome.moved);
  const Draw after_first = fit(fitter, second);
  JointTableFitter fresh(spec);
  const Draw alone = fit(fresh, second);
  EXPECT_FALSE(alone.outcome.moved);
  EXPECT_FALSE(after_first.outcome.moved);
  EXPECT_EQ(after_first.outcome.move, 0.0);
  EXPECT_LT(max_abs_difference(after_first.cells, alone.cells), kSameOptimumTolerance);
}

TEST(JointTableFitter, RejectsCentralFiguresThatAdmitNoTable) {
  JointTableSpec spec = leeds_spec();
  spec.central_figures = all_three_above_dv();
  EXPECT_THAT([&] { JointTableFitter fitter(spec); },
              ThrowsMessage<std::invalid_argument>(
                  HasSubstr("the central figures admit no joint table with every cell above zero")));
}

TEST(JointTableFitter, RejectsAnOddsRatioPairOutsideTheConditions) {
  for (const std::pair<int, int>& pair : {std::pair{0, 3}, std::pair{-1, 1}, std::pair{2, 2}}) {
    SCOPED_TRACE(testing::Message() << "pair (" << pair.first << ", " << pair.second << ")");
    JointTableSpec spec = leeds_spec();
    spec.odds_ratio_pairs = {pair};
    spec.central_log_odds_ratios = {0.0};
    EXPECT_THAT([&] { JointTableFitter fitter(spec); },
                ThrowsMessage<std::invalid_argument>(
                    HasSubstr("an odds ratio must join two different conditions")));
  }
}

TEST(JointTableFitter, RejectsAMissingBandOrCentralValue) {
  JointTableSpec spec = leeds_spec();
  spec.figure_half_band.pop_back();
  EXPECT_THAT([&] { JointTableFitter fitter(spec); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("one band and one central value per figure")));
}

TEST(JointTableFitter, RejectsAMissingLogOddsRatio) {
  JointTableSpec spec = leeds_spec();
  spec.odds_ratio_pairs = {{0, 1}};
  EXPECT_THAT([&] { JointTableFitter fitter(spec); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("one central log odds ratio per pair")));
}

TEST(JointTableFitter, GivesResultsIndependentOfEarlierDrawsAfterAReset) {
  std::vector<double> coherent = leeds_figures();
  for (std::size_t j = 0; j < coherent.size(); ++j) coherent[j] *= j % 2 == 0 ? 0.995 : 1.005;

  for (const std::vector<double>& first : {leeds_figures(), all_three_above_dv()}) {
    for (const std::vector<double>& second : {coherent, all_three_above_dv()}) {
      JointTableFitter used(leeds_spec());
      fit(used, first);
      const Draw b_warm = fit(used, second);
      used.reset_warm_start();
      const Draw b_after_reset = fit(used, second);
      JointTableFitter fresh(leeds_spec());
      const Draw b_fresh = fit(fresh, second);

      EXPECT_EQ(b_after_reset.outcome.moved, b_fresh.outcome.moved);
      EXPECT_EQ(b_after_reset.outcome.move, b_fresh.outcome.move);
      EXPECT_EQ(b_after_reset.outcome.newton_steps, b_fresh.outcome.newton_steps);
      EXPECT_LT(max_abs_difference(b_after_reset.cells, b_fresh.cells), kSamePathTolerance);
      // Without the reset the table is the same optimum reached from
      // elsewhere: equal to the figures' tolerance, not bit for bit (for a
      // moved draw, as long as the bisection makes the same decisions,
      // which it does unless a midpoint falls within ~1e-9 of the edge).
      EXPECT_EQ(b_warm.outcome.moved, b_fresh.outcome.moved);
      EXPECT_EQ(b_warm.outcome.move, b_fresh.outcome.move);
      EXPECT_LT(max_abs_difference(b_warm.cells, b_fresh.cells), kSameOptimumTolerance);
    }
  }
}

}  // namespace
}  // namespace prevalence::models
