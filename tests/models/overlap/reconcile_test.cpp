// Tests models/overlap/reconcile.cpp: coherent figures are left as they are;
// incoherent ones move to the weighted least-squares projection, which has
// a closed form where the figures are a partition of the table; and the
// Children's Commissioner's seven Leeds figures come out coherent, with
// "exactly two" + "all three" equal to "two or more".

#include "models/overlap/reconcile.hpp"

#include "models/overlap/cell_set.hpp"
#include "models/overlap/coherence.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace prevalence::models {
namespace {

FigureBand exact(const char* name, CellSet cells, double value) { return {name, cells, value, value}; }

// Rounding of the solver: the sum-to-one row and the active-set steps hold
// to about 1e-12; figures agree to 1e-9 of a proportion.
constexpr double kTolerance = 1e-9;

TEST(ReconcileFigures, LeavesCoherentFiguresWhereTheyAre) {
  const std::vector<FigureBand> figures{exact("a", cells_with_all_of(2, 1), 0.3),
                                        exact("b", cells_with_all_of(2, 2), 0.2), exact("both", only_cell(3), 0.1)};
  const ReconciledFigures r = reconcile_figures(2, figures);
  for (std::size_t j = 0; j < figures.size(); ++j) EXPECT_NEAR(r.fitted[j], figures[j].lower, kTolerance);
  EXPECT_NEAR(r.divergence, 0.0, 1e-15);
}

TEST(ReconcileFigures, AFigureAndItsComplementMeetAtTheirWeightedMean) {
  // "a" 30 % and "not a" 60 % cannot both hold (they must add up to 100 %).
  // Minimising w1 (x - 0.3)^2 + w2 (1 - x - 0.6)^2 gives
  // x = (w1 0.3 + w2 0.4) / (w1 + w2), w = 1 / (f (1 - f)).
  const std::vector<FigureBand> figures{exact("a", cells_with_all_of(1, 1), 0.3), exact("not a", only_cell(0), 0.6)};
  const ReconciledFigures r = reconcile_figures(1, figures);
  const double w1 = 1.0 / (0.3 * 0.7), w2 = 1.0 / (0.6 * 0.4);
  const double x = (w1 * 0.3 + w2 * 0.4) / (w1 + w2);
  EXPECT_NEAR(r.fitted[0], x, kTolerance);
  EXPECT_NEAR(r.fitted[1], 1.0 - x, kTolerance);
  EXPECT_NEAR(r.weights[0], w1, 1e-12);
  EXPECT_NEAR(r.divergence, w1 * (x - 0.3) * (x - 0.3) + w2 * (0.4 - x) * (0.4 - x), 1e-12);
}

TEST(ReconcileFigures, MakesTheCommissionersLeedsFiguresCoherent) {
  // Narrow measures, Leeds (data/rates/cco-toxic-trio-2019): each factor,
  // any, exactly two, two or more, all three.
  const std::vector<FigureBand> figures{exact("dv", cells_with_all_of(3, 1), 0.0739207558453823),
                                        exact("mh", cells_with_all_of(3, 2), 0.150284000073914),
                                        exact("sm", cells_with_all_of(3, 4), 0.0504045768190633),
                                        exact("any", cells_with_any_of(3, 7), 0.199674293972202),
                                        exact("exactly two", cells_with_exactly(3, 2), 0.0470538045391466),
                                        exact("two or more", cells_with_at_least(3, 2), 0.0602094303855089),
                                        exact("all three", only_cell(7), 0.0118593962064526)};
  ASSERT_FALSE(check_coherence(3, figures).coherent);
  const ReconciledFigures r = reconcile_figures(3, figures);
  std::vector<FigureBand> fitted;
  for (std::size_t j = 0; j < figures.size(); ++j)
    fitted.push_back(exact(figures[j].name.c_str(), figures[j].cells, r.fitted[j]));
  EXPECT_TRUE(check_coherence(3, fitted).coherent);
  EXPECT_NEAR(r.fitted[4] + r.fitted[6], r.fitted[5], kTolerance);
  // The fit moves each figure a little, none by more than the 0.3 points of
  // change the coherence check says the set needs in all.
  for (std::size_t j = 0; j < figures.size(); ++j) EXPECT_LT(std::abs(r.fitted[j] - figures[j].lower), 0.003) << j;
  EXPECT_GT(r.divergence, 0.0);
  double total = 0.0;
  for (double cell : r.cells) {
    EXPECT_GE(cell, 0.0);
    total += cell;
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(ReconcileFigures, RejectsMalformedFigures) {
  EXPECT_THROW(reconcile_figures(0, {}), std::invalid_argument);
  const std::vector<FigureBand> reversed{{"a", cells_with_all_of(1, 1), 0.4, 0.3}};
  EXPECT_THROW(reconcile_figures(1, reversed), std::invalid_argument);
}

}  // namespace
}  // namespace prevalence::models
