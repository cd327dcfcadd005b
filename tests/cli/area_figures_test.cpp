// End-to-end tests of figures that vary by area ([[area_figures]]): each
// area gets its own row's figure, joined by code or by name through a
// lookup; a join that misses names every unmatched area and the nearest
// rows; a cell that is not a number is refused at its line; and `check`
// lists every area whose figures cannot all hold, by the rule broken.

#include "engine/cli/exit_code.hpp"
#include "engine/results/results_file.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

using test::CliResult;
using test::quoted;

class AreaFiguresCli : public testing::Test {
 protected:
  void SetUp() override {
    // Three areas, 100 people at each age 0 to 2 and sex: 600 aged 0-2.
    std::string text = "area_code,area_name,year,sex,age,count\n";
    for (const char* area : {"E00000001,\"Town, North\"", "E00000002,South", "E00000003,Westfield"})
      for (const char* sex : {"female", "male"})
        for (int age = 0; age <= 2; ++age) text += fmt::format("{},2019,{},{},100\n", area, sex, age);
    scratch_.write("population.csv", text);
  }

  CliResult run(const std::string& args) { return test::run_prevalence(args, dir_); }

  fs::path write(const std::string& name, const std::string& text) { return scratch_.write(name, text); }

  // A scenario over `codes` with one measure whose figure is `figure`, and
  // `tables` ([[area_figures]] declarations) before it.
  fs::path scenario(const std::string& tables, const std::string& figure,
                    const std::string& codes = R"("E00000001", "E00000002")") {
    return write("scenario.toml",
                 "title = \"Per area\"\n"
                 "[population]\nfile = \"population.csv\"\nyear = 2019\n"
                 "[areas]\ncodes = [" +
                     codes +
                     "]\n"
                     "[run]\ndraws = 2000\nseed = 3\n" +
                     tables + "[[measure]]\nid = \"m\"\nlabel = \"a measure\"\nages = \"0-2\"\nsource = \"S\"\n" +
                     figure);
  }

  results::RunResults run_and_read(const fs::path& scenario_path) {
    const fs::path out = dir_ / "out";
    const CliResult r = run("run " + quoted(scenario_path.string()) + " --quiet --out " + quoted(out.string()));
    EXPECT_EQ(r.status, 0) << r.err;
    return results::read_results_file((out / "results.h5").string());
  }

  void expect_rejected(const fs::path& scenario_path, const std::string& where, const std::string& problem) {
    const fs::path out = dir_ / "rejected";
    const CliResult r = run("run " + quoted(scenario_path.string()) + " --out " + quoted(out.string()));
    EXPECT_EQ(r.status, cli::kBadInput) << r.err;
    EXPECT_THAT(r.err, HasSubstr(where));
    EXPECT_THAT(r.err, HasSubstr(problem));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(out / "results.h5"));
  }

  test::TempDir scratch_;
  const fs::path dir_ = scratch_.path();
};

constexpr const char* kByCode =
    "[[area_figures]]\nid = \"rates\"\nfile = \"rates.csv\"\ncode_column = \"code\"\n"
    "[area_figures.columns]\npct = \"Rate (%)\"\n";

TEST_F(AreaFiguresCli, EachAreaGetsItsOwnRowsFigure) {
  write("rates.csv", "code,\"Rate (%)\",other\nE00000002,30,x\nE00000001,10,y\nE09999999,50,z\n");
  const results::RunResults r = run_and_read(scenario(kByCode, "percent = { from = \"rates\", column = \"pct\" }\n"));
  ASSERT_EQ(r.areas.size(), 2u);
  // Point figures: every draw is the figure times the 600 children exactly.
  EXPECT_DOUBLE_EQ(r.mean[r.index(0, 0)], 60.0);
  EXPECT_DOUBLE_EQ(r.mean[r.index(1, 0)], 180.0);
  EXPECT_THAT(r.measures[0].uncertainty, HasSubstr("each area's own point value (from area_figures rates)"));
}

TEST_F(AreaFiguresCli, JoinsNamesThroughALookup) {
  write("rates.csv", "Area,Rate\nSouth,30\n\"Town, North\",10\n");
  write("lookup.csv", "name,code\n\"Town, North\",E00000001\nSouth,E00000002\n");
  const results::RunResults r =
      run_and_read(scenario("[[area_figures]]\nid = \"rates\"\nfile = \"rates.csv\"\nname_column = "
                            "\"Area\"\nnames_to_codes = \"lookup.csv\"\n",
                            "percent = { from = \"rates\", column = \"Rate\" }\n"));
  EXPECT_DOUBLE_EQ(r.mean[r.index(0, 0)], 60.0);
  EXPECT_DOUBLE_EQ(r.mean[r.index(1, 0)], 180.0);
}

TEST_F(AreaFiguresCli, CountsPerAreaAreIndependentByDefaultAndSaySo) {
  write("counts.csv", "code,x,n\nE00000001,50,1000\nE00000002,300,1000\n");
  const results::RunResults r =
      run_and_read(scenario("[[area_figures]]\nid = \"c\"\nfile = \"counts.csv\"\ncode_column = \"code\"\n",
                            "count = { from = \"c\", column = \"x\" }\nof = { from = \"c\", column = \"n\" }\n"));
  // Jeffreys Beta(x + 1/2, n - x + 1/2): mean (x + 1/2) / (n + 1), times 600;
  // 2,000 draws put the Monte Carlo mean within 4 standard errors.
  EXPECT_NEAR(r.mean[r.index(0, 0)], 600 * 50.5 / 1001, 4 * r.mcse[r.index(0, 0)]);
  EXPECT_NEAR(r.mean[r.index(1, 0)], 600 * 300.5 / 1001, 4 * r.mcse[r.index(1, 0)]);
  EXPECT_THAT(r.measures[0].uncertainty, HasSubstr("independent between areas"));
}

TEST_F(AreaFiguresCli, ShardsOfARunWithFiguresByAreaMergeIntoTheWholeRun) {
  write("counts.csv", "code,x,n\nE00000001,50,1000\nE00000002,300,1000\nE00000003,120,1000\n");
  const fs::path s =
      scenario("[[area_figures]]\nid = \"c\"\nfile = \"counts.csv\"\ncode_column = \"code\"\n",
               "count = { from = \"c\", column = \"x\" }\nof = { from = \"c\", column = \"n\" }\n",
               R"("E00000001", "E00000002", "E00000003")");
  ASSERT_EQ(run("run " + quoted(s.string()) + " --quiet --out " + quoted((dir_ / "whole").string())).status, 0);
  for (const char* k : {"1", "2"})
    ASSERT_EQ(run("run " + quoted(s.string()) + " --areas-shard " + k + "/2 --quiet --out " +
                  quoted((dir_ / "shards" / k).string()))
                  .status,
              0);
  const CliResult merge = run("merge " + quoted(s.string()) + " " + quoted((dir_ / "shards/1").string()) + " " +
                              quoted((dir_ / "shards/2").string()) + " --quiet --out " +
                              quoted((dir_ / "merged").string()));
  ASSERT_EQ(merge.status, 0) << merge.err;
  EXPECT_EQ(test::slurp(dir_ / "merged/estimates.csv"), test::slurp(dir_ / "whole/estimates.csv"));
}

TEST_F(AreaFiguresCli, AMissingRowNamesEveryUnmatchedAreaAndTheNearestRows) {
  write("rates.csv", "code,\"Rate (%)\"\nE00000001,10\nE00000004,20\n");
  expect_rejected(scenario(kByCode, "percent = { from = \"rates\", column = \"pct\" }\n",
                           R"("E00000001", "E00000002", "E00000003")"),
                  "scenario.toml:", "2 of the run's 3 areas have no row in area_figures rates");
  const CliResult r =
      run("run " + quoted((dir_ / "scenario.toml").string()) + " --out " + quoted((dir_ / "o").string()));
  EXPECT_THAT(r.err, HasSubstr("E00000002 South (nearest: E00000001; E00000004)"));
  EXPECT_THAT(r.err, HasSubstr("E00000003 Westfield"));
  EXPECT_THAT(r.err, HasSubstr("an area is never given another's figure"));
}

TEST_F(AreaFiguresCli, ANameTheLookupLacksIsNamedWithTheNearest) {
  write("rates.csv", "Area,Rate\nSouth,30\nTown North,10\n");
  write("lookup.csv", "name,code\n\"Town, North\",E00000001\nSouth,E00000002\n");
  expect_rejected(scenario("[[area_figures]]\nid = \"rates\"\nfile = \"rates.csv\"\nname_column = \"Area\"\n"
                           "names_to_codes = \"lookup.csv\"\n",
                           "percent = { from = \"rates\", column = \"Rate\" }\n"),
                  "scenario.toml:10:1", "\"Town North\" (line 3; nearest: \"Town, North\")");
}

TEST_F(AreaFiguresCli, ACellThatIsNotANumberIsRefusedAtItsLine) {
  write("rates.csv", "code,\"Rate (%)\"\nE00000001,10\nE00000002,[c]\n");
  expect_rejected(scenario(kByCode, "percent = { from = \"rates\", column = \"pct\" }\n"), "rates.csv:3",
                  "measure m in E00000002 South: column \"Rate (%)\" holds \"[c]\", not a number");
}

TEST_F(AreaFiguresCli, AnAreasImpossibleFigureIsRefusedAtItsRow) {
  write("rates.csv", "code,\"Rate (%)\"\nE00000001,10\nE00000002,130\n");
  expect_rejected(scenario(kByCode, "percent = { from = \"rates\", column = \"pct\" }\n"), "rates.csv:3",
                  "measure m in E00000002 South: value 130% is outside [0, 100%]");
}

TEST_F(AreaFiguresCli, AColumnTheFileLacksIsNamedWithTheNearest) {
  write("rates.csv", "code,\"Rate (%)\"\nE00000001,10\nE00000002,20\n");
  expect_rejected(scenario(kByCode, "percent = { from = \"rates\", column = \"Rate %\" }\n"), "rates.csv:1",
                  "the header has no column \"Rate %\" (nearest: \"Rate (%)\")");
}

TEST_F(AreaFiguresCli, CheckListsEveryIncoherentAreaByTheRuleBroken) {
  write("trio.csv", "code,any,a,b\nE00000001,13,10,5\nE00000002,8,10,5\nE00000003,30,12,40\n");
  const fs::path s = write(
      "trio.toml",
      "title = \"Per area\"\n[population]\nfile = \"population.csv\"\nyear = 2019\n"
      "[areas]\ncodes = [\"E00000001\", \"E00000002\", \"E00000003\"]\n"
      "[[area_figures]]\nid = \"t\"\nfile = \"trio.csv\"\ncode_column = \"code\"\n"
      "[[overlap]]\nid = \"pair\"\nlabel = \"the pair\"\nages = \"0-2\"\nconditions = [\"a\", \"b\"]\n"
      "condition_labels = [\"A\", \"B\"]\n"
      "[[overlap.figure]]\nany_of = [\"a\", \"b\"]\nsource = \"S\"\npercent = { from = \"t\", column = \"any\" }\n"
      "[[overlap.figure]]\nall_of = [\"a\"]\nsource = \"S\"\npercent = { from = \"t\", column = \"a\" }\n"
      "[[overlap.figure]]\nall_of = [\"b\"]\nsource = \"S\"\npercent = { from = \"t\", column = \"b\" }\n");
  const CliResult check = run("check " + quoted(s.string()));
  EXPECT_EQ(check.status, cli::kBadInput) << check.out << check.err;
  EXPECT_THAT(check.out, HasSubstr("3 area(s) checked, 1 coherent, 2 incoherent"));
  EXPECT_THAT(check.out, HasSubstr("A cannot be above any of the pair (1 area): E00000002 South"));
  EXPECT_THAT(check.out, HasSubstr("B cannot be above any of the pair (1 area): E00000003 Westfield"));
  // run refuses, naming the areas and pointing to check.
  expect_rejected(s, "trio.toml:", "cannot all hold in 2 of the 3 areas whose figures the run uses (E00000002 South: ");
}

}  // namespace
}  // namespace prevalence
