// Tests engine/io/population_table.cpp: reading population CSV files, summing
// head-counts over age ranges and sexes, and rejecting malformed files with
// the file and line of the problem.

#include "engine/io/population_table.hpp"

#include "engine/error/input_error.hpp"

#include "tests/support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace prevalence::io {
namespace {

namespace fs = std::filesystem;
using testing::AllOf;
using testing::HasSubstr;
using testing::ThrowsMessage;

constexpr const char* kHeader = "area_code,area_name,year,sex,age,count\n";

using test::TempDir;

// CSV lines for one area, year and sex, ages 0, 1, ... with the given counts.
std::string rows(const std::string& code, const std::string& name, int year,
                 const std::string& sex, const std::vector<int>& counts) {
  std::string text;
  for (std::size_t age = 0; age < counts.size(); ++age)
    text += code + "," + name + "," + std::to_string(year) + "," + sex + "," +
            std::to_string(age) + "," + std::to_string(counts[age]) + "\n";
  return text;
}

// --- Reading valid files -------------------------------------------------

TEST(PopulationTable, ReadsQuotedNamesContainingCommas) {
  TempDir dir;
  const std::string file =
      dir.write("bristol.csv", std::string(kHeader) +
                                   rows("E06000023", "\"Bristol, City of\"", 2019, "persons", {5, 6}));
  const PopulationTable table = PopulationTable::load(file);
  const std::vector<Area> areas = table.areas(2019);
  ASSERT_EQ(areas.size(), 1u);
  EXPECT_EQ(areas[0].code, "E06000023");
  EXPECT_EQ(areas[0].name, "Bristol, City of");
  EXPECT_EQ(table.count("E06000023", 2019, AgeRange{0, 1}, Sex::all), 11.0);
}

TEST(PopulationTable, SumsFemaleAndMaleForAllAndKeepsThemApart) {
  TempDir dir;
  const std::string file =
      dir.write("split.csv", std::string(kHeader) + rows("E1", "A", 2019, "female", {1, 2, 3}) +
                                 rows("E1", "A", 2019, "male", {10, 20, 30}));
  const PopulationTable table = PopulationTable::load(file);
  EXPECT_EQ(table.count("E1", 2019, AgeRange{0, 2}, Sex::all), 66.0);
  EXPECT_EQ(table.count("E1", 2019, AgeRange{0, 2}, Sex::female), 6.0);
  EXPECT_EQ(table.count("E1", 2019, AgeRange{0, 2}, Sex::male), 60.0);
  EXPECT_EQ(table.count("E1", 2019, AgeRange{1, 2}, Sex::all), 55.0);
  EXPECT_EQ(table.count("E1", 2019, AgeRange{1, 1}, Sex::male), 20.0);
  EXPECT_EQ(table.count("E1", 2019, AgeRange{1, std::nullopt}, Sex::female), 5.0);
}

TEST(PopulationTable, OpenAgeBandIsUsableWholeButNotSplit) {
  TempDir dir;
  std::string text = kHeader;
  for (const char* sex : {"female", "male"}) {
    for (int age = 0; age < 90; ++age)
      text += std::string("E1,A,2019,") + sex + "," + std::to_string(age) + ",100\n";
    text += std::string("E1,A,2019,") + sex + ",90+,7\n";
  }
  const PopulationTable table = PopulationTable::load(dir.write("open.csv", text));
  // Ages 85-89 at 100 each and 7 in the band, for each of two sexes.
  EXPECT_EQ(table.count("E1", 2019, AgeRange{85, std::nullopt}, Sex::all), 2 * (5 * 100 + 7));
  EXPECT_EQ(table.count("E1", 2019, AgeRange{90, std::nullopt}, Sex::female), 7.0);
  EXPECT_EQ(table.count("E1", 2019, AgeRange{85, 89}, Sex::all), 2 * 5 * 100);
  EXPECT_THAT([&] { table.count("E1", 2019, AgeRange{85, 95}, Sex::all); },
              ThrowsMessage<std::invalid_argument>(
                  AllOf(HasSubstr("ages 85-95"), HasSubstr("open band 90+"))));
  EXPECT_THAT([&] { table.count("E1", 2019, AgeRange{85, 90}, Sex::all); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("open band 90+")));
}

TEST(PopulationTable, IgnoresExtraColumns) {
  TempDir dir;
  const std::string file = dir.write(
      "extra.csv",
      "notes,area_code,area_name,year,geography,sex,age,count,source\n"
      "x,E1,A,2019,LA,persons,0,3,ONS\n"
      "\"y, z\",E1,A,2019,LA,persons,1,4,ONS\n");
  const PopulationTable table = PopulationTable::load(file);
  EXPECT_EQ(table.count("E1", 2019, AgeRange{0, 1}, Sex::all), 7.0);
}

TEST(PopulationTable, ToleratesAUtf8ByteOrderMark) {
  TempDir dir;
  const std::string file = dir.write(
      "bom.csv", "\xEF\xBB\xBF" + std::string(kHeader) + rows("E1", "A", 2019, "persons", {3, 4}));
  const PopulationTable table = PopulationTable::load(file);
  EXPECT_EQ(table.count("E1", 2019, AgeRange{0, 1}, Sex::all), 7.0);
}

TEST(PopulationTable, PersonsOnlyFileGivesAllButNotOneSex) {
  TempDir dir;
  const std::string file =
      dir.write("persons.csv", std::string(kHeader) + rows("E1", "A", 2019, "persons", {3, 4}));
  const PopulationTable table = PopulationTable::load(file);
  EXPECT_EQ(table.count("E1", 2019, AgeRange{0, 1}, Sex::all), 7.0);
  EXPECT_THAT([&] { table.count("E1", 2019, AgeRange{0, 1}, Sex::female); },
              ThrowsMessage<std::invalid_argument>(
                  HasSubstr("gives persons only for area E1, so it cannot give a female count")));
}

TEST(PopulationTable, ListsAreasSortedByCodeAndYearsAscending) {
  TempDir dir;
  const std::string file = dir.write(
      "order.csv", std::string(kHeader) + rows("E09000001", "City of London", 2019, "persons", {1}) +
                       rows("E06000001", "Hartlepool", 2019, "persons", {1}) +
                       rows("E08000035", "Leeds", 2018, "persons", {1}) +
                       rows("E08000035", "Leeds", 2019, "persons", {1}));
  const PopulationTable table = PopulationTable::load(file);
  const std::vector<Area> areas = table.areas(2019);
  ASSERT_EQ(areas.size(), 3u);
  EXPECT_EQ(areas[0].code, "E06000001");
  EXPECT_EQ(areas[1].code, "E08000035");
  EXPECT_EQ(areas[2].code, "E09000001");
  EXPECT_EQ(areas[2].name, "City of London");
  EXPECT_EQ(table.areas(2018).size(), 1u);
  EXPECT_EQ(table.years(), (std::vector<int>{2018, 2019}));
  EXPECT_TRUE(table.has("E08000035", 2018));
  EXPECT_FALSE(table.has("E06000001", 2018));
}

TEST(PopulationTable, CountForAMissingAreaOrYearThrows) {
  TempDir dir;
  const std::string file =
      dir.write("one.csv", std::string(kHeader) + rows("E1", "A", 2019, "persons", {3, 4}));
  const PopulationTable table = PopulationTable::load(file);
  EXPECT_THAT([&] { table.count("E2", 2019, AgeRange{0, 1}, Sex::all); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("area E2 has no population for 2019")));
  EXPECT_THAT([&] { table.count("E1", 2020, AgeRange{0, 1}, Sex::all); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("area E1 has no population for 2020")));
}

TEST(PopulationTable, CountPastTheOldestAgeThrows) {
  TempDir dir;
  const std::string file =
      dir.write("young.csv", std::string(kHeader) + rows("E1", "A", 2019, "persons", {3, 4}));
  const PopulationTable table = PopulationTable::load(file);
  EXPECT_THAT([&] { table.count("E1", 2019, AgeRange{0, 2}, Sex::all); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("reach past the oldest age (1)")));
}

TEST(PopulationTable, AgeRangeHoldingNobodyThrows) {
  TempDir dir;
  const std::string file =
      dir.write("zeros.csv", std::string(kHeader) + rows("E1", "A", 2019, "persons", {5, 0, 0}));
  const PopulationTable table = PopulationTable::load(file);
  EXPECT_THAT([&] { table.count("E1", 2019, AgeRange{1, 2}, Sex::all); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("has no population")));
}

// --- Rejecting malformed files -------------------------------------------
// Each problem in a row is reported as "<file>:<line>: <problem>", like a
// compiler diagnostic. Line 1 is the header.

TEST(PopulationTableErrors, MissingFileCannotBeOpened) {
  TempDir dir;
  const std::string file = dir.path("absent.csv");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(HasSubstr(file + ": cannot open the population file")));
}

TEST(PopulationTableErrors, RowWithTooFewFields) {
  TempDir dir;
  const std::string file = dir.write(
      "short.csv", std::string(kHeader) + "E1,A,2019,persons,0,3\nE1,A,2019,persons,1\n");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(AllOf(HasSubstr(file + ":3: "), HasSubstr("too few fields"))));
}

TEST(PopulationTableErrors, UnclosedQuote) {
  TempDir dir;
  const std::string file = dir.write(
      "quote.csv", std::string(kHeader) + "E1,A,2019,persons,0,3\nE1,\"A,2019,persons,1,4\n");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(AllOf(HasSubstr(file + ":3: "), HasSubstr("never closed"))));
}

TEST(PopulationTableErrors, NegativeCount) {
  TempDir dir;
  const std::string file = dir.write(
      "negative.csv", std::string(kHeader) + "E1,A,2019,persons,0,3\nE1,A,2019,persons,1,-4\n");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(AllOf(HasSubstr(file + ":3: "), HasSubstr("count -4 is negative"))));
}

TEST(PopulationTableErrors, NonNumericCount) {
  TempDir dir;
  const std::string file = dir.write(
      "text.csv", std::string(kHeader) + "E1,A,2019,persons,0,abc\n");
  EXPECT_THAT(
      [&] { PopulationTable::load(file); },
      ThrowsMessage<error::InputError>(AllOf(HasSubstr(file + ":2: "), HasSubstr("count \"abc\" is not a number"))));
}

TEST(PopulationTableErrors, UnknownSex) {
  TempDir dir;
  const std::string file = dir.write(
      "sex.csv", std::string(kHeader) + "E1,A,2019,persons,0,3\nE1,A,2019,women,1,4\n");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(
                  AllOf(HasSubstr(file + ":3: "), HasSubstr("sex \"women\" must be female, male or persons"))));
}

TEST(PopulationTableErrors, AgeThatIsNotAWholeNumber) {
  TempDir dir;
  const std::string file = dir.write(
      "age.csv", std::string(kHeader) + "E1,A,2019,persons,0,3\nE1,A,2019,persons,1.5,4\n");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(
                  AllOf(HasSubstr(file + ":3: "), HasSubstr("age \"1.5\" must be a whole number"))));
}

TEST(PopulationTableErrors, DuplicateRow) {
  TempDir dir;
  const std::string file = dir.write(
      "duplicate.csv", std::string(kHeader) + "E1,A,2019,persons,0,3\nE1,A,2019,persons,1,4\n"
                                              "E1,A,2019,persons,0,3\n");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(AllOf(
                  HasSubstr(file + ":4: "), HasSubstr("duplicate row for area E1, year 2019, sex persons, age 0"))));
}

TEST(PopulationTableErrors, MissingAgeIsReportedAtTheAreasFirstRow) {
  // A missing row has no line of its own; the area's first row is where to look.
  TempDir dir;
  const std::string file = dir.write(
      "gap.csv", std::string(kHeader) + rows("E0", "Z", 2019, "persons", {1, 1, 1}) +
                     "E1,A,2019,female,0,3\nE1,A,2019,female,2,4\n"
                     "E1,A,2019,male,0,3\nE1,A,2019,male,1,3\nE1,A,2019,male,2,4\n");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(
                  AllOf(HasSubstr(file + ":5: "), HasSubstr("area E1 in 2019 has no female row for age 1"))));
}

TEST(PopulationTableErrors, AreaNamedTwoWays) {
  TempDir dir;
  const std::string file = dir.write(
      "names.csv", std::string(kHeader) + "E1,Leeds,2019,persons,0,3\nE1,Leds,2019,persons,1,4\n");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(AllOf(
                  HasSubstr(file + ":3: "), HasSubstr("area E1 is named \"Leds\" here but \"Leeds\" on line 2"))));
}

TEST(PopulationTableErrors, HeaderMissingAColumn) {
  TempDir dir;
  const std::string file =
      dir.write("header.csv", "area_code,area_name,year,sex,age\nE1,A,2019,persons,0\n");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(
                  AllOf(HasSubstr(file + ":1: "), HasSubstr("the header has no column \"count\""))));
}

TEST(PopulationTableErrors, EmptyFile) {
  TempDir dir;
  const std::string file = dir.write("empty.csv", "");
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(HasSubstr(file + ": the file is empty")));
}

TEST(PopulationTableErrors, HeaderWithoutRows) {
  TempDir dir;
  const std::string file = dir.write("header-only.csv", kHeader);
  EXPECT_THAT([&] { PopulationTable::load(file); },
              ThrowsMessage<error::InputError>(HasSubstr(file + ": the file has a header but no rows")));
}

// --- The bundled ONS data ------------------------------------------------
// data/population/england-la-single-year-of-age-2017-2021.csv: ONS mid-year
// population estimates (MYE2 sheets, releases listed in
// data/population/README.md), English local authorities by single year of
// age and sex. The README states Leeds's 0-17 totals (168,176 in 2018,
// 169,422 in 2019) and the area counts per year (317 in 2018); the Leeds
// figures are also those the Leeds 2020 strategy quotes
// (config/leeds-2020.toml). Each figure below was also summed independently
// from the CSV with awk or Python's csv module, e.g.
// `awk -F, '$1=="E08000035" && $3==2019 && $5>=10 && $5<=17 {s+=$6} END {print s}'`
// for 69,065.

class BundledPopulation : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    table_ = new PopulationTable(PopulationTable::load(
        std::string(PREVALENCE_SOURCE_DIR) +
        "/data/population/england-la-single-year-of-age-2017-2021.csv"));
  }
  static void TearDownTestSuite() {
    delete table_;
    table_ = nullptr;
  }
  static const PopulationTable& table() { return *table_; }

 private:
  static inline PopulationTable* table_ = nullptr;
};

TEST_F(BundledPopulation, LeedsChildrenMatchTheStrategyDenominators) {
  EXPECT_EQ(table().count("E08000035", 2018, AgeRange{0, 17}, Sex::all), 168176.0);
  EXPECT_EQ(table().count("E08000035", 2019, AgeRange{0, 17}, Sex::all), 169422.0);
  EXPECT_EQ(table().count("E08000035", 2019, AgeRange{10, 17}, Sex::all), 69065.0);
}

TEST_F(BundledPopulation, BristolKeepsTheCommaInItsName) {
  const std::vector<Area> areas = table().areas(2019);
  const auto bristol = std::find_if(areas.begin(), areas.end(),
                                    [](const Area& a) { return a.code == "E06000023"; });
  ASSERT_NE(bristol, areas.end());
  EXPECT_EQ(bristol->name, "Bristol, City of");
}

TEST_F(BundledPopulation, EnglandHas317AreasIn2018) {
  // data/population/README.md: 326 areas in 2017, 317 in 2018 (April 2019
  // codes), 314 in 2019, 309 in 2020 and 2021; the same counts come from
  // Python's csv module over the file.
  EXPECT_EQ(table().areas(2017).size(), 326u);
  EXPECT_EQ(table().areas(2018).size(), 317u);
  EXPECT_EQ(table().areas(2019).size(), 314u);
  EXPECT_EQ(table().years(), (std::vector<int>{2017, 2018, 2019, 2020, 2021}));
}

}  // namespace
}  // namespace prevalence::io
