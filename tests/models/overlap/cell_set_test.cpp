// Tests models/overlap/cell_set.cpp: the sets of cells of a joint table over
// K binary conditions that published figures are sums over.
//
// Reference masks are enumerated by hand for the toxic trio (K = 3): cell c
// has condition i when bit i of c is set, with DV = bit 0, MH = bit 1,
// SM = bit 2, so the eight cells are
//     0 none, 1 DV, 2 MH, 3 DV+MH, 4 SM, 5 DV+SM, 6 MH+SM, 7 DV+MH+SM,
// and a set of cells has bit c set for each member. Each expected mask below
// is written as the list of its cells, built by `cells({...})`, so it can be
// checked against that table by eye.

#include "models/overlap/cell_set.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <vector>

namespace prevalence::models {
namespace {

constexpr ConditionSet kDV = 1, kMH = 2, kSM = 4, kTrio = kDV | kMH | kSM;

// The mask with exactly the listed cells.
CellSet cells(std::initializer_list<int> members) {
  CellSet set = 0;
  for (int c : members) set |= CellSet{1} << c;
  return set;
}

TEST(CellSet, CellCountIsTwoToThePowerOfTheConditions) {
  EXPECT_EQ(cell_count(1), 2);
  EXPECT_EQ(cell_count(3), 8);
  EXPECT_EQ(cell_count(kMaxConditions), kMaxCells);
  EXPECT_EQ(kMaxCells, 64);  // one bit per cell of a 64-bit CellSet
}

TEST(CellSet, AllCellsOfTheTrioAreTheEightCells) {
  EXPECT_EQ(all_cells(3), cells({0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(all_cells(1), cells({0, 1}));
}

TEST(CellSet, AllCellsOfSixConditionsFillTheWholeMask) {
  // 64 cells: every bit of the 64-bit mask, with no shift past its width.
  EXPECT_EQ(all_cells(6), std::numeric_limits<CellSet>::max());
}

TEST(CellSet, CellsWithAllOfOneConditionAreItsPrevalence) {
  EXPECT_EQ(cells_with_all_of(3, kDV), cells({1, 3, 5, 7}));
  EXPECT_EQ(cells_with_all_of(3, kMH), cells({2, 3, 6, 7}));
  EXPECT_EQ(cells_with_all_of(3, kSM), cells({4, 5, 6, 7}));
}

TEST(CellSet, CellsWithAllOfTwoConditionsAreTheirJointPrevalence) {
  EXPECT_EQ(cells_with_all_of(3, kDV | kMH), cells({3, 7}));
  EXPECT_EQ(cells_with_all_of(3, kDV | kSM), cells({5, 7}));
  EXPECT_EQ(cells_with_all_of(3, kMH | kSM), cells({6, 7}));
}

TEST(CellSet, CellsWithAllOfTheTrioAreTheOneAllThreeCell) {
  EXPECT_EQ(cells_with_all_of(3, kTrio), cells({7}));
}

TEST(CellSet, CellsWithAllOfNoConditionsAreEveryCell) {
  // The empty conjunction is always true.
  EXPECT_EQ(cells_with_all_of(3, 0), all_cells(3));
}

TEST(CellSet, CellsWithAnyOfTheTrioAreEveryCellButNone) {
  EXPECT_EQ(cells_with_any_of(3, kTrio), cells({1, 2, 3, 4, 5, 6, 7}));
}

TEST(CellSet, CellsWithAnyOfTwoConditionsAreTheirUnion) {
  EXPECT_EQ(cells_with_any_of(3, kDV | kMH), cells({1, 2, 3, 5, 6, 7}));
  EXPECT_EQ(cells_with_any_of(3, kDV | kSM), cells({1, 3, 4, 5, 6, 7}));
  EXPECT_EQ(cells_with_any_of(3, kMH | kSM), cells({2, 3, 4, 5, 6, 7}));
}

TEST(CellSet, CellsWithAnyOfOneConditionEqualCellsWithAllOfIt) {
  for (ConditionSet one : {kDV, kMH, kSM}) EXPECT_EQ(cells_with_any_of(3, one), cells_with_all_of(3, one));
}

TEST(CellSet, CellsWithAnyOfNoConditionsAreEmpty) {
  EXPECT_EQ(cells_with_any_of(3, 0), CellSet{0});
}

TEST(CellSet, CellsWithAtLeastACountOfConditionsAreHandEnumerated) {
  EXPECT_EQ(cells_with_at_least(3, 0), all_cells(3));
  EXPECT_EQ(cells_with_at_least(3, 1), cells({1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(cells_with_at_least(3, 2), cells({3, 5, 6, 7}));  // "two or more"
  EXPECT_EQ(cells_with_at_least(3, 3), cells({7}));
  EXPECT_EQ(cells_with_at_least(3, 4), CellSet{0});
}

TEST(CellSet, CellsWithExactlyACountOfConditionsAreHandEnumerated) {
  EXPECT_EQ(cells_with_exactly(3, 0), cells({0}));  // "none"
  EXPECT_EQ(cells_with_exactly(3, 1), cells({1, 2, 4}));
  EXPECT_EQ(cells_with_exactly(3, 2), cells({3, 5, 6}));  // "exactly two"
  EXPECT_EQ(cells_with_exactly(3, 3), cells({7}));
}

TEST(CellSet, CellsWithExactlyEachCountPartitionTheTable) {
  CellSet seen = 0;
  for (int count = 0; count <= 3; ++count) {
    const CellSet these = cells_with_exactly(3, count);
    EXPECT_EQ(seen & these, CellSet{0}) << "count " << count << " overlaps a smaller count";
    seen |= these;
  }
  EXPECT_EQ(seen, all_cells(3));
}

TEST(CellSet, OnlyCellIsTheOneCellWithExactlyThoseConditions) {
  EXPECT_EQ(only_cell(0), cells({0}));                 // none
  EXPECT_EQ(only_cell(kDV), cells({1}));               // DV only
  EXPECT_EQ(only_cell(kMH), cells({2}));               // MH only
  EXPECT_EQ(only_cell(kDV | kMH), cells({3}));         // DV and MH only
  EXPECT_EQ(only_cell(kSM), cells({4}));               // SM only
  EXPECT_EQ(only_cell(kDV | kSM), cells({5}));         // DV and SM only
  EXPECT_EQ(only_cell(kMH | kSM), cells({6}));         // MH and SM only
  EXPECT_EQ(only_cell(kTrio), cells({7}));             // all three
  EXPECT_EQ(only_cell(63), CellSet{1} << 63);          // the last cell of six conditions
}

TEST(CellSet, ContainsReadsOneBitOfTheMask) {
  const CellSet dv = cells_with_all_of(3, kDV);
  for (int c = 0; c < 8; ++c) EXPECT_EQ(contains(dv, c), (c & 1) != 0) << "cell " << c;
  EXPECT_TRUE(contains(all_cells(6), 63));
}

TEST(CellSet, SumOverAddsTheCellsInTheSet) {
  // Cell c holds 2^c, so the sum over a set is the set's mask read as a
  // number: exact in double, and a wrong member shows up as a wrong bit.
  std::vector<double> table(8);
  for (int c = 0; c < 8; ++c) table[c] = static_cast<double>(1 << c);
  for (CellSet set : {cells_with_all_of(3, kDV), cells_with_any_of(3, kMH | kSM), cells_with_at_least(3, 2),
                      cells_with_exactly(3, 1), only_cell(kDV | kSM), all_cells(3), CellSet{0}})
    EXPECT_EQ(sum_over(table, set), static_cast<double>(set)) << "set " << set;
}

TEST(CellSet, SumOverATableOfProportionsGivesThePublishedFigure) {
  // A trio table (made-up proportions summing to 1); DV is cells 1, 3, 5, 7.
  const std::vector<double> table = {0.80, 0.03, 0.09, 0.02, 0.025, 0.01, 0.01, 0.015};
  // Sums of a few decimals: within a few ulps of the decimal answer.
  constexpr double kRounding = 1e-15;
  EXPECT_NEAR(sum_over(table, all_cells(3)), 1.0, kRounding);
  EXPECT_NEAR(sum_over(table, cells_with_all_of(3, kDV)), 0.03 + 0.02 + 0.01 + 0.015, kRounding);
  EXPECT_NEAR(sum_over(table, cells_with_any_of(3, kTrio)), 0.20, kRounding);
  EXPECT_NEAR(sum_over(table, cells_with_at_least(3, 2)), 0.02 + 0.01 + 0.01 + 0.015, kRounding);
}

TEST(CellSet, SumOverIgnoresMembersBeyondTheTable) {
  // A K = 2 table (4 cells) summed over a K = 3 set: only cells 0..3 count.
  const std::vector<double> table = {1.0, 2.0, 4.0, 8.0};
  EXPECT_EQ(sum_over(table, cells_with_all_of(3, kDV)), 2.0 + 8.0);  // cells 1 and 3 of {1, 3, 5, 7}
  EXPECT_EQ(sum_over(std::vector<double>{}, all_cells(3)), 0.0);
}

}  // namespace
}  // namespace prevalence::models
