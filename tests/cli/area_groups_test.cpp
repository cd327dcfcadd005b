// End-to-end tests of totals over areas ([[group]] and [groups]): a total's
// row follows its members' in every output; its figures come from the sums
// of its members' draws, so with one shared unknown its interval is the sum
// of theirs (comonotone quantiles add) and with independent ones it is
// narrower; in realised mode it is the sum of the members' realisations.

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
using testing::HasSubstr;

using test::CliResult;
using test::quoted;

class AreaGroupsCli : public testing::Test {
 protected:
  void SetUp() override {
    std::string text = "area_code,area_name,year,sex,age,count\n";
    int size = 100;
    for (const char* area : {"E00000001,North", "E00000002,South", "E00000003,West"}) {
      for (const char* sex : {"female", "male"})
        for (int age = 0; age <= 2; ++age) text += fmt::format("{},2019,{},{},{}\n", area, sex, age, size);
      size += 100;
    }
    scratch_.write("population.csv", text);
    scratch_.write("counts.csv", "code,x,n\nE00000001,50,1000\nE00000002,300,1000\nE00000003,120,1000\n");
  }

  // Three areas with their own count x of n, coupled as `across`, and a
  // group of the first two.
  fs::path scenario(const std::string& across, const std::string& mode = "expected") {
    return scratch_.write(
        "groups.toml",
        "title = \"Groups\"\n[population]\nfile = \"population.csv\"\nyear = 2019\n"
        "[areas]\ncodes = [\"E00000001\", \"E00000002\", \"E00000003\"]\n"
        "[[group]]\nid = \"north-and-south\"\nname = \"North and South\"\nmembers = [\"E00000001\", \"E00000002\"]\n"
        "[run]\ndraws = 4000\nseed = 11\nmode = \"" +
            mode +
            "\"\n"
            "[[area_figures]]\nid = \"c\"\nfile = \"counts.csv\"\ncode_column = \"code\"\n"
            "[[measure]]\nid = \"m\"\nlabel = \"a measure\"\nages = \"0-2\"\nsource = \"S\"\n"
            "count = { from = \"c\", column = \"x\" }\nof = { from = \"c\", column = \"n\" }\n"
            "across_areas = \"" +
            across + "\"\n");
  }

  results::RunResults run_and_read(const fs::path& scenario_path, const std::string& extra = "") {
    const fs::path out = dir_ / "out";
    const CliResult r = test::run_prevalence(
        "run " + quoted(scenario_path.string()) + " --quiet " + extra + " --out " + quoted(out.string()), dir_);
    EXPECT_EQ(r.status, 0) << r.err;
    return results::read_results_file((out / "results.h5").string());
  }

  test::TempDir scratch_;
  const fs::path dir_ = scratch_.path();
};

TEST_F(AreaGroupsCli, ATotalFollowsItsMembersAndAddsTheirCountsWithinEachDraw) {
  const results::RunResults r = run_and_read(scenario("shared"));
  ASSERT_EQ(r.areas.size(), 4u);
  EXPECT_EQ(r.areas[0].code, "E00000001");
  EXPECT_EQ(r.areas[1].code, "E00000002");
  EXPECT_EQ(r.areas[2].code, "north-and-south");
  EXPECT_EQ(r.areas[3].code, "E00000003");
  EXPECT_EQ(r.areas[2].members, (std::vector<std::string>{"E00000001", "E00000002"}));
  EXPECT_TRUE(r.areas[2].is_total());
  // Sums are in fixed point (a millionth of a person): means add to that.
  EXPECT_NEAR(r.mean[r.index(2, 0)], r.mean[r.index(0, 0)] + r.mean[r.index(1, 0)], 1e-4);
  EXPECT_EQ(r.denominator[r.index(2, 0)], 600 + 1200);
  // One shared unknown makes the members' counts comonotone, and quantiles
  // of comonotone variables add: the total's interval is the sum of theirs.
  EXPECT_NEAR(r.lower[r.index(2, 0)], r.lower[r.index(0, 0)] + r.lower[r.index(1, 0)], 1e-4);
  EXPECT_NEAR(r.upper[r.index(2, 0)], r.upper[r.index(0, 0)] + r.upper[r.index(1, 0)], 1e-4);
}

TEST_F(AreaGroupsCli, IndependentMembersGiveATotalNarrowerThanTheSumOfTheirIntervals) {
  const results::RunResults r = run_and_read(scenario("independent"));
  const double sum_of_widths =
      (r.upper[r.index(0, 0)] - r.lower[r.index(0, 0)]) + (r.upper[r.index(1, 0)] - r.lower[r.index(1, 0)]);
  const double width = r.upper[r.index(2, 0)] - r.lower[r.index(2, 0)];
  // Independent widths add in quadrature: sqrt(w1^2 + w2^2), here about 0.8
  // of their sum; 4,000 draws put each width within a few percent.
  const double w1 = r.upper[r.index(0, 0)] - r.lower[r.index(0, 0)],
               w2 = r.upper[r.index(1, 0)] - r.lower[r.index(1, 0)];
  EXPECT_LT(width, 0.9 * sum_of_widths);
  EXPECT_NEAR(width, std::hypot(w1, w2), 0.06 * std::hypot(w1, w2));
}

TEST_F(AreaGroupsCli, RealisedTotalsAreWholeSumsOfTheMembersRealisations) {
  const fs::path out = dir_ / "kept";
  const CliResult r = test::run_prevalence(
      "run " + quoted(scenario("independent", "realised").string()) + " --quiet --out " + quoted(out.string()), dir_);
  ASSERT_EQ(r.status, 0) << r.err;
  const results::RunResults run = results::read_results_file((out / "results.h5").string());
  EXPECT_NEAR(run.mean[run.index(2, 0)], run.mean[run.index(0, 0)] + run.mean[run.index(1, 0)], 1e-6);
  EXPECT_EQ(run.lower[run.index(2, 0)], std::round(run.lower[run.index(2, 0)]));
  // Every output names the total's row as one.
  EXPECT_THAT(test::slurp(out / "estimates.md"), HasSubstr("## North and South (north-and-south): total of 2 areas"));
}

TEST_F(AreaGroupsCli, AMemberThatIsNotAnAreaOfTheRunIsNamedWithTheNearest) {
  std::string text = test::slurp(scenario("shared"));
  text.replace(text.find("members = [\"E00000001\""), 22, "members = [\"E00000004\"");
  const fs::path s = scratch_.write("bad.toml", text);
  const CliResult r =
      test::run_prevalence("run " + quoted(s.string()) + " --out " + quoted((dir_ / "o").string()), dir_);
  EXPECT_EQ(r.status, cli::kBadInput);
  EXPECT_THAT(r.err, HasSubstr("bad.toml:10:12: group north-and-south: E00000004 is not one of the run's areas"));
  EXPECT_THAT(r.err, HasSubstr("nearest: E00000001"));
}

TEST_F(AreaGroupsCli, ALookupAtAnyLevelGivesOneTotalPerParent) {
  // An analyst's own lookup with a level the shipped one lacks (an
  // integrated care board, say): columns year, area_code, icb_code, icb_name.
  scratch_.write("icb.csv",
                 "year,area_code,icb_code,icb_name\n2019,E00000001,E54000001,\"Board one\"\n"
                 "2019,E00000002,E54000001,\"Board one\"\n2019,E00000003,E54000002,\"Board two\"\n");
  const fs::path path = scratch_.write(
      "icb.toml",
      "title = \"Boards\"\n[population]\nfile = \"population.csv\"\nyear = 2019\n"
      "[areas]\ncodes = [\"E00000001\", \"E00000002\", \"E00000003\"]\n"
      "[groups]\nlookup = \"icb.csv\"\nlevels = [\"icb\"]\n[run]\ndraws = 500\n"
      "[[measure]]\nid = \"m\"\nlabel = \"a measure\"\nages = \"0-2\"\nsource = \"S\"\npercent = 10\n");
  const results::RunResults r = run_and_read(path);
  // Rows: each board after its members. Board two has one member, West,
  // and is still a row of its own: it is another area than West.
  ASSERT_EQ(r.areas.size(), 5u);
  EXPECT_EQ(r.areas[2].code, "E54000001");
  EXPECT_EQ(r.areas[2].name, "Board one");
  EXPECT_EQ(r.areas[2].members, (std::vector<std::string>{"E00000001", "E00000002"}));
  EXPECT_EQ(r.denominator[2], r.denominator[0] + r.denominator[1]);
  EXPECT_EQ(r.areas[4].code, "E54000002");
}

TEST_F(AreaGroupsCli, ARunWithTotalsCannotBeSharded) {
  const CliResult r = test::run_prevalence(
      "run " + quoted(scenario("shared").string()) + " --areas-shard 1/2 --out " + quoted((dir_ / "o").string()), dir_);
  EXPECT_EQ(r.status, cli::kBadInput) << r.err;
  EXPECT_THAT(r.err, HasSubstr("their areas must run together"));
}

}  // namespace
}  // namespace prevalence
