// Tests of scripts/slurm-array.sh without a cluster: a stand-in sbatch on
// PATH runs each job at once (every array task in turn, with the variables
// Slurm would set), so the script's commands are run for real and their
// merged result compared with an unsharded run.

#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;
using test::CliResult;
using test::slurp;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

// Runs one array task per index of --array=A-B with SLURM_ARRAY_TASK_ID and
// SLURM_CPUS_PER_TASK set, or a single job whose dependency must be on the
// array; output goes to --output (with %a expanded). Each call is logged.
constexpr const char* kFakeSbatch = R"(#!/usr/bin/env bash
set -euo pipefail
printf '%s\n' "$*" >> "$FAKE_SBATCH_LOG"
array="" wrap="" cpus=1 dependency="" output=""
while (($#)); do
  case "$1" in
    --array) array=$2; shift ;;
    --wrap) wrap=$2; shift ;;
    --cpus-per-task) cpus=$2; shift ;;
    --dependency) dependency=$2; shift ;;
    --output) output=$2; shift ;;
    --job-name) shift ;;
  esac
  shift
done
if [[ -n $array ]]; then
  range=${array%%\%*}
  for ((k = ${range%-*}; k <= ${range#*-}; k++)); do
    SLURM_ARRAY_TASK_ID=$k SLURM_CPUS_PER_TASK=$cpus sh -c "$wrap" > "${output//%a/$k}" 2>&1
  done
  echo "4242;cluster"
else
  [[ $dependency == afterok:4242 ]] || { echo "fake sbatch: dependency $dependency" >&2; exit 1; }
  sh -c "$wrap" > "$output" 2>&1
  echo 4243
fi
)";

class SlurmArray : public testing::Test {
 protected:
  void SetUp() override {
    dir_.write("bin/sbatch", kFakeSbatch);
    fs::permissions(dir_.path("bin/sbatch"), fs::perms::owner_all);
    std::string population = "area_code,area_name,year,sex,age,count\n";
    for (int area = 1; area <= 5; ++area)
      for (int age = 0; age <= 2; ++age)
        population += fmt::format("E0000000{},Area {},2019,persons,{},{}\n", area, area,
                                  age == 2 ? "2+" : std::to_string(age), 1000 * area + age);
    dir_.write("population.csv", population);
    // A space in the path: the script must quote for sbatch and for sh.
    scenario_ = dir_.write("my scenarios/s.toml",
                           "title = \"Slurm\"\n[population]\nfile = \"../population.csv\"\nyear = 2019\n"
                           "[areas]\nall = true\n[run]\ndraws = 300\nseed = 3\n"
                           "[[measure]]\nid = \"m\"\nlabel = \"a measure\"\nages = \"0-1\"\nsource = \"s\"\n"
                           "percent = 10\ninterval = [8, 12]\n");
  }

  // Runs the script with the stand-in sbatch first on PATH.
  CliResult script(const std::string& args) {
    std::string command = fmt::format("PATH={}:\"$PATH\" FAKE_SBATCH_LOG={} bash {} --prevalence {} {}",
                                      test::quoted(dir_.path("bin")), test::quoted(dir_.path("sbatch.log")),
                                      test::quoted((kSource / "scripts/slurm-array.sh").string()),
                                      test::quoted(PREVALENCE_BINARY), args);
    command += fmt::format(" >{} 2>{}", test::quoted(dir_.path("stdout.txt")), test::quoted(dir_.path("stderr.txt")));
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir_.path("stdout.txt")), slurp(dir_.path("stderr.txt"))};
  }

  std::string unsharded_csv(const std::string& options) {
    const std::string out = dir_.path("whole");
    const CliResult r = test::run_prevalence(
        fmt::format("run {} --quiet {} --out {}", test::quoted(scenario_), options, test::quoted(out)), dir_.path());
    EXPECT_EQ(r.status, 0) << r.err;
    return slurp(fs::path(out) / "estimates.csv");
  }

  test::TempDir dir_;
  std::string scenario_;
};

TEST_F(SlurmArray, SubmitsOneTaskPerShardThenTheMerge) {
  const std::string out = dir_.path("results dir");
  const CliResult r = script(fmt::format("--cpus-per-task 2 {} 3 {} -- --draws 250 --mode realised",
                                         test::quoted(scenario_), test::quoted(out)));
  ASSERT_EQ(r.status, 0) << r.err << slurp(dir_.path("sbatch.log"));
  EXPECT_EQ(r.out, fmt::format("submitted 3 shard task(s) as job 4242, merge as job 4243; results in {}\n", out));
  EXPECT_EQ(slurp(fs::path(out) / "estimates.csv"), unsharded_csv("--draws 250 --mode realised"));
  EXPECT_TRUE(fs::exists(fs::path(out) / "estimates.md"));

  // Task K ran shard K of 3 on the task's CPUs; the merge found all three.
  const std::string task2 = slurp(fs::path(out) / "logs/shard-2.out");
  EXPECT_THAT(task2, HasSubstr("Slurm: shard 2 of 3, areas 2 to 3 of 5 (E00000002 to E00000003)"));
  EXPECT_THAT(task2, HasSubstr("250 draws x 2 area(s) x 1 output(s)"));
  EXPECT_THAT(task2, HasSubstr("on 2 thread(s)"));
  EXPECT_THAT(slurp(fs::path(out) / "logs/merge.out"), HasSubstr("merged 3 shards of 5 area(s)"));
  const std::string log = slurp(dir_.path("sbatch.log"));
  EXPECT_THAT(log, HasSubstr("--array 1-3 --cpus-per-task 2"));
  EXPECT_THAT(log, HasSubstr("--kill-on-invalid-dep=yes"));
}

TEST_F(SlurmArray, DryRunPrintsARunnableScriptAndSubmitsNothing) {
  const std::string out = dir_.path("dry");
  const CliResult r = script(fmt::format("--dry-run --max-running 2 {} 2 {}", test::quoted(scenario_),
                                         test::quoted(out)));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("--array 1-2%2"));
  EXPECT_THAT(r.out, HasSubstr("--areas-shard \"$SLURM_ARRAY_TASK_ID\"/2"));
  EXPECT_THAT(r.out, HasSubstr("--threads \"${SLURM_CPUS_PER_TASK:-1}\""));
  EXPECT_THAT(r.out, HasSubstr("--dependency \"afterok:${array_job%%;*}\""));
  EXPECT_FALSE(fs::exists(dir_.path("sbatch.log")));
  EXPECT_FALSE(fs::exists(out));

  // What it prints does what the script would have done.
  dir_.write("dry.sh", r.out);
  const std::string command = fmt::format("PATH={}:\"$PATH\" FAKE_SBATCH_LOG={} bash {} >/dev/null 2>&1",
                                          test::quoted(dir_.path("bin")), test::quoted(dir_.path("sbatch.log")),
                                          test::quoted(dir_.path("dry.sh")));
  ASSERT_EQ(std::system(command.c_str()), 0) << r.out;
  EXPECT_EQ(slurp(fs::path(out) / "estimates.csv"), unsharded_csv(""));
}

TEST_F(SlurmArray, RejectsBadArguments) {
  const std::string s = test::quoted(scenario_);
  struct Case {
    std::string args, message;
  };
  for (const Case& c : {Case{"", "expected SCENARIO.toml N [OUT]"}, Case{s, "expected SCENARIO.toml N [OUT]"},
                        Case{fmt::format("{} 0", s), "N \"0\": expected a whole number of shards, at least 1"},
                        Case{fmt::format("{} three", s), "N \"three\""},
                        Case{"nowhere.toml 3", "nowhere.toml: no such scenario file"},
                        Case{fmt::format("--cpus-per-task 0 {} 3", s), "--cpus-per-task \"0\""},
                        Case{fmt::format("--frobnicate {} 3", s), "unknown option --frobnicate"}}) {
    const CliResult r = script(c.args);
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_THAT(r.err, HasSubstr(fmt::format("slurm-array.sh: error: {}", c.message))) << c.args;
  }
  EXPECT_FALSE(fs::exists(dir_.path("sbatch.log")));
  const CliResult help = script("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_THAT(help.out, HasSubstr("Usage:"));
  EXPECT_THAT(help.out, HasSubstr("SLURM_ARRAY_TASK_ID"));
}

}  // namespace
}  // namespace prevalence
