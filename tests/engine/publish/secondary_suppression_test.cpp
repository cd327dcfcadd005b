// Tests engine/publish/secondary_suppression.cpp on hand-made groups whose
// answer is worked out below, and on random trio tables checked exactly
// (tests/engine/publish/exact_span.hpp): the rule ends, and leaves no suppressed
// figure derivable from the shown ones and the population.
//
// Trio cells: bit 0 DV, bit 1 MH, bit 2 SM (tests/engine/publish/table_fixture.hpp).

#include "engine/publish/secondary_suppression.hpp"

#include "tests/engine/publish/exact_span.hpp"
#include "tests/engine/publish/table_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <vector>

namespace prevalence::publish {
namespace {

using test::exactly_derivable;
using test::trio_regions;

GroupFigure shown(std::uint64_t cells, double value) { return {cells, Disclosure::shown, value}; }
GroupFigure hidden(std::uint64_t cells) { return {cells, Disclosure::suppressed, 0.0}; }

// Shown masks after applying `added`.
std::vector<std::uint64_t> shown_after(const std::vector<GroupFigure>& figures, const std::vector<std::size_t>& added) {
  std::vector<std::uint64_t> masks;
  for (std::size_t i = 0; i < figures.size(); ++i)
    if (figures[i].disclosure == Disclosure::shown && std::find(added.begin(), added.end(), i) == added.end())
      masks.push_back(figures[i].cells);
  return masks;
}

TEST(IsDerivable, FromThePopulationAndTheShownFigures) {
  // With the population, "with" gives "without".
  EXPECT_TRUE(is_derivable(2, 0b01, std::vector<std::uint64_t>{0b10}));
  EXPECT_FALSE(is_derivable(2, 0b01, std::vector<std::uint64_t>{}));
  // two or more - DV+MH only - MH+SM only - all three = DV+SM only.
  EXPECT_TRUE(is_derivable(8, 0x20, std::vector<std::uint64_t>{0xE8, 0x08, 0x40, 0x80}));
  EXPECT_FALSE(is_derivable(8, 0x20, std::vector<std::uint64_t>{0xE8, 0x08, 0x40}));
  // Each condition and all three do not give any one exclusive cell.
  EXPECT_FALSE(is_derivable(8, 0x02, std::vector<std::uint64_t>{0xAA, 0xCC, 0xF0, 0x80}));
}

TEST(IsDerivable, RejectsMasksOutsideTheGroup) {
  EXPECT_THROW(is_derivable(0, 0, std::vector<std::uint64_t>{}), std::invalid_argument);
  EXPECT_THROW(is_derivable(65, 1, std::vector<std::uint64_t>{}), std::invalid_argument);
  EXPECT_THROW(is_derivable(2, 0b100, std::vector<std::uint64_t>{}), std::invalid_argument);
  EXPECT_THROW(is_derivable(2, 0b10, std::vector<std::uint64_t>{0b1000}), std::invalid_argument);
  EXPECT_NO_THROW(is_derivable(64, ~std::uint64_t{0} - 1, std::vector<std::uint64_t>{1}));
}

TEST(SecondarySuppression, ASingleMeasureNeedsNothingElse) {
  // A single measure's table is "with" and "without"; only "with" is a figure.
  const std::vector<GroupFigure> figures = {hidden(0b10)};
  EXPECT_TRUE(secondary_suppression(2, figures).empty());
}

TEST(SecondarySuppression, ASingleMeasuresComplementMustGoToo) {
  const std::vector<GroupFigure> figures = {hidden(0b10), shown(0b01, 400)};
  EXPECT_EQ(secondary_suppression(2, figures), std::vector<std::size_t>{1});
}

TEST(SecondarySuppression, NothingSuppressedNothingAdded) {
  const std::vector<GroupFigure> figures = {shown(0xAA, 50), shown(0x80, 10)};
  EXPECT_TRUE(secondary_suppression(8, figures).empty());
}

TEST(SecondarySuppression, TwoOrMoreMinusThePublishedCellsRevealsTheHiddenOne) {
  // DV+SM only is hidden; two or more, DV+MH only, MH+SM only and all three are
  // shown, and together give it. Suppressing any one of the four protects it:
  // the smallest, all three (11), goes.
  const std::vector<GroupFigure> figures = {shown(0xE8, 45), shown(0x08, 18), hidden(0x20), shown(0x40, 12),
                                            shown(0x80, 11)};
  EXPECT_EQ(secondary_suppression(8, figures), std::vector<std::size_t>{4});
}

TEST(SecondarySuppression, BreaksTiesByTheOrderOfTheTable) {
  const std::vector<GroupFigure> figures = {shown(0xE8, 45), shown(0x08, 18), hidden(0x20), shown(0x40, 10),
                                            shown(0x80, 10)};
  EXPECT_EQ(secondary_suppression(8, figures), std::vector<std::size_t>{3});
}

TEST(SecondarySuppression, PrefersAFigureThatProtectsOverASmallerOneThatDoesNot) {
  // DV only (5, shown) takes no part in deriving DV+SM only: it is not a candidate.
  const std::vector<GroupFigure> figures = {shown(0x02, 5), shown(0xE8, 45), shown(0x08, 18), hidden(0x20),
                                            shown(0x40, 12), shown(0x80, 11)};
  EXPECT_EQ(secondary_suppression(8, figures), std::vector<std::size_t>{5});
}

// The trio's 13 measures with every figure shown but DV+SM only, which the
// policy hid. Cells: none 400, DV only 20, MH only 50, SM only 15, DV+MH 18,
// DV+SM 4, MH+SM 12, all three 11 (shown values after ons-10-5 rounding).
std::vector<GroupFigure> trio_with_one_hidden_cell() {
  std::vector<GroupFigure> figures;
  const double values[13] = {55, 90, 40, 130, 45, 10, 20, 50, 15, 20, 0, 10, 400};
  for (std::size_t i = 0; i < 13; ++i) {
    const auto& region = trio_regions()[i];
    figures.push_back(std::string(region.id) == "dv_sm_only" ? hidden(region.cells) : shown(region.cells, values[i]));
  }
  return figures;
}

TEST(SecondarySuppression, AHiddenTrioCellForcesMoreCellsWhenEveryOtherFigureIsShown) {
  const std::vector<GroupFigure> figures = trio_with_one_hidden_cell();
  const std::vector<std::size_t> added = secondary_suppression(8, figures);
  ASSERT_FALSE(added.empty());
  EXPECT_FALSE(exactly_derivable(8, 0x20, shown_after(figures, added)));
  // Worked by hand. Every other cell is shown, so no single figure protects
  // DV+SM only: the smallest figures of its minimum-norm derivation are all
  // three and MH+SM only (both shown as 10); all three comes first in the
  // table and goes. Now DV (and SM, any, two or more) give only DV+SM + all
  // three, and MH alone separates them (MH - MH only - DV+MH - MH+SM = all
  // three): suppressing MH (90) protects both, and is the only single figure
  // that does. What remains gives DV+SM + all three (15), neither alone.
  EXPECT_EQ(added, (std::vector<std::size_t>{5, 1}));
}

TEST(SecondarySuppression, LeavesOutFiguresNoSuppressionCanHide) {
  // A figure of every cell is the population; one of no cells is always 0.
  const std::vector<GroupFigure> figures = {hidden(0xFF), hidden(0), shown(0x80, 11)};
  EXPECT_TRUE(secondary_suppression(8, figures).empty());
}

TEST(SecondarySuppression, IgnoresFiguresNotInTheTable) {
  const std::vector<GroupFigure> figures = {hidden(0b10), {0b01, Disclosure::absent, 400}};
  EXPECT_TRUE(secondary_suppression(2, figures).empty());
}

TEST(SecondarySuppression, EndsWithNothingDerivableOnRandomTrioTables) {
  std::mt19937_64 random(20261126);
  std::uniform_int_distribution<int> value(0, 60);
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<GroupFigure> figures;
    // A random subset of the 13 regions, in a random order, some hidden.
    for (const auto& region : trio_regions()) {
      const int v = value(random);
      if (v % 7 == 0) continue;  // not in the table
      figures.push_back(v < 10 ? hidden(region.cells) : shown(region.cells, v));
    }
    std::shuffle(figures.begin(), figures.end(), random);
    const std::vector<std::size_t> added = secondary_suppression(8, figures);
    SCOPED_TRACE(trial);
    std::size_t n_shown = 0;
    for (const GroupFigure& f : figures) n_shown += f.disclosure == Disclosure::shown;
    ASSERT_LE(added.size(), n_shown);
    for (std::size_t i : added) ASSERT_EQ(figures[i].disclosure, Disclosure::shown);
    const std::vector<std::uint64_t> remaining = shown_after(figures, added);
    for (const GroupFigure& f : figures) {
      if (f.disclosure == Disclosure::suppressed) {
        EXPECT_FALSE(exactly_derivable(8, f.cells, remaining));
      }
    }
    for (std::size_t i : added) EXPECT_FALSE(exactly_derivable(8, figures[i].cells, remaining));
  }
}

}  // namespace
}  // namespace prevalence::publish
