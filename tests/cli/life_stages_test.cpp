// End-to-end tests of life stages (bands) and ages: bands share their
// measure's draws, so in every draw they add up as their ages do (nested
// bands too); a figure applied to other ages than it was published for needs
// the scenario's reason, which every output then prints; a head-count needs
// no rate.

#include "engine/cli/exit_code.hpp"
#include "engine/results/results_file.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using test::CliResult;
using test::quoted;
using testing::HasSubstr;

class LifeStagesCli : public testing::Test {
 protected:
  void SetUp() override {
    // One area, ages 0 to 25, (10 + age) people at each age and sex.
    std::string text = "area_code,area_name,year,sex,age,count\n";
    for (const char* sex : {"female", "male"})
      for (int age = 0; age <= 25; ++age) text += fmt::format("E00000001,Town,2019,{},{},{}\n", sex, age, 10 + age);
    scratch_.write("population.csv", text);
  }

  fs::path scenario(const std::string& measure, const std::string& mode = "expected") {
    return scratch_.write("stages.toml",
                          "title = \"Stages\"\n[population]\nfile = \"population.csv\"\nyear = 2019\n"
                          "[areas]\ncodes = [\"E00000001\"]\n[run]\ndraws = 3000\nseed = 5\nmode = \"" +
                              mode + "\"\n[[measure]]\nid = \"m\"\nlabel = \"a measure\"\n" + measure);
  }

  CliResult run(const fs::path& s) {
    return test::run_prevalence("run " + quoted(s.string()) + " --quiet --out " + quoted((dir_ / "out").string()),
                                dir_);
  }

  results::RunResults run_and_read(const fs::path& s) {
    const CliResult r = run(s);
    EXPECT_EQ(r.status, 0) << r.err;
    return results::read_results_file((dir_ / "out" / "results.h5").string());
  }

  test::TempDir scratch_;
  const fs::path dir_ = scratch_.path();
};

// People aged from..to in the fixture: both sexes, 10 + age each.
double people(int from, int to) {
  double n = 0;
  for (int age = from; age <= to; ++age) n += 2 * (10 + age);
  return n;
}

TEST_F(LifeStagesCli, BandsShareTheWholesDrawsSoTheyAddUpInEveryDraw) {
  const results::RunResults r =
      run_and_read(scenario("ages = \"0-17\"\nbands = [\"0\", \"0-4\", \"5-10\", \"11-17\"]\nsource = \"S\"\n"
                            "percent = 10\ninterval = [7, 13]\n"));
  ASSERT_EQ(r.measures.size(), 5u);
  EXPECT_EQ(r.measures[1].id, "m.ages_0");
  EXPECT_EQ(r.measures[2].ages, "0-4");
  EXPECT_EQ(r.denominator[2], people(0, 4));
  // Expected mode: each band's draw is its share of the whole's, so every
  // summary is the whole's scaled by the band's people.
  for (std::size_t m = 1; m < 5; ++m) {
    const double scale = r.denominator[m] / r.denominator[0];
    EXPECT_NEAR(r.lower[m], r.lower[0] * scale, 1e-9 * r.lower[0]) << m;
    EXPECT_NEAR(r.upper[m], r.upper[0] * scale, 1e-9 * r.upper[0]) << m;
  }
  EXPECT_NEAR(r.mean[2] + r.mean[3] + r.mean[4], r.mean[0], 1e-9 * r.mean[0]);
}

TEST_F(LifeStagesCli, RealisedBandsAreWholeNumbersThatAddUpToTheWhole) {
  const results::RunResults r = run_and_read(
      scenario("ages = \"0-17\"\nbands = [\"0-4\", \"5-10\", \"11-17\"]\nsource = \"S\"\npercent = 10\n", "realised"));
  // The bands partition the whole in every draw, so their means add up to
  // the whole's (up to the rounding of three sums of 3,000 whole numbers).
  EXPECT_NEAR(r.mean[1] + r.mean[2] + r.mean[3], r.mean[0], 1e-9 * r.mean[0]);
  EXPECT_EQ(r.lower[1], std::round(r.lower[1]));
  // Binomial in each band: mean 10 % of its people, within 4 standard errors.
  EXPECT_NEAR(r.mean[1], 0.1 * people(0, 4), 4 * r.mcse[1]);
}

TEST_F(LifeStagesCli, AFigureForOtherAgesNeedsAReasonWhichOutputsPrint) {
  const fs::path refused = scenario("ages = \"19-25\"\nfigure_ages = \"0-17\"\nsource = \"S\"\npercent = 10\n");
  const CliResult r = run(refused);
  EXPECT_EQ(r.status, cli::kBadInput);
  EXPECT_THAT(r.err, HasSubstr("the figure was published for ages 0-17 but is applied to 19-25"));
  const results::RunResults ok =
      run_and_read(scenario("ages = \"19-25\"\nfigure_ages = \"0-17\"\napplies_to_other_ages = \"care leavers' rates "
                            "follow the children's\"\n"
                            "source = \"S\"\npercent = 10\n"));
  EXPECT_THAT(ok.measures[0].uncertainty,
              HasSubstr("published for ages 0-17, applied to 19-25: care leavers' rates follow the children's"));
}

TEST_F(LifeStagesCli, AHeadCountNeedsNoRate) {
  const results::RunResults r = run_and_read(scenario("ages = \"0\"\npopulation_only = true\n"));
  EXPECT_EQ(r.mean[0], people(0, 0));
  EXPECT_EQ(r.lower[0], people(0, 0));
  EXPECT_EQ(r.measures[0].ages, "0");
  EXPECT_THAT(r.measures[0].uncertainty, HasSubstr("a head-count"));
}

TEST_F(LifeStagesCli, ABandOutsideTheAgesIsRefused) {
  const CliResult r = run(scenario("ages = \"0-17\"\nbands = [\"16-19\"]\nsource = \"S\"\npercent = 10\n"));
  EXPECT_EQ(r.status, cli::kBadInput);
  EXPECT_THAT(r.err, HasSubstr("stages.toml:15:10: measure[1].bands: band 16-19 is outside the ages 0-17"));
}

TEST_F(LifeStagesCli, ABandWithFiguresOfItsOwnDrawsThemAndTheWholeAddsUpItsPieces) {
  const results::RunResults r = run_and_read(
      scenario("ages = \"0-17\"\nbands = [\"0-9\", \"10-15\", \"16-17\"]\nsource = \"Whole\"\npercent = 10\n"
               "[[measure.band]]\nages = \"10-15\"\nsource = \"Band\"\npercent = 20\n"));
  ASSERT_EQ(r.measures.size(), 4u);
  // Point figures: expected counts are exact.
  EXPECT_NEAR(r.mean[2], 0.2 * people(10, 15), 1e-9 * r.mean[2]);
  EXPECT_NEAR(r.mean[1], 0.1 * people(0, 9), 1e-9 * r.mean[1]);
  EXPECT_NEAR(r.mean[0], 0.1 * people(0, 9) + 0.2 * people(10, 15) + 0.1 * people(16, 17), 1e-9 * r.mean[0]);
  EXPECT_EQ(r.measures[0].source, "ages 0-9, 16-17: Whole; ages 10-15: Band");
  EXPECT_EQ(r.measures[2].source, "Band");
  EXPECT_EQ(r.measures[3].source, "Whole");
}

TEST_F(LifeStagesCli, AnOverlapBandsOwnFiguresAreCheckedAndReconciledOnTheirOwn) {
  auto overlap = [](const char* reconcile) {
    return std::string(
               "ages = \"0-17\"\nsource = \"S\"\npercent = 1\n"
               "[[overlap]]\nid = \"pair\"\nlabel = \"the pair\"\nages = \"0-17\"\nbands = [\"10-15\"]\n"
               "conditions = [\"a\", \"b\"]\ncondition_labels = [\"A\", \"B\"]\n"
               "[[overlap.figure]]\nall_of = [\"a\"]\nsource = \"W\"\npercent = 10\n"
               "[[overlap.figure]]\nall_of = [\"b\"]\nsource = \"W\"\npercent = 20\n"
               "[[overlap.band]]\nages = \"10-15\"\n") +
           reconcile +
           "[[overlap.band.figure]]\nall_of = [\"a\"]\nsource = \"B\"\npercent = 10\n"
           "[[overlap.band.figure]]\nany_of = [\"a\", \"b\"]\nsource = \"B\"\npercent = 8\n";
  };
  // "Any" below one condition's own prevalence cannot hold: refused, naming the band.
  const CliResult refused = run(scenario(overlap("")));
  EXPECT_EQ(refused.status, cli::kBadInput);
  EXPECT_THAT(refused.err, HasSubstr("overlap pair.ages_10-15: the published figures cannot all hold"));
  // Reconciled: the band's outputs carry the published and fitted values.
  const results::RunResults r = run_and_read(scenario(overlap("reconcile = true\n")));
  auto index_of = [&](const std::string& id) {
    for (std::size_t m = 0; m < r.measures.size(); ++m)
      if (r.measures[m].id == id) return m;
    ADD_FAILURE() << "no output " << id;
    return std::size_t{0};
  };
  EXPECT_EQ(r.published.at(index_of("pair.any.ages_10-15")), 0.08);
  // Fitted, "any" is at least "a": the figures then hold together.
  EXPECT_GT(r.fitted.at(index_of("pair.any.ages_10-15")), 0.08);
  EXPECT_GE(r.fitted.at(index_of("pair.any.ages_10-15")), r.fitted.at(index_of("pair.a.ages_10-15")) - 1e-12);
  EXPECT_TRUE(std::isnan(r.published.at(index_of("pair.any"))));  // the whole's, drawn from two tables
}

TEST_F(LifeStagesCli, BandFiguresForABandNotListedOrOverlappingAnotherAreRefused) {
  struct Case {
    std::string measure, message;
  };
  const Case cases[] = {
      {"ages = \"0-17\"\nbands = [\"0-9\"]\nsource = \"S\"\npercent = 10\n[[measure.band]]\nages = \"10-15\"\n"
       "source = \"B\"\npercent = 20\n",
       "stages.toml:19:8: measure[1].band[1].ages: 10-15 is not one of the bands (0-9)"},
      {"ages = \"0-17\"\nbands = [\"0-9\", \"5-15\"]\nsource = \"S\"\npercent = 10\n[[measure.band]]\n"
       "ages = \"0-9\"\nsource = \"B\"\npercent = 20\n[[measure.band]]\nages = \"5-15\"\nsource = \"C\"\n"
       "percent = 30\n",
       "bands 0-9 and 5-15 both have figures of their own and overlap without one lying within the other: ages "
       "5-9 would have two"},
      {"ages = \"0-17\"\nbands = [\"0-9\"]\nsource = \"S\"\npercent = 10\n[[measure.band]]\nages = \"0-9\"\n"
       "source = \"B\"\npercent = 20\n[[measure.band]]\nages = \"0-9\"\nsource = \"C\"\npercent = 30\n",
       "band 0-9 already has figures of its own"},
  };
  for (const Case& c : cases) {
    const CliResult r = run(scenario(c.measure));
    EXPECT_EQ(r.status, cli::kBadInput) << c.measure;
    EXPECT_THAT(r.err, HasSubstr(c.message));
  }
}

}  // namespace
}  // namespace prevalence
