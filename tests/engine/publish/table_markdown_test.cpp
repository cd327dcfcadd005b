// Tests engine/publish/table_markdown.cpp: the Markdown of a small hand-built
// table (tests/engine/publish/table_fixture.hpp), byte for byte, and its columns
// for each FigureDisplay.

#include "engine/publish/table_markdown.hpp"

#include "tests/engine/publish/table_fixture.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace prevalence::publish {
namespace {

std::string markdown(const TableInput& input, const TableOptions& options) {
  std::ostringstream out;
  write_table_markdown(out, input, options);
  return out.str();
}

// Leeds shows every figure; Smalltown hides three below 10 (the trio's two
// hidden figures reveal nothing with "any" and the population alone, so no
// secondary suppression); the DV+SM cell is indented; footnotes are shared
// by identical sources.
const char* const GOLDEN = R"(# Leeds 2020: children living with adversity

A hand-built table.

Figures are the mean of 20,000 Monte Carlo draws (seed 2020) of the expected count (uncertainty in the rates only), with central 95% and 99.8% intervals. Percentages are of the population in each measure's age range. Figures are rounded to 3 significant figures, or to multiples of 5 where that is coarser (halves away from zero); interval ends to the same step as their figure; percentages are of the rounded figure. Made from results.h5.

## Leeds (E08000035)

| Measure | Ages | Population | Number | 95% interval | 99.8% interval | % |
|---|---|--:|--:|--:|--:|--:|
| any of the toxic trio [^1] | 0-17 | 168,176 | 33,600 | 30,700 to 36,600 | 29,100 to 38,200 | 20.0 |
| all three of the toxic trio [^1] | 0-17 | 168,176 | 1,990 | 1,270 to 2,870 | 900 to 3,300 | 1.2 |
| &emsp;domestic violence and abuse + parental substance misuse only [^2] | 0-17 | 168,176 | 865 [u] | 420 to 1,470 | 250 to 1,800 | 0.51 |
| looked after (in care) [^3] | 0-17 | 169,422 | 1,290 | 1,220 to 1,360 | 1,180 to 1,400 | 0.76 |
| involved with the youth justice service [^4] | 10-17 | 35,000 | 675 | 625 to 730 | 600 to 760 | 1.9 |

- Given the characteristics of the local population, we would expect about 33,600 children aged 0-17 in Leeds (20.0 % of them; 95 % interval 30,700 to 36,600; 99.8 % interval 29,100 to 38,200) to be living with any of the toxic trio.
- Given the characteristics of the local population, we would expect about 1,990 children aged 0-17 in Leeds (1.2 % of them; 95 % interval 1,270 to 2,870; 99.8 % interval 900 to 3,300) to be living with all three of the toxic trio.
- Given the characteristics of the local population, we would expect about 865 children aged 0-17 in Leeds (0.51 % of them; 95 % interval 420 to 1,470; 99.8 % interval 250 to 1,800) to be living with domestic violence and abuse and parental substance misuse only. This figure is of low reliability ([u]): its coefficient of variation is above 20 %.
- Given the characteristics of the local population, we would expect about 1,290 children aged 0-17 in Leeds (0.76 % of them; 95 % interval 1,220 to 1,360; 99.8 % interval 1,180 to 1,400) to be looked after by the local authority.
- Given the characteristics of the local population, we would expect about 675 boys aged 10-17 in Leeds (1.9 % of them; 95 % interval 625 to 730; 99.8 % interval 600 to 760) to be involved with the youth justice service.

## Smalltown (E06000099)

| Measure | Ages | Population | Number | 95% interval | 99.8% interval | % |
|---|---|--:|--:|--:|--:|--:|
| any of the toxic trio [^1] | 0-17 | 600 | 120 | 100 to 140 | 90 to 150 | 20.0 |
| all three of the toxic trio [^1] | 0-17 | 600 | [c] | [c] | [c] | [c] |
| &emsp;domestic violence and abuse + parental substance misuse only [^2] | 0-17 | 600 | [c] | [c] | [c] | [c] |
| looked after (in care) [^3] | 0-17 | 610 | [c] | [c] | [c] | [c] |
| involved with the youth justice service [^4] | 10-17 | 900 | 15 [u] | <10 to 25 | <10 to 30 | 1.7 |

- Given the characteristics of the local population, we would expect about 120 children aged 0-17 in Smalltown (20.0 % of them; 95 % interval 100 to 140; 99.8 % interval 90 to 150) to be living with any of the toxic trio.
- The number of children aged 0-17 in Smalltown living with all three of the toxic trio is not shown: it is fewer than 10, or would reveal one that is (disclosure control: ons-10-5).
- The number of children aged 0-17 in Smalltown living with domestic violence and abuse and parental substance misuse only is not shown: it is fewer than 10, or would reveal one that is (disclosure control: ons-10-5).
- The number of children aged 0-17 in Smalltown looked after by the local authority is not shown: it is fewer than 10, or would reveal one that is (disclosure control: ons-10-5).
- Given the characteristics of the local population, we would expect about 15 boys aged 10-17 in Smalltown (1.7 % of them; 95 % interval <10 to 25; 99.8 % interval <10 to 30) to be involved with the youth justice service. This figure is of low reliability ([u]): its coefficient of variation is above 20 %.

Disclosure control (ons-10-5): an estimate below 10 (0 included) is not shown ([c]) and the others are rounded to the nearest 5; further figures are not shown ([c]) where they would let a hidden one be worked out from the figures shown and the population.

[u] marks a figure of low reliability: its coefficient of variation (the standard deviation of its draws divided by their mean) is above 20 % (the Office for National Statistics treats a survey estimate with a coefficient of variation above 20 % as unreliable).

[^1]: Children's Commissioner (2019), toxic-trio projections. Uncertainty: assumed as precise as a sample of 2,000. Population: 2018 mid-year estimate, ages 0-17.
[^2]: Derived: the maximum-entropy joint table. Uncertainty: assumed as precise as a sample of 2,000. Population: 2018 mid-year estimate, ages 0-17.
[^3]: Leeds strategy table. Uncertainty: 1,288 of 169,422, Jeffreys Beta. Population: 2019 mid-year estimate, ages 0-17.
[^4]: Leeds strategy table. Uncertainty: 676 of 69,065, Jeffreys Beta. Population: 2019 mid-year estimate, ages 10-17, male.

Symbols:

- [c] confidential: not shown under the disclosure control policy
- [u] low reliability
- <10 an interval end below 10

These are synthetic estimates: published national or regional rates applied to local population counts. They assume that the local population resembles the one the rates were measured in. The intervals reflect the stated uncertainty of the rates, not every source of error. They are not counts of known children.
)";

TableOptions ons() {
  TableOptions options;
  options.policy = parse_sdc_policy("ons-10-5");
  return options;
}

TEST(TableMarkdown, WritesATablePerAreaSentencesAndNotes) {
  TableOptions options = ons();
  options.words = true;
  EXPECT_EQ(markdown(test::small_input(), options), GOLDEN);
}

TEST(TableMarkdown, ShowsOnlyCountsWhenAsked) {
  TableOptions options = ons();
  options.show = FigureDisplay::counts;
  options.areas = {1};
  const std::string text = markdown(test::small_input(), options);
  EXPECT_NE(text.find("| Measure | Ages | Population | Number | 95% interval | 99.8% interval |\n"
                      "|---|---|--:|--:|--:|--:|\n"
                      "| any of the toxic trio [^1] | 0-17 | 600 | 120 | 100 to 140 | 90 to 150 |\n"),
            std::string::npos);
  EXPECT_EQ(text.find("- Given"), std::string::npos);  // no words
}

TEST(TableMarkdown, ShowsPercentagesWithTheirIntervalsWhenAsked) {
  TableOptions options = ons();
  options.show = FigureDisplay::percentages;
  options.areas = {1};
  const std::string text = markdown(test::small_input(), options);
  EXPECT_NE(text.find("| Measure | Ages | Population | % | 95% interval (%) | 99.8% interval (%) |\n"
                      "|---|---|--:|--:|--:|--:|\n"
                      "| any of the toxic trio [^1] | 0-17 | 600 | 20.0 | 16.7 to 23.3 | 15.0 to 25.0 |\n"),
            std::string::npos);
  // 10 of 900 is 1.11 %: the bound rounds up to stay true.
  EXPECT_NE(text.find("| 10-17 | 900 | 1.7 [u] | <1.2 to 2.8 | <1.2 to 3.3 |\n"), std::string::npos);
}

TEST(TableMarkdown, KeepsPipesAndLineBreaksInsideTheirCell) {
  TableInput input = test::small_input();
  input.measures[3].label = "looked after | in care\nor not";
  TableOptions options = ons();
  options.areas = {0};
  options.measures = {3};
  EXPECT_NE(markdown(input, options).find("| looked after \\| in care or not [^1] |"), std::string::npos);
}

TEST(TableMarkdown, SaysWhenNoIntervalIsStated) {
  TableInput input = test::small_input();
  for (TableInterval& interval : input.figures[3].intervals) interval = {1289, 1289};
  TableOptions options = ons();
  options.areas = {0};
  options.measures = {3};
  EXPECT_NE(markdown(input, options).find("| 1,290 | none stated | none stated | 0.76 |"), std::string::npos);
}

}  // namespace
}  // namespace prevalence::publish
