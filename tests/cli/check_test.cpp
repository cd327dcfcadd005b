// End-to-end tests of `prevalence check`: coherent scenarios pass and show the
// table their figures imply; incoherent ones exit 2 and say which figures
// conflict, by how much, and the smallest change that makes them possible.

#include "tests/support/cli.hpp"
#include "tests/support/leeds_scenario.hpp"
#include "tests/support/temp_dir.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

using test::CliResult;
using test::quoted;

class CheckCli : public testing::Test {
 protected:
  CliResult check(const std::string& args) { return test::run_prevalence("check " + args, dir_); }

  test::TempDir scratch_;
  const fs::path dir_ = scratch_.path();
};

TEST_F(CheckCli, ExplainsTheShippedIncoherentExample) {
  const CliResult r = check(quoted((kSource / "config/leeds-2020-incoherent.toml").string()));
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("Incoherent: no joint table reproduces all 7 figures."));
  // The Children's Commissioner's Leeds figures: exactly two 4.705 % + all
  // three 1.186 % = 5.891 %, against two or more 6.021 % (data/rates/SOURCES.md).
  EXPECT_THAT(r.out, HasSubstr("should equal exactly two of the toxic trio"));
  EXPECT_THAT(r.out, HasSubstr("they differ by at least 0.13 points"));
  EXPECT_THAT(r.out, HasSubstr("The smallest change that makes them possible:"));
  EXPECT_THAT(r.out, HasSubstr("Not run"));
}

TEST_F(CheckCli, PassesTheDefaultScenarioAndShowsTheImpliedTable) {
  const CliResult r = check(quoted(test::leeds_scenario_on_extract(scratch_)));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("Coherent: some joint table reproduces every figure."));
  EXPECT_THAT(r.out, HasSubstr("dv + mh + sm"));
  EXPECT_THAT(r.out, HasSubstr("Valid: 1 area(s), 16 output(s) per area"));
}

TEST_F(CheckCli, RoundingTurnsAFalseConflictIntoACoherentSet) {
  // Two or more 6.0 % against exactly two 4.7 % + all three 1.2 % = 5.9 %:
  // a conflict of 0.1 points at face value, none if each was rounded to
  // 0.1 (each then stands for +- 0.05).
  std::ofstream(dir_ / "population.csv") << "area_code,area_name,year,sex,age,count\nA,A,2019,persons,0+,100\n";
  auto scenario = [&](const std::string& rounding) {
    std::string text =
        "title = \"t\"\n[population]\nfile = \"population.csv\"\nyear = 2019\n[areas]\ncodes = [\"A\"]\n"
        "[[overlap]]\nid = \"trio\"\nlabel = \"the trio\"\nages = \"0+\"\nconditions = [\"a\", \"b\", \"c\"]\n"
        "condition_labels = [\"a\", \"b\", \"c\"]\n";
    for (const auto& [selector, value] : {std::pair{"exactly = 2", "4.7"}, {"at_least = 2", "6.0"},
                                          {"all_of = [\"a\", \"b\", \"c\"]", "1.2"}})
      text += fmt::format("[[overlap.figure]]\n{}\nsource = \"s\"\npercent = {}\n{}", selector, value, rounding);
    const fs::path path = dir_ / "s.toml";
    std::ofstream(path) << text;
    return quoted(path.string());
  };
  EXPECT_EQ(check(scenario("")).status, 2);
  const CliResult rounded = check(scenario("rounded = 0.1\n"));
  EXPECT_EQ(rounded.status, 0) << rounded.out << rounded.err;
  EXPECT_THAT(rounded.out, HasSubstr("(within its stated rounding)"));
}

TEST_F(CheckCli, ReconcilesABandsOwnFiguresOnTheirOwnAsTheConfigReadmeShows) {
  // ONS's six figures for children aged 10-15 (data/rates/SOURCES.md) as the
  // 10-15 band of a 0-17 overlap: the other five imply "any" of exactly
  // 19.8 %, against 19.3 % published.
  std::string population = "area_code,area_name,year,sex,age,count\n";
  for (int age = 0; age <= 17; ++age) population += fmt::format("A,A,2019,persons,{},100\n", age);
  std::ofstream(dir_ / "population.csv") << population;
  std::string text =
      "title = \"t\"\n[population]\nfile = \"population.csv\"\nyear = 2019\n[areas]\ncodes = [\"A\"]\n"
      "[[overlap]]\nid = \"trio\"\nlabel = \"the toxic trio\"\nages = \"0-17\"\n"
      "bands = [\"0-9\", \"10-15\", \"16-17\"]\n"
      "conditions = [\"dv\", \"mh\", \"sm\"]\ncondition_labels = [\"dv\", \"mh\", \"sm\"]\n"
      "[[overlap.figure]]\nall_of = [\"dv\"]\nsource = \"s\"\npercent = 7.39\n"
      "[[overlap.band]]\nages = \"10-15\"\nreconcile = true\n"
      "[overlap.band.assumed]\neffective_sample_size = 3000\nwhy = \"w\"\n";
  for (const auto& [selector, value] :
       {std::pair{"any_of = [\"dv\", \"mh\", \"sm\"]", "19.3"}, {"exactly = 2", "2.2"},
        {"all_of = [\"dv\", \"mh\", \"sm\"]", "0.2"}, {"all_of = [\"dv\"]", "7.1"}, {"all_of = [\"mh\"]", "4.8"},
        {"all_of = [\"sm\"]", "10.5"}})
    text += fmt::format("[[overlap.band.figure]]\n{}\nsource = \"ONS\"\npercent = {}\n", selector, value);
  std::ofstream(dir_ / "s.toml") << text;
  const CliResult r = check(quoted((dir_ / "s.toml").string()));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("overlap trio.ages_10-15 (the toxic trio, band 10-15 with figures of its own)"));
  // The fitted values config/README.md quotes.
  for (const char* fitted : {"published    19.30%  fitted    19.50%", "published     2.20%  fitted     2.23%",
                             "published     0.20%  fitted     0.21%", "published     7.10%  fitted     7.02%",
                             "published     4.80%  fitted     4.74%", "published    10.50%  fitted    10.38%"})
    EXPECT_THAT(r.out, HasSubstr(fitted));
}

TEST_F(CheckCli, AnswersHelp) {
  const CliResult r = check("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("Usage: prevalence check SCENARIO.toml"));
  EXPECT_THAT(r.out, HasSubstr("Example"));
  EXPECT_THAT(r.out, HasSubstr("Exit status"));
}

TEST_F(CheckCli, RejectsAMissingScenario) {
  const CliResult r = check(quoted((dir_ / "missing.toml").string()));
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("missing.toml: cannot open the scenario file"));
}

}  // namespace
}  // namespace prevalence
