// Tests engine/scenario/scenario.cpp (and the strict TOML reading under it):
// loading scenario files, and rejecting bad ones at the file, line and
// column of the offending key.

#include "engine/scenario/scenario.hpp"

#include "engine/error/input_error.hpp"

#include "tests/support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace prevalence::scenario {
namespace {

namespace fs = std::filesystem;
using testing::AllOf;
using testing::HasSubstr;
using testing::ThrowsMessage;

using test::TempDir;

// A minimal valid scenario, laid out so each test knows its line numbers:
//
//    1  title = "Test scenario"
//    2  [population]
//    3  file = "population.csv"
//    4  year = 2019
//    5  [areas]
//    6  codes = ["E1"]
//    7  [run]
//    8  <run>                      default: draws = 100
//    9  [[measure]]
//   10  id = "m1"
//   11  label = "a measure"
//   12  source = "a source"
//   13  ages = "0-17"
//   14  <figure>                   default: percent = 7.3
//
// `measure` replaces lines 10 onwards when a test needs its own.
constexpr const char* kMeasureHead =
    "id = \"m1\"\n"
    "label = \"a measure\"\n"
    "source = \"a source\"\n"
    "ages = \"0-17\"\n";

std::string scenario_text(const std::string& run, const std::string& measure) {
  return "title = \"Test scenario\"\n"
         "[population]\n"
         "file = \"population.csv\"\n"
         "year = 2019\n"
         "[areas]\n"
         "codes = [\"E1\"]\n"
         "[run]\n" +
         run + "\n[[measure]]\n" + measure + "\n";
}

std::string with_run(const std::string& run) {
  return scenario_text(run, std::string(kMeasureHead) + "percent = 7.3");
}

std::string with_figure(const std::string& figure) {
  return scenario_text("draws = 100", std::string(kMeasureHead) + figure);
}

// Loads `text` from a scenario file and expects an InputError whose message
// contains `where` (a position, "scenario.toml:8:9") and `problem`.
void expect_rejected(const std::string& text, const std::string& where, const std::string& problem) {
  TempDir dir;
  const std::string file = dir.write("scenario.toml", text);
  const std::string prefix = (dir.path() / where).string();
  EXPECT_THAT([&] { load_scenario(file); },
              ThrowsMessage<error::InputError>(AllOf(HasSubstr(prefix + ": "), HasSubstr(problem))));
}

// --- Valid scenarios -----------------------------------------------------

TEST(LoadScenario, ReadsEveryFieldOfAFullScenario) {
  TempDir dir;
  const std::string file = dir.write("scenario.toml", R"(
title = "Full scenario"
description = "Every section."

[population]
file = "population.csv"
year = 2019
relative_error = 0.03

[areas]
codes = ["E08000035", "E06000023"]

[run]
draws = 500
seed = 7
mode = "realised"
interval = 0.9

[[measure]]
id = "trio.any"
label = "any of the toxic trio"
source = "a source"
ages = "0-17"
year = 2018
percent = 7.3
interval = [6.5, 8.1]
level = 0.9

[[measure]]
id = "girls"
label = "girls"
source = "a source"
ages = "10-17"
sex = "female"
count = 5
of = 100

[[measure]]
id = "elderly"
label = "oldest"
source = "a source"
ages = "90+"
per_10000 = 65
[measure.assumed]
effective_sample_size = 400
why = "no interval published"
)");
  const Scenario s = load_scenario(file);
  EXPECT_EQ(s.path, file);
  EXPECT_EQ(s.title, "Full scenario");
  EXPECT_EQ(s.description, "Every section.");
  EXPECT_EQ(s.population_year, 2019);
  EXPECT_EQ(s.population_relative_error, 0.03);
  EXPECT_FALSE(s.all_areas);
  EXPECT_EQ(s.area_codes, (std::vector<std::string>{"E08000035", "E06000023"}));
  EXPECT_EQ(s.run.draws, 500);
  EXPECT_EQ(s.run.seed, 7u);
  EXPECT_EQ(s.run.mode, montecarlo::Mode::realised);
  EXPECT_EQ(s.run.intervals, std::vector<double>{0.9});
  ASSERT_EQ(s.measures.size(), 3u);

  const MeasureSpec& trio = s.measures[0];
  EXPECT_EQ(trio.id, "trio.any");
  EXPECT_EQ(trio.label, "any of the toxic trio");
  EXPECT_EQ(trio.source, "a source");
  EXPECT_EQ(trio.ages.from, 0);
  EXPECT_EQ(trio.ages.to, 17);
  EXPECT_EQ(trio.sex, io::Sex::all);
  EXPECT_EQ(trio.year, 2018);
  EXPECT_EQ(trio.figure.unit, models::FigureUnit::percent);
  EXPECT_EQ(trio.figure.value, 7.3);
  ASSERT_TRUE(trio.figure.interval.has_value());
  EXPECT_EQ(trio.figure.interval->lower, 6.5);
  EXPECT_EQ(trio.figure.interval->upper, 8.1);
  EXPECT_EQ(trio.figure.interval->level, 0.9);
  EXPECT_EQ(trio.figure.interval->basis, models::IntervalBasis::published);
  EXPECT_FALSE(trio.distribution.is_point());

  const MeasureSpec& girls = s.measures[1];
  EXPECT_EQ(girls.sex, io::Sex::female);
  EXPECT_EQ(girls.ages.from, 10);
  EXPECT_EQ(girls.ages.to, 17);
  ASSERT_TRUE(girls.figure.count_of.has_value());
  EXPECT_EQ(girls.figure.count_of->count, 5.0);
  EXPECT_EQ(girls.figure.count_of->of, 100.0);
  // Jeffreys Beta(x + 1/2, n - x + 1/2): see rate_distribution_test.cpp.
  ASSERT_TRUE(girls.distribution.shape().has_value());
  EXPECT_EQ(girls.distribution.shape()->alpha, 5.5);
  EXPECT_EQ(girls.distribution.shape()->beta, 95.5);

  const MeasureSpec& elderly = s.measures[2];
  EXPECT_EQ(elderly.ages.from, 90);
  EXPECT_FALSE(elderly.ages.to.has_value());
  EXPECT_EQ(elderly.figure.unit, models::FigureUnit::per_10000);
  EXPECT_EQ(elderly.figure.effective_sample_size, 400.0);
  EXPECT_EQ(elderly.figure.why_assumed, "no interval published");
  EXPECT_FALSE(elderly.distribution.is_point());
}

TEST(LoadScenario, MinimalScenarioTakesTheRunDefaults) {
  TempDir dir;
  const std::string file = dir.write(
      "scenario.toml", "title = \"t\"\n[population]\nfile = \"p.csv\"\nyear = 2019\n"
                       "[areas]\nall = true\n[[measure]]\n" +
                           std::string(kMeasureHead) + "proportion = 0.1\n");
  const Scenario s = load_scenario(file);
  const montecarlo::RunSettings defaults;
  EXPECT_EQ(s.run.draws, defaults.draws);
  EXPECT_EQ(s.run.seed, defaults.seed);
  EXPECT_EQ(s.run.mode, defaults.mode);
  EXPECT_EQ(s.run.intervals, defaults.intervals);
  EXPECT_EQ(s.run.intervals, std::vector<double>{0.95});
  EXPECT_EQ(s.run.headline_interval(), 0.95);
  EXPECT_TRUE(s.all_areas);
  EXPECT_TRUE(s.area_codes.empty());
  EXPECT_EQ(s.population_relative_error, 0.0);
  ASSERT_EQ(s.measures.size(), 1u);
  EXPECT_TRUE(s.measures[0].distribution.is_point());
  EXPECT_EQ(s.measures[0].distribution.mean(), 0.1);
}

TEST(LoadScenario, ResolvesThePopulationFileAgainstTheScenariosDirectory) {
  TempDir dir;
  const std::string file = dir.write(
      "config/scenario.toml",
      "title = \"t\"\n[population]\nfile = \"../data/population.csv\"\nyear = 2019\n"
      "[areas]\nall = true\n[[measure]]\n" +
          std::string(kMeasureHead) + "proportion = 0.1\n");
  const Scenario s = load_scenario(file);
  EXPECT_EQ(s.population_files.at(0), (dir.path() / "data" / "population.csv").string());
}

TEST(LoadScenario, MeasureYearDefaultsToThePopulationYear) {
  TempDir dir;
  const std::string file = dir.write("scenario.toml", with_figure("percent = 7.3"));
  const Scenario s = load_scenario(file);
  ASSERT_EQ(s.measures.size(), 1u);
  EXPECT_EQ(s.measures[0].year, 2019);
  EXPECT_EQ(s.measures[0].sex, io::Sex::all);
}

TEST(LoadScenario, ReadsTheShippedLeedsScenario) {
  const std::string source_dir = PREVALENCE_SOURCE_DIR;
  const Scenario s = load_scenario(source_dir + "/config/leeds-2020.toml");
  std::vector<std::string> ids;
  for (const MeasureSpec& m : s.measures) ids.push_back(m.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"looked_after", "youth_justice", "homelessness_risk"}));
  ASSERT_EQ(s.overlaps.size(), 1u);
  const OverlapSpec& trio = s.overlaps[0];
  EXPECT_EQ(trio.id, "trio");
  EXPECT_EQ(trio.condition_ids, (std::vector<std::string>{"dv", "mh", "sm"}));
  std::vector<std::string> figure_ids;
  for (const OverlapFigureSpec& f : trio.figures) figure_ids.push_back(f.id);
  EXPECT_EQ(figure_ids, (std::vector<std::string>{"trio.any", "trio.dv", "trio.mh", "trio.sm", "trio.all_three"}));
  ASSERT_TRUE(trio.effective_sample_size.has_value());
  EXPECT_EQ(*trio.effective_sample_size, 2000.0);
  EXPECT_EQ(s.area_codes, std::vector<std::string>{"E08000035"});
  EXPECT_EQ(s.population_year, 2019);
  EXPECT_EQ(fs::path(s.population_files.at(0)),
            (fs::path(source_dir) / "data/population/england-la-single-year-of-age-2017-2021.csv")
                .lexically_normal());
  EXPECT_TRUE(fs::exists(s.population_files.at(0)));
  EXPECT_EQ(trio.year, 2018);           // the trio figures use mid-2018
  EXPECT_EQ(s.measures[0].year, 2019);  // the counts use mid-2019
  EXPECT_EQ(s.measures[1].ages.from, 10);
}

// --- Rejected scenarios --------------------------------------------------
// Positions are "scenario.toml:line:column" of the offending key (unknown
// keys) or value (bad values), as toml++ reports them; lines and columns
// count from 1.

TEST(LoadScenarioErrors, UnknownTopLevelKey) {
  expect_rejected("author = \"me\"\n" + with_figure("percent = 7.3"), "scenario.toml:1:1",
                  "unknown key \"author\" in the top level (known keys: title, description");
}

TEST(LoadScenarioErrors, MisspeltRunKeySuggestsTheNearestKey) {
  expect_rejected(with_run("draw = 100"), "scenario.toml:8:1",
                  "unknown key \"draw\" in [run] (did you mean \"draws\"?)");
}

TEST(LoadScenarioErrors, UnknownMeasureKey) {
  expect_rejected(with_figure("percent = 7.3\ncomment = \"x\""), "scenario.toml:15:1",
                  "unknown key \"comment\" in [measure[1]]");
}

TEST(LoadScenarioErrors, TomlSyntaxError) {
  // toml++ reports where the value should start.
  expect_rejected(with_figure("percent = = 7.3"), "scenario.toml:14:11",
                  "Error while parsing value");
}

TEST(LoadScenarioErrors, MissingTitle) {
  // A missing key has no position of its own; the top level starts at 1:1.
  expect_rejected("[population]\nfile = \"p.csv\"\nyear = 2019\n[areas]\nall = true\n"
                  "[[measure]]\n" + std::string(kMeasureHead) + "percent = 7.3\n",
                  "scenario.toml:1:1", "title: required key is missing");
}

TEST(LoadScenarioErrors, MissingPopulationTable) {
  expect_rejected("title = \"t\"\n[areas]\nall = true\n[[measure]]\n" + std::string(kMeasureHead) +
                      "percent = 7.3\n",
                  "scenario.toml:1:1", "population: required table [population] is missing");
}

TEST(LoadScenarioErrors, ZeroDraws) {
  expect_rejected(with_run("draws = 0"), "scenario.toml:8:9", "run.draws: 0 must be at least 1");
}

TEST(LoadScenarioErrors, UnknownMode) {
  expect_rejected(with_run("mode = \"sometimes\""), "scenario.toml:8:8",
                  "run.mode: \"sometimes\" must be expected or realised");
}

TEST(LoadScenarioErrors, RunIntervalAboveOne) {
  expect_rejected(with_run("interval = 1.5"), "scenario.toml:8:12",
                  "run.interval: 1.5 must be between 0 and 1");
  expect_rejected(with_run("interval = 0"), "scenario.toml:8:12", "run.interval: 0 must be between 0 and 1");
}

// --- Several interval levels ----------------------------------------------

TEST(LoadScenario, RunIntervalMayListSeveralLevelsHeadlineFirst) {
  TempDir dir;
  const auto intervals = [&](const std::string& run) {
    return load_scenario(dir.write("scenario.toml", with_run(run))).run.intervals;
  };
  EXPECT_EQ(intervals("interval = [0.95, 0.998]"), (std::vector<double>{0.95, 0.998}));
  EXPECT_EQ(intervals("interval = [0.9]"), (std::vector<double>{0.9}));
  EXPECT_EQ(intervals("interval = [0.998, 0.5, 0.8, 0.95]"), (std::vector<double>{0.998, 0.5, 0.8, 0.95}));
  const Scenario s = load_scenario(dir.write("scenario.toml", with_run("interval = [0.8, 0.95]")));
  EXPECT_EQ(s.run.headline_interval(), 0.8);
}

TEST(LoadScenarioErrors, RunIntervalLevelsAreCheckedOneByOne) {
  // Each element is reported at its own column.
  expect_rejected(with_run("interval = [0.95, 1.2]"), "scenario.toml:8:19",
                  "run.interval: 1.2 must be between 0 and 1");
  expect_rejected(with_run("interval = [0.95, 0.9, 0.95]"), "scenario.toml:8:24",
                  "run.interval: 0.95 is listed twice");
  expect_rejected(with_run("interval = [0.5, 0.6, 0.7, 0.8, 0.9]"), "scenario.toml:8:33",
                  "run.interval: at most 4 interval levels at once");
  expect_rejected(with_run("interval = [0.95, \"0.99\"]"), "scenario.toml:8:19",
                  "run.interval: each level must be a number");
  expect_rejected(with_run("interval = [0.95, -0.5]"), "scenario.toml:8:19", "-0.5 must be between 0 and 1");
  expect_rejected(with_run("interval = []"), "scenario.toml:8:12", "run.interval: an empty array");
  expect_rejected(with_run("interval = \"0.95\""), "scenario.toml:8:12",
                  "run.interval: must be a coverage such as 0.95, or an array of them");
}

TEST(LoadScenarioErrors, AgesInTheWrongOrder) {
  expect_rejected(scenario_text("draws = 100", "id = \"m1\"\nlabel = \"l\"\nsource = \"s\"\n"
                                               "ages = \"17-0\"\npercent = 7.3"),
                  "scenario.toml:13:8",
                  "measure[1].ages: \"17-0\" is not an age range such as \"0-17\" or \"90+\"");
}

TEST(LoadScenarioErrors, PercentAbove100) {
  expect_rejected(with_figure("percent = 120"), "scenario.toml:14:11",
                  "measure[1].percent: value 120% is outside [0, 100%]");
}

TEST(LoadScenarioErrors, IntervalNotContainingItsValue) {
  expect_rejected(with_figure("percent = 9.0\ninterval = [6.5, 8.1]"), "scenario.toml:15:12",
                  "measure[1].interval: value 9% is outside its interval");
}

TEST(LoadScenarioErrors, IntervalLowerEndAboveUpperEnd) {
  expect_rejected(with_figure("percent = 7.3\ninterval = [8.1, 6.5]"), "scenario.toml:15:12",
                  "measure[1].interval: interval lower end 8.1% is above its upper end 6.5%");
}

TEST(LoadScenarioErrors, CountAboveItsDenominator) {
  expect_rejected(with_figure("count = 11\nof = 10"), "scenario.toml:14:9",
                  "measure[1].count: count x = 11 is above its denominator n = 10");
}

TEST(LoadScenarioErrors, TwoFigureFormsAtOnce) {
  expect_rejected(with_figure("proportion = 0.073\npercent = 7.3"), "scenario.toml:15:11",
                  "measure[1].percent: give only one of proportion, percent, per_10000, or count with of");
}

TEST(LoadScenarioErrors, NoFigure) {
  expect_rejected(with_figure(""), "scenario.toml:9:1",
                  "measure[1]: no published figure: give one of proportion, percent, per_10000, "
                  "or count with of");
}

TEST(LoadScenarioErrors, DuplicateMeasureId) {
  expect_rejected(with_figure("percent = 7.3\n[[measure]]\n" + std::string(kMeasureHead) +
                              "percent = 8.0"),
                  "scenario.toml:16:6", "measure[2].id: \"m1\" is already used by an earlier measure");
}

TEST(LoadScenarioErrors, AssumedUncertaintyWithoutWhy) {
  expect_rejected(with_figure("percent = 7.3\n[measure.assumed]\neffective_sample_size = 2000"),
                  "scenario.toml:15:1", "measure[1].assumed.why: required key is missing");
}

TEST(LoadScenarioErrors, AssumedUncertaintyWithBothIntervalAndSampleSize) {
  expect_rejected(with_figure("percent = 7.3\n[measure.assumed]\ninterval = [6.0, 9.0]\n"
                              "effective_sample_size = 2000\nwhy = \"guess\""),
                  "scenario.toml:15:1",
                  "measure[1].assumed: give either interval (with level) or effective_sample_size");
}

TEST(LoadScenarioErrors, AreasWithNeitherCodesNorAll) {
  expect_rejected("title = \"t\"\n[population]\nfile = \"p.csv\"\nyear = 2019\n[areas]\n"
                  "all = false\n[[measure]]\n" + std::string(kMeasureHead) + "percent = 7.3\n",
                  "scenario.toml:5:1", "areas: give either codes = [...] or all = true");
}

TEST(LoadScenarioErrors, LevelWithoutInterval) {
  expect_rejected(with_figure("percent = 7.3\nlevel = 0.9"), "scenario.toml:15:9",
                  "measure[1].level: is the coverage of an interval, but no interval is given");
}

TEST(LoadScenarioErrors, MissingFileCannotBeOpened) {
  TempDir dir;
  const std::string file = (dir.path() / "absent.toml").string();
  EXPECT_THAT([&] { load_scenario(file); },
              ThrowsMessage<error::InputError>(HasSubstr(file + ": cannot open the scenario file")));
}

// --- Overlaps -------------------------------------------------------------
// A scenario with one overlap, laid out so each test knows its line numbers:
//
//    7  [[overlap]]
//    8  id = "trio"
//   ...
//   12  condition_labels = [...]
//   13  <body>
std::string overlap_text(const std::string& body) {
  return "title = \"T\"\n"
         "[population]\n"
         "file = \"population.csv\"\n"
         "year = 2019\n"
         "[areas]\n"
         "codes = [\"E1\"]\n"
         "[[overlap]]\n"
         "id = \"trio\"\n"
         "label = \"the toxic trio\"\n"
         "ages = \"0-17\"\n"
         "conditions = [\"dv\", \"mh\", \"sm\"]\n"
         "condition_labels = [\"domestic abuse\", \"mental ill-health\", \"substance misuse\"]\n" +
         body + "\n";
}

TEST(LoadOverlap, ReadsEveryKindOfFigureAndAnOddsRatio) {
  TempDir dir;
  const Scenario s = load_scenario(dir.write("scenario.toml", overlap_text(R"(
[[overlap.figure]]
all_of = ["dv"]
source = "a"
percent = 7.4
[[overlap.figure]]
any_of = ["dv", "mh", "sm"]
source = "b"
percent = 20.0
rounded = 0.1
[[overlap.figure]]
exactly = 2
source = "c"
percent = 4.7
[[overlap.figure]]
all_of = ["dv", "mh"]
source = "d"
count = 30
of = 1000
[[overlap.odds_ratio]]
between = ["mh", "sm"]
value = 3.0
interval = [2.0, 4.5]
why = "assumed"
)")));
  ASSERT_EQ(s.overlaps.size(), 1u);
  const OverlapSpec& o = s.overlaps[0];
  EXPECT_EQ(o.year, 2019);  // the population year unless the overlap sets its own
  ASSERT_EQ(o.figures.size(), 4u);
  EXPECT_EQ(o.figures[0].id, "trio.dv");
  EXPECT_EQ(o.figures[0].cells, models::cells_with_all_of(3, 0b001));
  EXPECT_EQ(o.figures[1].id, "trio.any");
  EXPECT_EQ(o.figures[1].rounding, 0.1);
  EXPECT_EQ(o.figures[2].id, "trio.exactly_two");
  EXPECT_EQ(o.figures[2].cells, models::cells_with_exactly(3, 2));
  EXPECT_EQ(o.figures[3].id, "trio.dv_and_mh");
  EXPECT_FALSE(o.figures[3].distribution.is_point());
  ASSERT_EQ(o.odds_ratios.size(), 1u);
  EXPECT_EQ(o.odds_ratios[0].first, 1);
  EXPECT_EQ(o.odds_ratios[0].second, 2);
  // Log-normal matched to the interval: centre and spread on the log scale;
  // 1.959963984540054 is the normal 97.5 % quantile (R: qnorm(0.975)).
  EXPECT_NEAR(o.odds_ratios[0].log_mean, (std::log(2.0) + std::log(4.5)) / 2, 1e-15);
  EXPECT_NEAR(o.odds_ratios[0].log_sd, (std::log(4.5) - std::log(2.0)) / (2 * 1.959963984540054), 1e-12);
}

TEST(LoadOverlap, ReadsASurveyCrossTabulation) {
  TempDir dir;
  const Scenario s = load_scenario(dir.write("scenario.toml", overlap_text(R"(
[overlap.survey]
source = "a survey"
design_effect = 1.5
[overlap.survey.cells]
none = 800
dv = 20
mh = 90
dv_mh = 30
sm = 15
dv_sm = 5
mh_sm = 25
dv_mh_sm = 15
)")));
  const OverlapSpec& o = s.overlaps.at(0);
  ASSERT_TRUE(o.survey.has_value());
  EXPECT_EQ(o.survey->counts, (std::vector<double>{800, 20, 90, 30, 15, 5, 25, 15}));
  EXPECT_EQ(o.survey->design_effect, 1.5);
}

TEST(LoadOverlapErrors, UnknownConditionInASelector) {
  expect_rejected(overlap_text("[[overlap.figure]]\nall_of = [\"dv\", \"xx\"]\nsource = \"s\"\npercent = 1"),
                  "scenario.toml:14:10", "\"xx\" is not one of the overlap's conditions (dv, mh, sm)");
}

TEST(LoadOverlapErrors, TwoSelectorsOrNone) {
  expect_rejected(overlap_text("[[overlap.figure]]\nall_of = [\"dv\"]\nexactly = 1\nsource = \"s\"\npercent = 1"),
                  "scenario.toml:13:1", "exactly one of all_of, any_of, at_least, exactly or only");
  expect_rejected(overlap_text("[[overlap.figure]]\nsource = \"s\"\npercent = 1"), "scenario.toml:13:1",
                  "exactly one of all_of, any_of, at_least, exactly or only");
}

TEST(LoadOverlapErrors, CountBeyondTheNumberOfConditions) {
  expect_rejected(overlap_text("[[overlap.figure]]\nat_least = 4\nsource = \"s\"\npercent = 1"),
                  "scenario.toml:14:12", "4 must be from 0 to the number of conditions, 3");
}

TEST(LoadOverlapErrors, TheSameRegionTwice) {
  expect_rejected(overlap_text("[[overlap.figure]]\nat_least = 1\nsource = \"s\"\npercent = 1\n"
                               "[[overlap.figure]]\nany_of = [\"dv\", \"mh\", \"sm\"]\nsource = \"s\"\npercent = 2"),
                  "scenario.toml:17:1", "a second figure for any of the toxic trio");
}

TEST(LoadOverlapErrors, UnknownKeyInAFigure) {
  expect_rejected(overlap_text("[[overlap.figure]]\nall_of = [\"dv\"]\nsauce = \"s\"\npercent = 1"),
                  "scenario.toml:15:1", "unknown key \"sauce\" in [overlap[1].figure[1]] (did you mean \"source\"?)");
}

TEST(LoadOverlapErrors, AnOddsRatioMustJoinTwoConditions) {
  expect_rejected(overlap_text("[[overlap.figure]]\nall_of = [\"dv\"]\nsource = \"s\"\npercent = 1\n"
                               "[[overlap.odds_ratio]]\nbetween = [\"dv\", \"mh\", \"sm\"]\nvalue = 2\nwhy = \"w\""),
                  "scenario.toml:18:11", "must name exactly two conditions");
  expect_rejected(overlap_text("[[overlap.figure]]\nall_of = [\"dv\"]\nsource = \"s\"\npercent = 1\n"
                               "[[overlap.odds_ratio]]\nbetween = [\"dv\", \"mh\"]\nvalue = 5\ninterval = [1, 4]\nwhy = \"w\""),
                  "scenario.toml:20:12", "value 5 is outside its interval [1, 4]");
}

TEST(LoadOverlapErrors, ASurveyNeedsEveryCell) {
  expect_rejected(overlap_text("[overlap.survey]\nsource = \"s\"\n[overlap.survey.cells]\nnone = 5\ndv = 1"),
                  "scenario.toml:15:1", "the count of cell \"mh\" is missing: give all 8");
  expect_rejected(overlap_text("[overlap.survey]\nsource = \"s\"\n[overlap.survey.cells]\nnone = 5\nd_v = 1"),
                  "scenario.toml:17:1", "unknown cell \"d_v\"");
}

TEST(LoadOverlapErrors, AWholeTableAssumptionExcludesFigureUncertainty) {
  expect_rejected(overlap_text("[overlap.assumed]\neffective_sample_size = 100\nwhy = \"w\"\n"
                               "[[overlap.figure]]\nall_of = [\"dv\"]\nsource = \"s\"\ncount = 5\nof = 100"),
                  "scenario.toml:16:1", "carries its own uncertainty");
}

TEST(LoadOverlapErrors, NoFigures) {
  expect_rejected(overlap_text(""), "scenario.toml:7:1", "no published figures");
}

TEST(LoadOverlapErrors, LabelsMustMatchConditions) {
  std::string text = overlap_text("[[overlap.figure]]\nall_of = [\"dv\"]\nsource = \"s\"\npercent = 1");
  text.replace(text.find("\"substance misuse\""), 18, "");
  text.replace(text.find("\"mental ill-health\", "), 21, "\"mental ill-health\"");
  expect_rejected(text, "scenario.toml:12:20", "2 labels for 3 conditions");
}

}  // namespace
}  // namespace prevalence::scenario
