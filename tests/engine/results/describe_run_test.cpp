// Tests engine/results/describe_run.cpp and uncertainty_text.cpp: a run's
// record made from its scenario and plan says what each output is, where its
// figure comes from and how its uncertainty was formed, in plan order; and
// the Monte Carlo's figures land where the record's layout says.

#include "engine/results/describe_run.hpp"

#include "engine/io/population_table.hpp"
#include "engine/io/sha256.hpp"
#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/scenario.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/two_area_population.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace prevalence::results {
namespace {

using testing::ElementsAre;

// A measure from a count x of n, then a two-condition overlap with an
// assumed odds ratio, over two areas listed out of code order.
constexpr const char* kScenario = R"(title = "Described"
description = "A pair and a count."
[population]
file = "population.csv"
year = 2019
[areas]
codes = ["E00000002", "E00000001"]
[run]
draws = 10
[[measure]]
id = "counted"
label = "counted x of n"
phrase = "counted once"
ages = "1-2"
sex = "female"
source = "Counts, 2019"
count = 1288
of = 169422
[[overlap]]
id = "pair"
label = "the pair"
ages = "0-2"
year = 2019
conditions = ["a", "b"]
condition_labels = ["condition A", "condition B"]
[[overlap.figure]]
all_of = ["a"]
source = "Survey A"
percent = 10
interval = [8, 12]
[[overlap.figure]]
all_of = ["b"]
source = "Survey B"
percent = 20
[[overlap.odds_ratio]]
between = ["a", "b"]
value = 2.5
interval = [1.5, 4]
why = "as elsewhere"
source = "Study C"
)";

class DescribeRun : public testing::Test {
 protected:
  DescribeRun() {
    dir_.write("population.csv", test::two_area_population());
    scenario_ = scenario::load_scenario(dir_.write("s.toml", kScenario));
    planned_ = scenario::build_plan(scenario_, io::PopulationTable::load(scenario_.population_files));
  }

  test::TempDir dir_;
  scenario::Scenario scenario_;
  scenario::ScenarioPlan planned_;
};

TEST_F(DescribeRun, RecordsTheRunAndItsInputs) {
  montecarlo::RunSettings settings;
  settings.draws = 10;
  settings.seed = 4;
  settings.intervals = {0.9, 0.5};
  const RunResults run = describe_run(scenario_, planned_, settings, {"prevalence run s.toml", 3, "1/2", true});
  EXPECT_EQ(run.title, "Described");
  EXPECT_EQ(run.description, "A pair and a count.");
  EXPECT_EQ(run.command_line, "prevalence run s.toml");
  EXPECT_EQ(run.threads, 3u);
  EXPECT_EQ(run.shard, "1/2");
  EXPECT_TRUE(run.draws_kept);
  EXPECT_EQ(run.seed, 4u);
  EXPECT_EQ(run.levels, (std::vector<double>{0.9, 0.5}));
  EXPECT_EQ(run.scenario_text, kScenario);
  ASSERT_EQ(run.inputs.size(), 2u);
  EXPECT_EQ(run.inputs[0].sha256, io::file_sha256(scenario_.path));
  EXPECT_EQ(run.inputs[1].path, scenario_.population_files.at(0));
  EXPECT_EQ(run.inputs[1].sha256, io::file_sha256(scenario_.population_files.at(0)));
  // Areas in the scenario's order, named from the population file.
  ASSERT_EQ(run.areas.size(), 2u);
  EXPECT_EQ(run.areas[0].code, "E00000002");
  EXPECT_EQ(run.areas[1].name, "Town, North");
  EXPECT_TRUE(run.mean.empty()) << "no figures before the Monte Carlo";
}

TEST_F(DescribeRun, SaysWhatEachOutputIsAndWhereItsFigureComesFrom) {
  const RunResults run = describe_run(scenario_, planned_, {}, {});
  // Groups in file order: the measure first, then the overlap.
  ASSERT_EQ(run.groups.size(), 2u);
  EXPECT_EQ(run.groups[0].id, "counted");
  EXPECT_FALSE(run.groups[0].is_overlap);
  EXPECT_EQ(run.groups[1].label, "the pair");
  EXPECT_THAT(run.groups[1].condition_labels, ElementsAre("condition A", "condition B"));

  std::vector<std::string> ids;
  for (const MeasureRecord& m : run.measures) ids.push_back(m.id);
  EXPECT_THAT(ids, ElementsAre("counted", "pair.a", "pair.b", "pair.any", "pair.both", "pair.a_only", "pair.b_only",
                               "pair.none"));
  EXPECT_EQ(run.measures.size(), planned_.plan.n_outputs());

  const MeasureRecord& counted = run.measures[0];
  EXPECT_EQ(counted.phrase, "counted once");
  EXPECT_EQ(counted.source, "Counts, 2019");
  EXPECT_EQ(counted.uncertainty, "1,288 of 169,422, Jeffreys Beta");
  EXPECT_EQ(counted.ages, "1-2");
  EXPECT_EQ(counted.sex, "female");
  EXPECT_EQ(counted.group_cells, 2);

  const MeasureRecord& a = run.measures[1];
  EXPECT_EQ(a.label, "condition A");
  EXPECT_EQ(a.phrase, "living with condition A");
  EXPECT_EQ(a.source, "Survey A");
  EXPECT_EQ(a.uncertainty, "published 95% interval 8 to 12%: two-piece Beta, median 10% and both ends matched exactly");
  EXPECT_EQ(a.group, "pair");
  EXPECT_EQ(a.group_cells, 4);
  EXPECT_FALSE(a.is_cell);
  EXPECT_EQ(run.measures[2].uncertainty, "point value, no uncertainty stated");

  // What nobody published is derived, and says how, odds ratio included.
  const MeasureRecord& both = run.measures[4];
  EXPECT_EQ(both.source,
            "Derived: the maximum-entropy joint table of the pair fitted in each draw to its 2 published figure(s), "
            "with the stated odds ratios.");
  EXPECT_EQ(both.uncertainty,
            "propagated from the published figures through the fitted table; assumed odds ratio 2.5 between "
            "condition A and condition B, 95% interval 1.5 to 4 (as elsewhere); Study C");
  EXPECT_FALSE(both.is_cell) << "all K is a headline figure, not an indented cell";
  EXPECT_TRUE(run.measures[5].is_cell);
  EXPECT_TRUE(run.measures[7].is_cell);
}

TEST_F(DescribeRun, PutsEachAreaAndLevelOfTheMonteCarlosFiguresInItsPlace) {
  montecarlo::RunSettings settings;
  settings.intervals = {0.9, 0.5};
  RunResults run = describe_run(scenario_, planned_, settings, {});
  const std::size_t n_outputs = planned_.plan.n_outputs();
  montecarlo::MonteCarloResults mc;
  mc.n_outputs = n_outputs;
  mc.n_levels = 2;
  for (std::size_t a = 0; a < 2; ++a)
    for (std::size_t o = 0; o < n_outputs; ++o) {
      const double x = 100.0 * static_cast<double>(a) + static_cast<double>(o);
      mc.summaries.push_back({x, x + 0.5, x - 2, x + 2, 0.01, 0.02, 0.03, 0.04});
      // The further level's ends, then their errors (summary::extra_values).
      for (double value : {x - 1, x + 1, 0.05, 0.06}) mc.extra_bounds.push_back(value);
    }
  mc.shares = {0.25};
  mc.moved_share = {0.0, 0.125};
  add_figures(run, planned_, mc);
  const std::size_t i = run.index(1, 3);  // area 2, pair.any
  EXPECT_EQ(run.mean[i], 103.0);
  EXPECT_EQ(run.median[i], 103.5);
  EXPECT_EQ(run.mcse[i], 0.01);
  EXPECT_EQ(run.lower[i * 2], 101.0) << "headline level first";
  EXPECT_EQ(run.upper[i * 2], 105.0);
  EXPECT_EQ(run.lower[i * 2 + 1], 102.0);
  EXPECT_EQ(run.upper[i * 2 + 1], 104.0);
  EXPECT_EQ(run.median_mcse[i], 0.02);
  EXPECT_EQ(run.lower_mcse[i * 2], 0.03);
  EXPECT_EQ(run.upper_mcse[i * 2], 0.04);
  EXPECT_EQ(run.lower_mcse[i * 2 + 1], 0.05);
  EXPECT_EQ(run.upper_mcse[i * 2 + 1], 0.06);
  // Denominators: the overlap's 0-2s, both sexes (600); the measure's girls aged 1-2 (200).
  EXPECT_EQ(run.denominator[i], 600.0);
  EXPECT_EQ(run.denominator[run.index(0, 0)], 200.0);
  EXPECT_EQ(run.shares, (std::vector<double>{0.25}));
  EXPECT_EQ(run.groups[1].moved_share, 0.125);
}

}  // namespace
}  // namespace prevalence::results
