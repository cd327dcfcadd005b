// Tests engine/publish/published_table.cpp: the figures every renderer shows.
// Disclosure control end to end on random trio tables under each policy (no
// suppressed figure is derivable from the shown ones, checked exactly; the
// percentages and intervals of suppressed figures are suppressed with them;
// percentages are of the shown counts), secondary suppression in an area,
// several interval levels, the selection and its order, reliability flags,
// sentences, and the input checks.

#include "engine/publish/published_table.hpp"

#include "tests/engine/publish/exact_span.hpp"
#include "tests/engine/publish/table_fixture.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace prevalence::publish {
namespace {

using test::exactly_derivable;
using test::trio_input;

TableOptions with_policy(const char* policy, int significant_figures = 3) {
  TableOptions options;
  options.policy = parse_sdc_policy(policy);
  options.significant_figures = significant_figures;
  return options;
}

std::size_t index_of(const TableInput& input, const std::string& id) {
  for (std::size_t m = 0; m < input.measures.size(); ++m)
    if (input.measures[m].id == id) return m;
  throw std::logic_error("no measure " + id);
}

bool shown(const ShownValue& count) { return count.is_number() || count.is(Symbol::rounds_to_zero); }

// Checks every published figure of every area of `table` against the rules.
void check_disclosure(const PublishedTable& table) {
  const SdcPolicy& policy = table.options.policy;
  for (std::size_t a = 0; a < table.areas.size(); ++a) {
    std::vector<std::uint64_t> shown_cells;
    for (std::size_t m = 0; m < table.measures.size(); ++m)
      if (shown(table.at(a, m).count)) shown_cells.push_back(table.measure(m).cells);
    for (std::size_t m = 0; m < table.measures.size(); ++m) {
      const PublishedFigure& figure = table.at(a, m);
      const TableFigure& source = table.source(a, m);
      SCOPED_TRACE(fmt::format("{} = {}", table.measure(m).id, source.mean));
      if (figure.suppressed()) {
        // Nothing about it is shown, and the shown figures do not give it.
        EXPECT_FALSE(exactly_derivable(8, table.measure(m).cells, shown_cells));
        EXPECT_TRUE(figure.percent.is(Symbol::confidential));
        for (const ShownValue& end : figure.lower) EXPECT_TRUE(end.is(Symbol::confidential));
        for (const ShownValue& end : figure.upper) EXPECT_TRUE(end.is(Symbol::confidential));
        for (const ShownValue& end : figure.percent_lower) EXPECT_TRUE(end.is(Symbol::confidential));
        EXPECT_FALSE(figure.unreliable);
        // The policy suppresses only below its threshold; secondary suppression
        // only what the policy showed (dfe shows 0, and [k] below 0.5).
        const double x = source.mean;
        if (figure.secondary) {
          EXPECT_TRUE(x >= policy.threshold || (policy.zero_shown && x == 0) || (x > 0 && x < policy.rounds_to_zero_below));
        } else {
          EXPECT_LT(x, policy.threshold);
        }
        continue;
      }
      EXPECT_GE(source.mean, policy.threshold > 0 && !policy.zero_shown ? policy.threshold : 0.0);
      if (!figure.count.is_number()) continue;
      const double value = figure.count.value;
      // A multiple of the base, within half a step of the estimate.
      EXPECT_EQ(std::fmod(value, policy.base), 0.0);
      const double step = display_step(source.mean, policy.base, table.options.significant_figures);
      EXPECT_LE(std::fabs(value - source.mean), step / 2 + 1e-9);
      // The percentage is of the shown count.
      if (figure.percent.is_number()) {
        EXPECT_DOUBLE_EQ(figure.percent.value, value / source.denominator * 100);
      }
      // Interval ends: rounded to the same step, or a bound below the threshold.
      for (std::size_t l = 0; l < figure.lower.size(); ++l)
        for (const ShownValue& end : {figure.lower[l], figure.upper[l]}) {
          if (end.kind == ShownValue::Kind::below) {
            EXPECT_EQ(end.value, policy.bound);
          } else {
            ASSERT_TRUE(end.is_number());
            EXPECT_EQ(std::fmod(end.value, step), 0.0);
          }
        }
    }
  }
}

TEST(PublishTable, NoSuppressedFigureIsDerivableUnderAnyPolicy) {
  std::mt19937_64 random(1126);
  std::uniform_real_distribution<double> small(0.0, 40.0);
  std::uniform_real_distribution<double> large(0.0, 400.0);
  for (const char* policy : {"none", "ons-10-5", "dfe", "custom:20:10", "custom:7.5:3"}) {
    for (int significant_figures : {0, 1, 3}) {
      std::vector<std::pair<results::AreaRecord, std::array<double, 8>>> areas;
      for (int area = 0; area < 60; ++area) {
        std::array<double, 8> cells{};
        cells[0] = large(random);
        for (std::size_t c = 1; c < 8; ++c) cells[c] = area % 5 == 0 ? std::floor(small(random)) : small(random);
        if (area % 7 == 0) cells[5] = 0.0;  // an exact zero
        areas.push_back({{fmt::format("E{}", area), fmt::format("Area {}", area)}, cells});
      }
      const TableInput input = trio_input(areas, 0.3);
      SCOPED_TRACE(fmt::format("{}, S = {}", policy, significant_figures));
      check_disclosure(publish_table(input, with_policy(policy, significant_figures)));
    }
  }
}

TEST(PublishTable, SuppressesNothingWithoutAPolicy) {
  const TableInput input = trio_input({{{"E1", "Smalltown"}, {400, 20, 50, 15, 18, 4, 12, 11}}});
  const PublishedTable table = publish_table(input, with_policy("none"));
  for (const PublishedFigure& figure : table.figures) EXPECT_FALSE(figure.suppressed());
  EXPECT_EQ(count_text(table.at(0, index_of(input, "trio.dv_sm_only")).count), "4");
}

TEST(PublishTable, SuppressesASecondFigureInTheAreaThatNeedsIt) {
  // Smalltown: DV+SM only (4) is below 10; every other figure is shown by the
  // policy, so more must go (tests/engine/publish/secondary_suppression_test.cpp
  // works the same table by hand): all three, then MH.
  const TableInput input = trio_input({{{"E08000035", "Leeds"}, test::leeds_cells()},
                                       {{"E1", "Smalltown"}, {400, 20, 50, 15, 18, 4, 12, 11}}});
  const PublishedTable table = publish_table(input, with_policy("ons-10-5"));
  std::vector<std::string> suppressed;
  for (std::size_t m = 0; m < table.measures.size(); ++m) {
    EXPECT_FALSE(table.at(0, m).suppressed());  // Leeds: nothing
    if (table.at(1, m).suppressed()) suppressed.push_back(table.measure(m).id);
  }
  EXPECT_EQ(suppressed, (std::vector<std::string>{"trio.mh", "trio.all_three", "trio.dv_sm_only"}));
  EXPECT_TRUE(table.at(1, index_of(input, "trio.mh")).secondary);
  EXPECT_FALSE(table.at(1, index_of(input, "trio.dv_sm_only")).secondary);
  EXPECT_EQ(percent_text(table.at(1, index_of(input, "trio.mh")).percent), "[c]");
}

TEST(PublishTable, RoundsLeedsAsTheSentencesSay) {
  const TableInput input = trio_input({{{"E08000035", "Leeds"}, test::leeds_cells()}});
  const PublishedTable table = publish_table(input, with_policy("ons-10-5"));
  const PublishedFigure& any = table.at(0, index_of(input, "trio.any"));
  EXPECT_EQ(count_text(any.count), "33,600");
  EXPECT_EQ(percent_text(any.percent), "20.0");
  // 33,582 +/- 1.96 x 8 %: 28,316 to 38,848, to the figure's step of 100.
  EXPECT_EQ(count_text(any.lower[0]), "28,300");
  EXPECT_EQ(count_text(any.upper[0]), "38,800");
  const PublishedFigure& dv_sm = table.at(0, index_of(input, "trio.dv_sm_only"));
  EXPECT_EQ(count_text(dv_sm.count), "865");
  EXPECT_EQ(percent_text(dv_sm.percent), "0.51");
}

TEST(PublishTable, GivesEveryLevelsInterval) {
  TableInput input = trio_input({{{"E08000035", "Leeds"}, test::leeds_cells()}});
  const PublishedTable table = publish_table(input, with_policy("ons-10-5"));
  const PublishedFigure& any = table.at(0, index_of(input, "trio.any"));
  ASSERT_EQ(any.lower.size(), 2u);
  ASSERT_EQ(any.percent_upper.size(), 2u);
  // 99.8 %: 33,582 +/- 3.09 x 8 %: 25,281 to 41,883.
  EXPECT_EQ(count_text(any.lower[1]), "25,300");
  EXPECT_EQ(count_text(any.upper[1]), "41,900");
  EXPECT_EQ(percent_text(any.percent_lower[1]), "15.0");  // 25,300 of 168,176
  EXPECT_TRUE(any.interval_stated);
}

TEST(PublishTable, SaysWhenNoIntervalIsStated) {
  TableInput input = trio_input({{{"E08000035", "Leeds"}, test::leeds_cells()}}, 0.0);
  const PublishedTable table = publish_table(input, with_policy("ons-10-5"));
  EXPECT_FALSE(table.at(0, 0).interval_stated);
}

TEST(PublishTable, ShowsTheAreasAndMeasuresAskedForInTheOrderAsked) {
  const TableInput input = trio_input({{{"E1", "One"}, test::leeds_cells()}, {{"E2", "Two"}, test::leeds_cells()}});
  TableOptions options = with_policy("none");
  options.areas = {1};
  options.measures = {index_of(input, "trio.none"), index_of(input, "trio.any")};
  const PublishedTable table = publish_table(input, options);
  ASSERT_EQ(table.figures.size(), 2u);
  EXPECT_EQ(table.area(0).code, "E2");
  EXPECT_EQ(table.measure(0).id, "trio.none");
  EXPECT_EQ(table.measure(1).id, "trio.any");
  EXPECT_EQ(count_text(table.at(0, 0).count), "135,000");
}

TEST(PublishTable, FlagsUnreliableFiguresItShows) {
  const TableInput input = trio_input({{{"E1", "Smalltown"}, {400, 20, 50, 15, 18, 4, 12, 11}}}, 0.25);
  const PublishedTable table = publish_table(input, with_policy("ons-10-5"));
  for (const PublishedFigure& figure : table.figures) EXPECT_EQ(figure.unreliable, figure.count.is_number());
  TableOptions lenient = with_policy("ons-10-5");
  lenient.max_cv = 0.3;
  for (const PublishedFigure& figure : publish_table(input, lenient).figures) EXPECT_FALSE(figure.unreliable);
}

TEST(PublishTable, WritesSentencesOnlyWhenAsked) {
  const TableInput input = trio_input({{{"E08000035", "Leeds"}, test::leeds_cells()}});
  TableOptions options = with_policy("ons-10-5");
  EXPECT_TRUE(publish_table(input, options).at(0, 0).sentence.empty());
  options.words = true;
  options.show = FigureDisplay::counts;
  EXPECT_EQ(publish_table(input, options).at(0, index_of(input, "trio.any")).sentence,
            "Given the characteristics of the local population, we would expect about 33,600 children aged 0-17 "
            "in Leeds (95 % interval 28,300 to 38,800; 99.8 % interval 25,300 to 41,900) to be living with any of "
            "the toxic trio.");
}

TEST(PublishTable, ListsTheSymbolsItShows) {
  const TableInput input = trio_input({{{"E1", "Smalltown"}, {400, 20, 50, 15, 18, 4, 12, 11}}}, 0.25);
  const PublishedTable table = publish_table(input, with_policy("ons-10-5"));
  EXPECT_EQ(table.symbols_used(), (std::vector<Symbol>{Symbol::confidential, Symbol::low_reliability}));
  EXPECT_TRUE(table.shows_bounds());
}

TEST(PublishTable, RejectsInputThatDoesNotFitTogether) {
  const TableInput good = trio_input({{{"E1", "One"}, test::leeds_cells()}});
  TableInput missing_figure = good;
  missing_figure.figures.pop_back();
  EXPECT_THROW(publish_table(missing_figure, {}), std::invalid_argument);
  TableInput missing_level = good;
  missing_level.levels.pop_back();
  EXPECT_THROW(publish_table(missing_level, {}), std::invalid_argument);
  TableInput disagreeing = good;
  disagreeing.measures[1].group_cells = 4;
  EXPECT_THROW(publish_table(disagreeing, {}), std::invalid_argument);
  TableOptions bad_area;
  bad_area.areas = {1};
  EXPECT_THROW(publish_table(good, bad_area), std::invalid_argument);
  TableOptions bad_measure;
  bad_measure.measures = {13};
  EXPECT_THROW(publish_table(good, bad_measure), std::invalid_argument);
  TableOptions bad_figures;
  bad_figures.significant_figures = -1;
  EXPECT_THROW(publish_table(good, bad_figures), std::invalid_argument);
  TableInput negative = good;
  negative.figures[0].mean = -1;
  EXPECT_THROW(publish_table(negative, {}), std::invalid_argument);
}

TEST(ParseFigureDisplay, ReadsTheThreeChoices) {
  EXPECT_EQ(parse_figure_display("counts"), FigureDisplay::counts);
  EXPECT_EQ(parse_figure_display("percentages"), FigureDisplay::percentages);
  EXPECT_EQ(parse_figure_display("both"), FigureDisplay::both);
  EXPECT_THROW(parse_figure_display("all"), std::invalid_argument);
}

}  // namespace
}  // namespace prevalence::publish
