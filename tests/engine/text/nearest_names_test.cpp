// Tests engine/text/nearest_names.cpp: names are compared as people read
// them (case, punctuation and "&" do not count), a name holding all of the
// query's words is near, a near spelling of some of its words is near, and
// far names are not suggested.

#include "engine/text/nearest_names.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace prevalence::text {
namespace {

const std::vector<std::string> kNames{"Bournemouth",          "Poole",          "Bournemouth, Christchurch and Poole",
                                      "Kingston upon Thames", "Dorset",         "Kingston upon Hull, City of",
                                      "Bristol, City of",     "Brighton & Hove"};

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("E06000058", "E06000028"), 1u);
}

TEST(NearestNames, ReadsNamesAsPeopleDo) {
  EXPECT_EQ(nearest_names("bristol city of", kNames), std::vector<std::string>{"Bristol, City of"});
  EXPECT_EQ(nearest_names("Brighton and Hove", kNames), std::vector<std::string>{"Brighton & Hove"});
}

TEST(NearestNames, ANameHoldingTheQuerysWordsIsNear) {
  const std::vector<std::string> near = nearest_names("Bournemouth, Christchurch and Poole", kNames);
  EXPECT_EQ(near.front(), "Bournemouth, Christchurch and Poole");
  EXPECT_NE(std::find(near.begin(), near.end(), "Bournemouth"), near.end());
  EXPECT_NE(std::find(near.begin(), near.end(), "Poole"), near.end());
}

TEST(NearestNames, ANearSpellingOfSomeWordsIsNearAfterWholeMatches) {
  EXPECT_EQ(nearest_names("bournmouth", kNames, 2),
            (std::vector<std::string>{"Bournemouth", "Bournemouth, Christchurch and Poole"}));
}

TEST(NearestNames, FarNamesAreNotSuggested) {
  EXPECT_TRUE(nearest_names("Leeds", kNames).empty());
  // A short query does not reach a short unrelated word ("rate" and "code").
  EXPECT_TRUE(nearest_names("rate", std::vector<std::string>{"code"}).empty());
}

}  // namespace
}  // namespace prevalence::text
