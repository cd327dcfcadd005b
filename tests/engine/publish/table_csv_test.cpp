// Tests engine/publish/table_csv.cpp: the tidy CSV of a small hand-built
// table (tests/engine/publish/table_fixture.hpp), byte for byte.

#include "engine/publish/table_csv.hpp"

#include "tests/engine/publish/table_fixture.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace prevalence::publish {
namespace {

std::string csv(const TableInput& input, const TableOptions& options) {
  std::ostringstream out;
  write_table_csv(out, input, options);
  return out.str();
}

const char* const GOLDEN = R"(area_code,area_name,measure,label,ages,sex,year,denominator,count,lower_95,upper_95,lower_99.8,upper_99.8,percent,flags,sdc,published_percent,fitted_percent
E08000035,Leeds,trio.any,any of the toxic trio,0-17,all,2018,168176,33600,30700,36600,29100,38200,20.0,,ons-10-5,,
E08000035,Leeds,trio.all_three,all three of the toxic trio,0-17,all,2018,168176,1990,1270,2870,900,3300,1.2,,ons-10-5,,
E08000035,Leeds,trio.dv_sm_only,domestic violence and abuse + parental substance misuse only,0-17,all,2018,168176,865,420,1470,250,1800,0.51,[u],ons-10-5,,
E08000035,Leeds,looked_after,looked after (in care),0-17,all,2019,169422,1290,1220,1360,1180,1400,0.76,,ons-10-5,,
E08000035,Leeds,youth_justice,involved with the youth justice service,10-17,male,2019,35000,675,625,730,600,760,1.9,,ons-10-5,,
E06000099,Smalltown,trio.any,any of the toxic trio,0-17,all,2018,600,120,100,140,90,150,20.0,,ons-10-5,,
E06000099,Smalltown,trio.all_three,all three of the toxic trio,0-17,all,2018,600,[c],[c],[c],[c],[c],[c],,ons-10-5,,
E06000099,Smalltown,trio.dv_sm_only,domestic violence and abuse + parental substance misuse only,0-17,all,2018,600,[c],[c],[c],[c],[c],[c],,ons-10-5,,
E06000099,Smalltown,looked_after,looked after (in care),0-17,all,2019,610,[c],[c],[c],[c],[c],[c],,ons-10-5,,
E06000099,Smalltown,youth_justice,involved with the youth justice service,10-17,male,2019,900,15,<10,25,<10,30,1.7,[u],ons-10-5,,
)";

TableOptions ons() {
  TableOptions options;
  options.policy = parse_sdc_policy("ons-10-5");
  return options;
}

TEST(TableCsv, WritesOneRowPerAreaAndMeasureAsShown) {
  // Leeds: every figure to 3 significant figures or a multiple of 5, its
  // ends to the same step, percentages of the shown count (1,290 of 169,422
  // is 0.76 %). Smalltown: three figures below 10 hidden with their
  // intervals and percentages; youth justice's lower ends below 10.
  EXPECT_EQ(csv(test::small_input(), ons()), GOLDEN);
}

TEST(TableCsv, AddsTheSentenceLastWhenAskedForWords) {
  TableOptions options = ons();
  options.words = true;
  options.show = FigureDisplay::counts;
  options.measures = {0};
  options.areas = {0};
  EXPECT_EQ(csv(test::small_input(), options),
            "area_code,area_name,measure,label,ages,sex,year,denominator,count,lower_95,upper_95,lower_99.8,"
            "upper_99.8,percent,flags,sdc,published_percent,fitted_percent,sentence\n"
            "E08000035,Leeds,trio.any,any of the toxic trio,0-17,all,2018,168176,33600,30700,36600,29100,38200,20.0,,"
            "ons-10-5,,,\"Given the characteristics of the local population, we would expect about 33,600 children aged "
            "0-17 in Leeds (95 % interval 30,700 to 36,600; 99.8 % interval 29,100 to 38,200) to be living with any "
            "of the toxic trio.\"\n");
}

TEST(TableCsv, QuotesFieldsThatNeedItAndNamesEachLevelsColumns) {
  TableInput input = test::small_input();
  input.areas[0].name = "Bristol, City of";
  input.levels = {0.5, 0.9, 0.95};
  for (TableFigure& figure : input.figures) figure.intervals.push_back(figure.intervals.back());
  TableOptions options = ons();
  options.areas = {0};
  options.measures = {3};
  EXPECT_EQ(csv(input, options),
            "area_code,area_name,measure,label,ages,sex,year,denominator,count,lower_50,upper_50,lower_90,upper_90,"
            "lower_95,upper_95,percent,flags,sdc,published_percent,fitted_percent\n"
            "E08000035,\"Bristol, City of\",looked_after,looked after (in care),0-17,all,2019,169422,1290,1220,1360,"
            "1180,1400,1180,1400,0.76,,ons-10-5,,\n");
}

TEST(TableCsv, MarksAPercentageOfNoOneAsNotApplicable) {
  TableInput input = test::small_input();
  TableFigure& justice = input.figures[9];
  justice = {0.0, 0.0, 0.0, 0.0, {{0.0, 0.0}, {0.0, 0.0}}, std::nullopt, std::nullopt};
  TableOptions options;  // none
  options.areas = {1};
  options.measures = {4};
  EXPECT_EQ(csv(input, options),
            "area_code,area_name,measure,label,ages,sex,year,denominator,count,lower_95,upper_95,lower_99.8,"
            "upper_99.8,percent,flags,sdc,published_percent,fitted_percent\n"
            "E06000099,Smalltown,youth_justice,involved with the youth justice service,10-17,male,2019,0,0,0,0,0,0,"
            "[z],,none,,\n");
}

}  // namespace
}  // namespace prevalence::publish
