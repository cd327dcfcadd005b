// End-to-end tests of `prevalence run --areas-shard K/N` and `prevalence
// merge`: shards merged in any order give the unsharded run's files byte for
// byte (in both modes, whatever each shard's thread count), each shard's
// rows are the whole run's rows for its areas, and every way a set of shards
// can be wrong ends with exit status 2, one line naming the shard's file,
// and no output file.

#include "engine/cli/exit_code.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/trio_figures.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing::Not;
using test::CliResult;
using test::slurp;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class ShardMerge : public testing::Test {
 protected:
  void SetUp() override {
    // Seven areas of different sizes, listed out of code order, so shards of
    // 3 are uneven and follow the scenario's order, not the codes'.
    std::string population = "area_code,area_name,year,sex,age,count\n";
    for (int area = 1; area <= 7; ++area)
      for (const char* sex : {"female", "male"})
        for (int age = 0; age <= 3; ++age)
          population += fmt::format("E0000000{},{},2019,{},{},{}\n", area,
                                    area == 4 ? "\"Town, North\"" : fmt::format("Area {}", area), sex,
                                    age == 3 ? "3+" : std::to_string(age), 150 * area + 11 * age);
    dir_.write("population.csv", population);
    scenario_ = dir_.write("s.toml", scenario_text());
  }

  // A population with uncertain head-counts, an overlap fitted in every draw
  // (some draws moved) and two single measures.
  static std::string scenario_text(const std::string& title = "Shards") {
    std::string text = fmt::format(
        "title = \"{}\"\ndescription = \"Seven areas.\"\n"
        "[population]\nfile = \"population.csv\"\nyear = 2019\nrelative_error = 0.02\n"
        "[areas]\ncodes = [\"E00000005\", \"E00000002\", \"E00000007\", \"E00000001\", \"E00000004\", "
        "\"E00000006\", \"E00000003\"]\n"
        "[run]\ndraws = 300\nseed = 11\n"
        "[[overlap]]\nid = \"trio\"\nlabel = \"the trio\"\nages = \"0-2\"\n"
        "conditions = [\"dv\", \"mh\", \"sm\"]\ncondition_labels = [\"DV\", \"MH\", \"SM\"]\n",
        title);
    text += test::trio_figures(300);
    text += "[[measure]]\nid = \"counted\"\nlabel = \"counted x of n\"\nages = \"0+\"\nsource = \"c\"\n"
            "count = 12\nof = 100\n";
    text += "[[measure]]\nid = \"girls\"\nlabel = \"girls with an interval\"\nages = \"1-2\"\nsex = \"female\"\n"
            "source = \"g\"\npercent = 5\ninterval = [4, 6]\n";
    return text;
  }

  CliResult run(const std::string& args) { return test::run_prevalence(args, dir_.path()); }

  std::string path(const std::string& name) const { return dir_.path(name); }

  void run_ok(const std::string& args) {
    const CliResult r = run(args);
    ASSERT_EQ(r.status, 0) << args << "\n" << r.err;
  }

  // Runs shards 1..n of `scenario` into DIR/<prefix><k>; shard k uses
  // 1 + k % 2 threads, so shards differ in threads from each other.
  void run_shards(const std::string& scenario, int n, const std::string& prefix, const std::string& extra = "") {
    for (int k = 1; k <= n; ++k)
      run_ok(fmt::format("run {} --quiet --areas-shard {}/{} --threads {} --out {} {}", test::quoted(scenario), k, n,
                         1 + k % 2, test::quoted(path(prefix + std::to_string(k))), extra));
  }

  // A merge or run that must be rejected: exit 2, one line on stderr naming
  // `where` and `problem`, nothing on stdout, no file in `out`.
  void expect_rejected(const std::string& args, const std::string& where, const std::string& problem,
                       const std::string& out) {
    const CliResult r = run(fmt::format("{} --out {}", args, test::quoted(out)));
    EXPECT_EQ(r.status, cli::kBadInput) << args << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr("prevalence: error: ")) << args;
    EXPECT_THAT(r.err, HasSubstr(where)) << args;
    EXPECT_THAT(r.err, HasSubstr(problem)) << args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_FALSE(fs::exists(fs::path(out) / "estimates.csv")) << args;
    EXPECT_FALSE(fs::exists(fs::path(out) / "estimates.md")) << args;
  }

  std::string merge_args(const std::vector<std::string>& shard_dirs, const std::string& scenario = "") {
    std::string args = fmt::format("merge {}", test::quoted(scenario.empty() ? scenario_ : scenario));
    for (const std::string& dir : shard_dirs) args += fmt::format(" {}", test::quoted(path(dir)));
    return args;
  }

  test::TempDir dir_;
  std::string scenario_;
};

TEST_F(ShardMerge, MergedShardsAreTheUnshardedRunByteForByte) {
  for (const char* mode : {"expected", "realised"}) {
    SCOPED_TRACE(mode);
    const std::string m = fmt::format("--mode {}", mode);
    const std::string whole = path(fmt::format("whole-{}", mode));
    const CliResult unsharded =
        run(fmt::format("run {} --quiet --threads 2 {} --out {}", test::quoted(scenario_), m, test::quoted(whole)));
    ASSERT_EQ(unsharded.status, 0) << unsharded.err;
    const std::string prefix = fmt::format("{}-shard", mode);
    run_shards(scenario_, 3, prefix, m);

    // Each shard's rows are the whole run's rows for its areas (7 areas in
    // 3 shards: 2, 2 and 3 of them): an area's results do not depend on the
    // other areas in the run.
    const std::vector<std::string> all_rows = lines_of(slurp(fs::path(whole) / "estimates.csv"));
    std::vector<std::string> concatenated{all_rows.front()};
    for (int k = 1; k <= 3; ++k) {
      const std::vector<std::string> rows =
          lines_of(slurp(fs::path(path(prefix + std::to_string(k))) / "estimates.csv"));
      ASSERT_FALSE(rows.empty());
      EXPECT_EQ(rows.front(), all_rows.front());
      concatenated.insert(concatenated.end(), rows.begin() + 1, rows.end());
    }
    EXPECT_EQ(concatenated, all_rows);

    const std::string merged = path(fmt::format("merged-{}", mode));
    const CliResult r =
        run(fmt::format("{} --quiet --out {}", merge_args({prefix + "3", prefix + "1", prefix + "2"}), test::quoted(merged)));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(slurp(fs::path(merged) / "estimates.csv"), slurp(fs::path(whole) / "estimates.csv"));
    EXPECT_EQ(slurp(fs::path(merged) / "estimates.md"), slurp(fs::path(whole) / "estimates.md"));
    EXPECT_EQ(r.out, unsharded.out);  // the same table
  }
  // The scenario moves some draws of its overlap: the note survives the merge.
  EXPECT_THAT(slurp(fs::path(path("merged-expected")) / "estimates.md"), HasSubstr("admitted no joint table"));
}

TEST_F(ShardMerge, ReferenceWorkloadOf317AreasMergesByteForByte) {
  const std::string scenario = (kSource / "bench/reference/la.toml").string();
  if (!fs::exists(scenario)) GTEST_SKIP() << "no reference workload";
  for (const char* mode : {"expected", "realised"}) {
    SCOPED_TRACE(mode);
    const std::string options = fmt::format("--draws 200 --mode {}", mode);
    const std::string whole = path(fmt::format("whole-{}", mode));
    run_ok(fmt::format("run {} --quiet --threads 2 {} --out {}", test::quoted(scenario), options, test::quoted(whole)));
    const std::string prefix = fmt::format("{}-shard", mode);
    run_shards(scenario, 3, prefix, options);
    const std::string merged = path(fmt::format("merged-{}", mode));
    run_ok(fmt::format("{} --out {}", merge_args({prefix + "1", prefix + "2", prefix + "3"}, scenario), test::quoted(merged)));
    EXPECT_EQ(slurp(fs::path(merged) / "estimates.csv"), slurp(fs::path(whole) / "estimates.csv"));
    EXPECT_EQ(slurp(fs::path(merged) / "estimates.md"), slurp(fs::path(whole) / "estimates.md"));
  }
}

TEST_F(ShardMerge, AsManyShardsAsAreasIsOneAreaEach) {
  run_ok(fmt::format("run {} --quiet --threads 1 --out {}", test::quoted(scenario_), test::quoted(path("whole"))));
  run_shards(scenario_, 7, "one");
  std::vector<std::string> dirs;
  for (int k = 7; k >= 1; --k) dirs.push_back("one" + std::to_string(k));
  run_ok(fmt::format("{} --out {}", merge_args(dirs), test::quoted(path("merged"))));
  EXPECT_EQ(slurp(fs::path(path("merged")) / "estimates.csv"), slurp(fs::path(path("whole")) / "estimates.csv"));
  EXPECT_EQ(slurp(fs::path(path("merged")) / "estimates.md"), slurp(fs::path(path("whole")) / "estimates.md"));
  // One shard of one is a whole run too.
  run_shards(scenario_, 1, "single");
  run_ok(fmt::format("{} --out {}", merge_args({"single1"}), test::quoted(path("merged1"))));
  EXPECT_EQ(slurp(fs::path(path("merged1")) / "estimates.csv"), slurp(fs::path(path("whole")) / "estimates.csv"));
}

TEST_F(ShardMerge, AShardPrintsOneLineAndRecordsWhatItIsInItsResultsFile) {
  const CliResult r = run(fmt::format("run {} --areas-shard 2/3 --threads 1 --out {}", test::quoted(scenario_),
                                      test::quoted(path("s2"))));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, fmt::format("Shards: shard 2 of 3, areas 3 to 4 of 7 (E00000007 to E00000001), written to {}\n",
                               path("s2")));
  EXPECT_THAT(r.err, HasSubstr("x 2 area(s) x"));
  EXPECT_THAT(r.err, HasSubstr("results.h5"));
  // Its results file holds its own areas only, and says which shard it is.
  const CliResult table =
      run(fmt::format("table {} --format csv", test::quoted((fs::path(path("s2")) / "results.h5").string())));
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("E00000007"));
  EXPECT_THAT(table.out, HasSubstr("E00000001"));
  EXPECT_THAT(table.out, Not(HasSubstr("E00000005")));
  EXPECT_THAT(slurp(fs::path(path("s2")) / "results.h5"), HasSubstr("2/3"));
  // The shard's Markdown holds its own areas only.
  const std::string markdown = slurp(fs::path(path("s2")) / "estimates.md");
  EXPECT_THAT(markdown, HasSubstr("## Area 7 (E00000007)"));
  EXPECT_THAT(markdown, HasSubstr("## Area 1 (E00000001)"));
  EXPECT_THAT(markdown, Not(HasSubstr("E00000005")));

  // An unsharded run prints its table.
  const CliResult whole = run(fmt::format("run {} --threads 1 --quiet --out {}", test::quoted(scenario_), test::quoted(path("w"))));
  ASSERT_EQ(whole.status, 0);
  EXPECT_THAT(whole.out, HasSubstr("Area 5 (E00000005)\n  measure"));
}

TEST_F(ShardMerge, RejectsMalformedShardOptions) {
  const std::string s = fmt::format("run {}", test::quoted(scenario_));
  for (const char* bad : {"0/3", "4/3", "1/0", "abc", "1/3/4", "", "1/", "/3", "-1/3", "1.5/3", " 1/3"})
    expect_rejected(fmt::format("{} --areas-shard '{}'", s, bad), fmt::format("--areas-shard \"{}\"", bad),
                    "expected K/N, whole numbers with 1 <= K <= N", path("out"));
  expect_rejected(s + " --areas-shard 1/8", "--areas-shard \"1/8\"",
                  "the scenario has 7 area(s), so at most 7 shards", path("out"));
}

TEST_F(ShardMerge, RejectsIncompleteOrMismatchedShards) {
  run_shards(scenario_, 3, "s");
  const std::string out = path("merged");
  const std::string s1 = path("s1"), s2 = path("s2"), s3 = path("s3");

  expect_rejected(merge_args({"s1", "s3"}), "shard 2 of 3 is missing (2 of 3 given)", "", out);
  expect_rejected(merge_args({"s2"}), "2 of the 3 shards are missing: 1, 3 (1 of 3 given)", "", out);
  expect_rejected(merge_args({"s1", "s2", "s2", "s3"}), fmt::format("{}/results.h5", s2),
                  fmt::format("shard 2 of 3 is given twice: {} holds it too", s2), out);
  expect_rejected(merge_args({"s1", "s2", "nowhere"}), path("nowhere"), "no such shard directory", out);
  fs::create_directories(path("empty"));
  expect_rejected(merge_args({"s1", "s2", "empty"}), path("empty"),
                  "no results.h5 here: not the output directory of prevalence run --areas-shard", out);

  // Shards of another seed, draw count, split, scenario or population file.
  run_ok(fmt::format("run {} --quiet --areas-shard 2/3 --seed 12 --out {}", test::quoted(scenario_), test::quoted(path("seed"))));
  expect_rejected(
      merge_args({"s1", "seed", "s3"}), path("seed/results.h5"),
      fmt::format("seed 12, but {}/results.h5 has seed 11: every shard must be run with the same settings", s1), out);
  run_ok(fmt::format("run {} --quiet --areas-shard 2/3 --draws 299 --out {}", test::quoted(scenario_),
                     test::quoted(path("draws"))));
  expect_rejected(merge_args({"s1", "draws", "s3"}), path("draws/results.h5"), "draws 299, but", out);
  run_ok(fmt::format("run {} --quiet --areas-shard 2/3 --mode realised --out {}", test::quoted(scenario_),
                     test::quoted(path("mode"))));
  expect_rejected(merge_args({"s1", "mode", "s3"}), path("mode/results.h5"), "mode realised, but", out);
  run_ok(fmt::format("run {} --quiet --areas-shard 2/4 --out {}", test::quoted(scenario_), test::quoted(path("four"))));
  expect_rejected(merge_args({"s1", "four", "s3"}), path("four/results.h5"), "shard 2 of 4, but", out);
  expect_rejected(merge_args({"s1", "four", "s3"}), "the shards come from different splits", "", out);

  const std::string other = dir_.write("other.toml", scenario_text("Another title"));
  run_ok(fmt::format("run {} --quiet --areas-shard 2/3 --out {}", test::quoted(other), test::quoted(path("other"))));
  expect_rejected(merge_args({"s1", "other", "s3"}), path("other/results.h5"),
                  fmt::format("a shard of a different scenario file: {} (SHA-256 ", other), out);
  // The same scenario merged under another file name is fine: content counts.
  const std::string copy = dir_.write("copy.toml", slurp(scenario_));
  run_ok(fmt::format("{} --quiet --out {}", merge_args({"s1", "s2", "s3"}, copy), test::quoted(path("from-copy"))));

  std::string population = slurp(path("population.csv"));
  population.replace(population.rfind("1083"), 4, "1082");  // the last count, 150 * 7 + 11 * 3
  dir_.write("population.csv", population);
  expect_rejected(merge_args({"s1", "s2", "s3"}), fmt::format("{}/results.h5", s1),
                  "a shard of a different population file: ", out);
}

// A shard is what its results file records: a damaged file is refused by
// name, a file moved into another shard's directory is caught, and edits to
// the text outputs (estimates.csv) cannot reach the merge.
TEST_F(ShardMerge, TrustsEachShardsResultsFileAndChecksIt) {
  run_ok(fmt::format("run {} --quiet --threads 1 --out {}", test::quoted(scenario_), test::quoted(path("whole"))));
  run_shards(scenario_, 3, "s");
  const std::string out = path("merged");
  const std::string s2_results = slurp(fs::path(path("s2")) / "results.h5");

  dir_.write("s2/results.h5", s2_results.substr(0, s2_results.size() / 2));
  expect_rejected(merge_args({"s1", "s2", "s3"}), path("s2/results.h5"), "do not match the SHA-256 sealed in it", out);
  dir_.write("s2/results.h5", "not HDF5 at all");
  expect_rejected(merge_args({"s1", "s2", "s3"}), path("s2/results.h5"), "not a sealed prevalence results file", out);

  // Shard 3's file in shard 2's directory: shard 3 twice, shard 2 missing.
  fs::copy_file(fs::path(path("s3")) / "results.h5", fs::path(path("s2")) / "results.h5",
                fs::copy_options::overwrite_existing);
  expect_rejected(merge_args({"s1", "s2", "s3"}), path("s3/results.h5"), "shard 3 of 3 is given twice", out);
  dir_.write("s2/results.h5", s2_results);

  // A doubled mean in a shard's estimates.csv changes nothing: the merge
  // reads the shard's results file.
  std::vector<std::string> rows = lines_of(slurp(fs::path(path("s2")) / "estimates.csv"));
  std::string edited = rows.front() + "\n";
  for (std::size_t i = 1; i < rows.size(); ++i) {
    // Fields 0 to 4 hold no commas here (area codes, names, ids, labels of
    // this scenario); field 5 is the mean.
    std::size_t start = 0;
    for (int field = 0; field < 5; ++field) start = rows[i].find(',', start) + 1;
    const std::size_t end = rows[i].find(',', start);
    const double mean = std::stod(rows[i].substr(start, end - start));
    edited += rows[i].substr(0, start) + fmt::format("{}", 2 * mean) + rows[i].substr(end) + "\n";
  }
  dir_.write("s2/estimates.csv", edited);
  run_ok(fmt::format("{} --quiet --out {}", merge_args({"s1", "s2", "s3"}), test::quoted(out)));
  EXPECT_EQ(slurp(fs::path(out) / "estimates.csv"), slurp(fs::path(path("whole")) / "estimates.csv"));

  // A whole run is not a shard.
  expect_rejected(merge_args({"whole"}), path("whole/results.h5"), "not a shard", path("merged2"));
}

TEST_F(ShardMerge, AFailedMergeKeepsEarlierResults) {
  run_shards(scenario_, 3, "s");
  const std::string out = path("merged");
  run_ok(fmt::format("{} --quiet --out {}", merge_args({"s1", "s2", "s3"}), test::quoted(out)));
  const std::string before = slurp(fs::path(out) / "estimates.csv");
  const CliResult r = run(fmt::format("{} --out {}", merge_args({"s1", "s3"}), test::quoted(out)));
  EXPECT_EQ(r.status, cli::kBadInput);
  EXPECT_EQ(slurp(fs::path(out) / "estimates.csv"), before);
  for (const auto& entry : fs::directory_iterator(out))  // no temporary files left behind
    EXPECT_NE(entry.path().filename().string().front(), '.') << entry.path();
  // A rejected merge into a new directory does not even create it.
  EXPECT_EQ(run(fmt::format("{} --out {}", merge_args({"s1", "s3"}), test::quoted(path("new")))).status, cli::kBadInput);
  EXPECT_FALSE(fs::exists(path("new")));
}

TEST_F(ShardMerge, RejectsBadMergeUsage) {
  run_shards(scenario_, 1, "s");
  const std::string out = path("out");
  expect_rejected("merge", "merge: no scenario file given", "see prevalence merge --help", out);
  expect_rejected(fmt::format("merge {}", test::quoted(scenario_)), "merge: no shard directories given", "--help", out);
  expect_rejected(merge_args({"s1"}) + " --draws 5", "unrecognised option '--draws'", "--help", out);
  const CliResult r = run(fmt::format("{} --out {}", merge_args({"s1"}), test::quoted(path("s1"))));
  EXPECT_EQ(r.status, cli::kBadInput);
  EXPECT_THAT(r.err, HasSubstr("that is the shard directory"));
}

TEST_F(ShardMerge, HelpTextsDescribeShardsAndMerge) {
  const CliResult merge = run("merge --help");
  EXPECT_EQ(merge.status, 0);
  for (const char* text : {"Usage: prevalence merge SCENARIO.toml SHARD_DIR... [options]", "--out DIR", "Example",
                           "Exit status", "byte for byte"})
    EXPECT_THAT(merge.out, HasSubstr(text));
  const CliResult run_help = run("run --help");
  EXPECT_THAT(run_help.out, HasSubstr("--areas-shard K/N"));
  EXPECT_THAT(run_help.out, HasSubstr("prevalence merge"));
  EXPECT_THAT(run("--help").out, HasSubstr("merge SCENARIO.toml SHARD_DIR..."));
}

}  // namespace
}  // namespace prevalence
