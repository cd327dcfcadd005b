// Tests engine/scenario/overlap_naming.cpp: the ids and labels of the regions
// of a joint table, and that a figure selector gets the same name as the
// standard region with the same cells.
//
// Expected names are the scheme the header documents ("dv_only",
// "two_or_more", "all_three", "none" last); expected cells are the
// hand-enumerated trio masks of tests/models/overlap/cell_set_test.cpp (cell
// c has condition i when bit i of c is set: DV = bit 0, MH = bit 1, SM = bit 2).

#include "engine/scenario/overlap_naming.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace prevalence::scenario {
namespace {

using models::CellSet;
using models::ConditionSet;

constexpr ConditionSet kDV = 1, kMH = 2, kSM = 4, kTrio = kDV | kMH | kSM;

const std::string kDVLabel = "domestic violence and abuse";
const std::string kMHLabel = "parental mental ill-health";
const std::string kSMLabel = "parental substance misuse";

OverlapNaming trio() {
  return OverlapNaming({"dv", "mh", "sm"}, {kDVLabel, kMHLabel, kSMLabel}, "the toxic trio");
}

CellSet cells(std::initializer_list<int> members) {
  CellSet set = 0;
  for (int c : members) set |= CellSet{1} << c;
  return set;
}

std::vector<std::string> ids(const std::vector<NamedRegion>& regions) {
  std::vector<std::string> out;
  for (const NamedRegion& region : regions) out.push_back(region.id_suffix);
  return out;
}

const NamedRegion* find(const std::vector<NamedRegion>& regions, const std::string& id) {
  for (const NamedRegion& region : regions)
    if (region.id_suffix == id) return &region;
  return nullptr;
}

TEST(OverlapNaming, StandardRegionsOfTheTrioComeInOutputOrder) {
  const std::vector<std::string> expected = {"dv",       "mh",       "sm",         "any",        "two_or_more",
                                             "all_three", "dv_only",  "mh_only",    "sm_only",    "dv_mh_only",
                                             "dv_sm_only", "mh_sm_only", "none"};
  EXPECT_EQ(ids(trio().standard_regions()), expected);
}

TEST(OverlapNaming, StandardRegionsOfTheTrioHaveTheHandEnumeratedCells) {
  const std::vector<NamedRegion> regions = trio().standard_regions();
  const std::vector<std::pair<std::string, CellSet>> expected = {
      {"dv", cells({1, 3, 5, 7})},
      {"mh", cells({2, 3, 6, 7})},
      {"sm", cells({4, 5, 6, 7})},
      {"any", cells({1, 2, 3, 4, 5, 6, 7})},
      {"two_or_more", cells({3, 5, 6, 7})},
      {"all_three", cells({7})},
      {"dv_only", cells({1})},
      {"mh_only", cells({2})},
      {"sm_only", cells({4})},
      {"dv_mh_only", cells({3})},
      {"dv_sm_only", cells({5})},
      {"mh_sm_only", cells({6})},
      {"none", cells({0})},
  };
  ASSERT_EQ(regions.size(), expected.size());
  for (std::size_t r = 0; r < regions.size(); ++r) {
    EXPECT_EQ(regions[r].id_suffix, expected[r].first);
    EXPECT_EQ(regions[r].cells, expected[r].second) << regions[r].id_suffix;
  }
}

TEST(OverlapNaming, StandardRegionsOfTheTrioHaveReadableLabels) {
  const std::vector<NamedRegion> regions = trio().standard_regions();
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"dv", kDVLabel},
      {"any", "any of the toxic trio"},
      {"two_or_more", "two or more of the toxic trio"},
      {"all_three", "all three of the toxic trio"},
      {"dv_only", "domestic violence and abuse only"},
      {"dv_mh_only", "domestic violence and abuse + parental mental ill-health only"},
      {"none", "none of the toxic trio"},
  };
  for (const auto& [id, label] : expected) {
    const NamedRegion* region = find(regions, id);
    ASSERT_NE(region, nullptr) << id;
    EXPECT_EQ(region->label, label);
  }
}

TEST(OverlapNaming, SelectorsWithTheCellsOfAStandardRegionTakeItsName) {
  const OverlapNaming naming = trio();
  EXPECT_EQ(naming.all_of(kDV).id_suffix, "dv");
  EXPECT_EQ(naming.all_of(kDV).label, kDVLabel);
  EXPECT_EQ(naming.any_of(kDV).id_suffix, "dv");  // "any of one" is that one's prevalence
  EXPECT_EQ(naming.any_of(kTrio).id_suffix, "any");
  EXPECT_EQ(naming.at_least(1).id_suffix, "any");
  EXPECT_EQ(naming.at_least(2).id_suffix, "two_or_more");
  EXPECT_EQ(naming.at_least(2).label, "two or more of the toxic trio");
  EXPECT_EQ(naming.at_least(3).id_suffix, "all_three");
  EXPECT_EQ(naming.exactly(0).id_suffix, "none");
  EXPECT_EQ(naming.exactly(3).id_suffix, "all_three");
  EXPECT_EQ(naming.only(kDV | kMH).id_suffix, "dv_mh_only");
  EXPECT_EQ(naming.only(kSM).id_suffix, "sm_only");
  EXPECT_EQ(naming.only(0).id_suffix, "none");
  EXPECT_EQ(naming.only(kTrio).id_suffix, "all_three");
  EXPECT_EQ(naming.all_of(kTrio).id_suffix, "all_three");
  EXPECT_EQ(naming.all_of(kTrio).label, "all three of the toxic trio");
}

TEST(OverlapNaming, SelectorsWithoutAStandardRegionAreNamedBySelector) {
  const OverlapNaming naming = trio();
  const NamedRegion both = naming.all_of(kDV | kMH);
  EXPECT_EQ(both.id_suffix, "dv_and_mh");
  EXPECT_EQ(both.label, "domestic violence and abuse and parental mental ill-health");
  EXPECT_EQ(both.cells, cells({3, 7}));

  const NamedRegion either = naming.any_of(kDV | kMH);
  EXPECT_EQ(either.id_suffix, "dv_or_mh");
  EXPECT_EQ(either.label, "domestic violence and abuse or parental mental ill-health");
  EXPECT_EQ(either.cells, cells({1, 2, 3, 5, 6, 7}));

  const NamedRegion two = naming.exactly(2);
  EXPECT_EQ(two.id_suffix, "exactly_two");
  EXPECT_EQ(two.label, "exactly two of the toxic trio");
  EXPECT_EQ(two.cells, cells({3, 5, 6}));

  EXPECT_EQ(naming.exactly(1).id_suffix, "exactly_one");
  EXPECT_EQ(naming.all_of(kMH | kSM).id_suffix, "mh_and_sm");
}

TEST(OverlapNaming, SelectorsKeepTheirCellsWhateverTheirName) {
  const OverlapNaming naming = trio();
  EXPECT_EQ(naming.any_of(kTrio).cells, cells({1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(naming.at_least(2).cells, cells({3, 5, 6, 7}));
  EXPECT_EQ(naming.exactly(0).cells, cells({0}));
  EXPECT_EQ(naming.only(kDV | kMH).cells, cells({3}));
}

TEST(OverlapNaming, TwoConditionsHaveBothInsteadOfAllTwo) {
  const OverlapNaming naming({"dv", "mh"}, {kDVLabel, kMHLabel}, "the pair");
  const std::vector<NamedRegion> regions = naming.standard_regions();
  const std::vector<std::string> expected = {"dv", "mh", "any", "both", "dv_only", "mh_only", "none"};
  EXPECT_EQ(ids(regions), expected);
  const NamedRegion* both = find(regions, "both");
  ASSERT_NE(both, nullptr);
  EXPECT_EQ(both->label, "both of the pair");
  EXPECT_EQ(both->cells, cells({3}));
  EXPECT_EQ(naming.all_of(kDV | kMH).id_suffix, "both");
  EXPECT_EQ(naming.at_least(2).id_suffix, "both");
  EXPECT_EQ(naming.any_of(kDV | kMH).id_suffix, "any");
  EXPECT_EQ(naming.exactly(1).id_suffix, "exactly_one");  // cells 1 and 2: no standard region
}

TEST(OverlapNaming, OneConditionHasItsPrevalenceAndItsComplement) {
  const OverlapNaming naming({"dv"}, {kDVLabel}, "the one");
  const std::vector<NamedRegion> regions = naming.standard_regions();
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(regions[0].id_suffix, "dv");
  EXPECT_EQ(regions[0].cells, cells({1}));
  EXPECT_EQ(regions[1].id_suffix, "dv_not");
  EXPECT_EQ(regions[1].label, "not domestic violence and abuse");
  EXPECT_EQ(regions[1].cells, cells({0}));
  EXPECT_EQ(naming.any_of(kDV).id_suffix, "dv");
  EXPECT_EQ(naming.only(kDV).id_suffix, "dv");  // the one cell with DV is DV's prevalence
  EXPECT_EQ(naming.exactly(0).id_suffix, "dv_not");
}

TEST(OverlapNaming, SixConditionsEndWithAllSixAndNone) {
  const OverlapNaming naming({"a", "b", "c", "d", "e", "f"}, {"A", "B", "C", "D", "E", "F"}, "the six");
  const std::vector<NamedRegion> regions = naming.standard_regions();
  // 6 prevalences, any, two or more, all six, then the 62 cells but all-six
  // and none, then none.
  ASSERT_EQ(regions.size(), 6u + 3u + 62u + 1u);
  EXPECT_EQ(regions[8].id_suffix, "all_six");
  EXPECT_EQ(regions[8].label, "all six of the six");
  EXPECT_EQ(regions[9].id_suffix, "a_only");
  EXPECT_EQ(regions[70].id_suffix, "b_c_d_e_f_only");  // the last five-condition cell
  EXPECT_EQ(regions.back().id_suffix, "none");
}

TEST(OverlapNaming, CellKeysJoinTheConditionIdsPresent) {
  const OverlapNaming naming = trio();
  EXPECT_EQ(naming.cell_key(0), "none");
  EXPECT_EQ(naming.cell_key(1), "dv");
  EXPECT_EQ(naming.cell_key(3), "dv_mh");
  EXPECT_EQ(naming.cell_key(5), "dv_sm");
  EXPECT_EQ(naming.cell_key(6), "mh_sm");
  EXPECT_EQ(naming.cell_key(7), "dv_mh_sm");
}

TEST(OverlapNaming, NumberWordsSpellUpToSixThenUseDigits) {
  EXPECT_EQ(number_word(0), "zero");
  EXPECT_EQ(number_word(2), "two");
  EXPECT_EQ(number_word(6), "six");
  EXPECT_EQ(number_word(7), "7");
  EXPECT_EQ(number_word(-1), "-1");
}

}  // namespace
}  // namespace prevalence::scenario
