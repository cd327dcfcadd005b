// Tests engine/publish/sentence.cpp: who a figure counts, the sentence for
// each kind of figure (exact strings), and the limitations note.

#include "engine/publish/sentence.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace prevalence::publish {
namespace {

results::AreaRecord leeds() { return {"E08000035", "Leeds"}; }

results::MeasureRecord any_of_trio() {
  results::MeasureRecord measure;
  measure.id = "trio.any";
  measure.label = "any of the toxic trio";
  measure.phrase = "living with any of the toxic trio";
  measure.ages = "0-17";
  measure.sex = "all";
  return measure;
}

// The Leeds "any" figure as ons-10-5 with 3 significant figures shows it.
PublishedFigure shown_any() {
  PublishedFigure figure;
  figure.count = ShownValue::number(33600);
  figure.lower = {ShownValue::number(31900), ShownValue::number(30700)};
  figure.upper = {ShownValue::number(35300), ShownValue::number(36600)};
  figure.percent = ShownValue::number(33600 / 168176.0 * 100);
  figure.percent_lower = {ShownValue::number(31900 / 168176.0 * 100), ShownValue::number(30700 / 168176.0 * 100)};
  figure.percent_upper = {ShownValue::number(35300 / 168176.0 * 100), ShownValue::number(36600 / 168176.0 * 100)};
  return figure;
}

TableOptions options(FigureDisplay show, const char* policy = "ons-10-5") {
  TableOptions o;
  o.policy = parse_sdc_policy(policy);
  o.show = show;
  return o;
}

const std::vector<double> kOneLevel = {0.95};
const std::vector<double> kTwoLevels = {0.95, 0.998};

TEST(PeopleNoun, ChildrenUpTo17PeopleFrom18) {
  EXPECT_EQ(people_noun("0-17", "all"), "children");
  EXPECT_EQ(people_noun("10-17", "all"), "children");
  EXPECT_EQ(people_noun("0-4", "all"), "children");
  EXPECT_EQ(people_noun("0-18", "all"), "people");
  EXPECT_EQ(people_noun("18-64", "all"), "people");
  EXPECT_EQ(people_noun("65+", "all"), "people");
  EXPECT_EQ(people_noun("16", "all"), "children");
  EXPECT_EQ(people_noun("", "all"), "people");
  EXPECT_EQ(people_noun("young", "all"), "people");
}

TEST(PeopleNoun, GirlsBoysWomenMenAsTheAgesFit) {
  EXPECT_EQ(people_noun("0-17", "female"), "girls");
  EXPECT_EQ(people_noun("10-17", "male"), "boys");
  EXPECT_EQ(people_noun("18-64", "female"), "women");
  EXPECT_EQ(people_noun("18+", "male"), "men");
  EXPECT_EQ(people_noun("16-24", "female"), "girls and women");
  EXPECT_EQ(people_noun("0-24", "male"), "boys and men");
}

TEST(LevelText, IsTheCoverageAsAPercentage) {
  EXPECT_EQ(level_text(0.95), "95");
  EXPECT_EQ(level_text(0.998), "99.8");
  EXPECT_EQ(level_text(0.5), "50");
}

TEST(FigureSentence, GivesTheCountAndIntervalAsTheTableShowsThem) {
  const TableOptions o = options(FigureDisplay::counts);
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, shown_any(), kOneLevel, o),
            "Given the characteristics of the local population, we would expect about 33,600 children aged 0-17 "
            "in Leeds (95 % interval 31,900 to 35,300) to be living with any of the toxic trio.");
}

TEST(FigureSentence, GivesEveryLevel) {
  const TableOptions o = options(FigureDisplay::counts);
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, shown_any(), kTwoLevels, o),
            "Given the characteristics of the local population, we would expect about 33,600 children aged 0-17 "
            "in Leeds (95 % interval 31,900 to 35,300; 99.8 % interval 30,700 to 36,600) to be living with any of "
            "the toxic trio.");
}

TEST(FigureSentence, GivesThePercentageWithTheCount) {
  const TableOptions o = options(FigureDisplay::both);
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, shown_any(), kOneLevel, o),
            "Given the characteristics of the local population, we would expect about 33,600 children aged 0-17 "
            "in Leeds (20.0 % of them; 95 % interval 31,900 to 35,300) to be living with any of the toxic trio.");
}

TEST(FigureSentence, GivesOnlyPercentagesWhenTheTableDoes) {
  const TableOptions o = options(FigureDisplay::percentages);
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, shown_any(), kOneLevel, o),
            "Given the characteristics of the local population, we would expect about 20.0 % of children aged 0-17 "
            "in Leeds (95 % interval 19.0 % to 21.0 %) to be living with any of the toxic trio.");
}

TEST(FigureSentence, LeavesOutAnIntervalThatIsNotStated) {
  PublishedFigure figure = shown_any();
  figure.interval_stated = false;
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, figure, kOneLevel, options(FigureDisplay::counts)),
            "Given the characteristics of the local population, we would expect about 33,600 children aged 0-17 "
            "in Leeds to be living with any of the toxic trio.");
}

TEST(FigureSentence, WritesBoundsAsTheTableDoes) {
  PublishedFigure figure;
  figure.count = ShownValue::number(15);
  figure.lower = {ShownValue::below(10)};
  figure.upper = {ShownValue::number(25)};
  results::MeasureRecord measure = any_of_trio();
  measure.ages = "10-17";
  measure.sex = "female";
  measure.phrase = "involved with the youth justice service";
  EXPECT_EQ(figure_sentence({"E1", "Smalltown"}, measure, 900, figure, kOneLevel, options(FigureDisplay::counts)),
            "Given the characteristics of the local population, we would expect about 15 girls aged 10-17 in "
            "Smalltown (95 % interval <10 to 25) to be involved with the youth justice service.");
}

TEST(FigureSentence, SaysAFigureIsOfLowReliability) {
  PublishedFigure figure = shown_any();
  figure.unreliable = true;
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, figure, kOneLevel, options(FigureDisplay::counts)),
            "Given the characteristics of the local population, we would expect about 33,600 children aged 0-17 "
            "in Leeds (95 % interval 31,900 to 35,300) to be living with any of the toxic trio. This figure is of "
            "low reliability ([u]): its coefficient of variation is above 20 %.");
}

TEST(FigureSentence, SaysASuppressedFigureIsNotShownWithoutNumbers) {
  PublishedFigure figure;
  figure.count = ShownValue::of(Symbol::confidential);
  figure.lower = figure.upper = {figure.count};
  figure.percent = figure.count;
  for (FigureDisplay show : {FigureDisplay::counts, FigureDisplay::percentages, FigureDisplay::both})
    EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, figure, kOneLevel, options(show)),
              "The number of children aged 0-17 in Leeds living with any of the toxic trio is not shown: it is "
              "fewer than 10, or would reveal one that is (disclosure control: ons-10-5).");
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, figure, kOneLevel, options(FigureDisplay::counts, "dfe")),
            "The number of children aged 0-17 in Leeds living with any of the toxic trio is not shown: it is "
            "between 1 and 5, or would reveal one that is (disclosure control: dfe).");
}

TEST(FigureSentence, SaysZeroAndAlmostNone) {
  PublishedFigure zero;
  zero.count = ShownValue::number(0);
  zero.percent = ShownValue::number(0);
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, zero, kOneLevel, options(FigureDisplay::counts, "dfe")),
            "Given the characteristics of the local population, we would expect no children aged 0-17 in Leeds to "
            "be living with any of the toxic trio.");
  PublishedFigure tiny;
  tiny.count = ShownValue::of(Symbol::rounds_to_zero);
  tiny.percent = tiny.count;
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, tiny, kOneLevel, options(FigureDisplay::both, "dfe")),
            "Given the characteristics of the local population, we would expect almost no children aged 0-17 in "
            "Leeds to be living with any of the toxic trio: the estimate rounds to zero but is not zero ([k]).");
}

TEST(FigureSentence, SaysWhatIsNotAvailableOrNotApplicable) {
  PublishedFigure missing;
  missing.count = ShownValue::of(Symbol::not_available);
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 168176, missing, kOneLevel, options(FigureDisplay::counts)),
            "The number of children aged 0-17 in Leeds living with any of the toxic trio is not available ([x]).");
  PublishedFigure empty;
  empty.count = ShownValue::number(20);
  empty.percent = ShownValue::of(Symbol::not_applicable);
  EXPECT_EQ(figure_sentence(leeds(), any_of_trio(), 0, empty, kOneLevel, options(FigureDisplay::percentages, "none")),
            "There are no children aged 0-17 in Leeds in the population figures, so there is no share to give "
            "([z]).");
}

TEST(FigureSentence, NamesTheGroupWhenAMeasureHasNoPhrase) {
  results::MeasureRecord measure = any_of_trio();
  measure.phrase.clear();
  PublishedFigure figure = shown_any();
  figure.interval_stated = false;
  EXPECT_EQ(figure_sentence(leeds(), measure, 168176, figure, kOneLevel, options(FigureDisplay::counts)),
            "Given the characteristics of the local population, we would expect about 33,600 children aged 0-17 "
            "in Leeds to be in the group \"any of the toxic trio\".");
}

TEST(LimitationsNote, IsShortAndPlain) {
  EXPECT_EQ(limitations_note("expected"),
            "These are synthetic estimates: published national or regional rates applied to local population "
            "counts. They assume that the local population resembles the one the rates were measured in. The "
            "intervals reflect the stated uncertainty of the rates, not every source of error. They are not counts "
            "of known children.");
  EXPECT_NE(limitations_note("realised").find("the rates and the chance variation of a finite population, not"),
            std::string::npos);
}

}  // namespace
}  // namespace prevalence::publish
