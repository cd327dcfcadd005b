// Tests models/overlap/central_table.cpp: the table `prevalence check` shows
// for coherent figures, against tables known exactly.

#include "models/overlap/central_table.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace prevalence::models {
namespace {

// The fit holds every figure to 1e-10 (MaxEntropyOptions); cells built from
// those figures by products are as close.
constexpr double kTolerance = 1e-9;

FigureBand exactly(CellSet cells, double value) { return {"", cells, value, value}; }

TEST(CentralTable, EachConditionAloneGivesTheIndependenceTable) {
  const double a = 0.2, b = 0.3;
  const std::vector<FigureBand> figures{exactly(cells_with_all_of(2, 1), a), exactly(cells_with_all_of(2, 2), b)};
  const auto cells = central_table(2, figures);
  ASSERT_TRUE(cells);
  ASSERT_EQ(cells->size(), 4u);
  EXPECT_NEAR((*cells)[0], (1 - a) * (1 - b), kTolerance);
  EXPECT_NEAR((*cells)[1], a * (1 - b), kTolerance);
  EXPECT_NEAR((*cells)[2], (1 - a) * b, kTolerance);
  EXPECT_NEAR((*cells)[3], a * b, kTolerance);
}

TEST(CentralTable, ACompleteSpecificationIsTheUniqueTable) {
  // Both, a only and b only given: none is what is left.
  const std::vector<FigureBand> figures{exactly(only_cell(3), 0.05), exactly(only_cell(1), 0.15),
                                        exactly(only_cell(2), 0.25)};
  const auto cells = central_table(2, figures);
  ASSERT_TRUE(cells);
  EXPECT_NEAR((*cells)[0], 0.55, kTolerance);
  EXPECT_NEAR((*cells)[3], 0.05, kTolerance);
}

TEST(CentralTable, FiguresOnTheEdgeGiveATableWithThatCellAtZero) {
  // a = b = any: everyone with one has both, so "a only" and "b only" are 0
  // (to within the fit's tolerance: cells are positive in a log-linear table).
  const std::vector<FigureBand> figures{exactly(cells_with_all_of(2, 1), 0.2), exactly(cells_with_all_of(2, 2), 0.2),
                                        exactly(cells_with_any_of(2, 3), 0.2)};
  const auto cells = central_table(2, figures);
  ASSERT_TRUE(cells);
  EXPECT_NEAR((*cells)[1], 0.0, kTolerance);
  EXPECT_NEAR((*cells)[2], 0.0, kTolerance);
  EXPECT_NEAR((*cells)[3], 0.2, kTolerance);
}

TEST(CentralTable, FiguresNoTableReproducesHaveNone) {
  // Both (8 %) above a (5 %), by far more than any tolerance.
  const std::vector<FigureBand> figures{exactly(cells_with_all_of(2, 1), 0.05), exactly(cells_with_all_of(2, 2), 0.15),
                                        exactly(only_cell(3), 0.08)};
  EXPECT_FALSE(central_table(2, figures));
}

}  // namespace
}  // namespace prevalence::models
