// End-to-end tests of `prevalence run`: the shipped Leeds scenario reproduces
// the published table, output is identical for any thread count, and every
// kind of bad input ends with exit status 2, a one-line message naming the
// file and line, and no output file.

#include "engine/cli/exit_code.hpp"
#include "engine/cli/precision_target.hpp"
#include "engine/results/results_file.hpp"
#include "engine/text/number_format.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/leeds_scenario.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/trio_figures.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libfccp/csv.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing::Not;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

using test::CliResult;
using test::quoted;
using test::slurp;

class RunCli : public testing::Test {
 protected:
  CliResult run(const std::string& args) { return test::run_prevalence(args, dir_); }

  fs::path write(const std::string& name, const std::string& text) { return scratch_.write(name, text); }

  // A small valid scenario over a two-area population file in the scratch
  // directory; tests break one thing at a time.
  fs::path write_population(const std::string& rows_after_header = "") {
    std::string text = "area_code,area_name,year,sex,age,count\n";
    for (const char* code : {"E00000001", "E00000002"})
      for (const char* sex : {"female", "male"})
        for (int age = 0; age <= 3; ++age)
          text += std::string(code) + "," + (code[8] == '1' ? "\"Town, North\"" : "South") +
                  ",2019," + sex + "," + (age == 3 ? "3+" : std::to_string(age)) + ",100\n";
    return write("population.csv", text + rows_after_header);
  }

  static std::string scenario_text(const std::string& measure_extra = "percent = 10.0\n",
                                   const std::string& run_extra = "") {
    return "title = \"Test\"\n"
           "[population]\nfile = \"population.csv\"\nyear = 2019\n"
           "[areas]\ncodes = [\"E00000001\", \"E00000002\"]\n"
           "[run]\ndraws = 200\nseed = 7\n" + run_extra +
           "[[measure]]\nid = \"m\"\nlabel = \"a measure\"\nages = \"0-2\"\nsource = \"S\"\n" +
           measure_extra;
  }

  bool output_written(const fs::path& out) const {
    return fs::exists(out / "estimates.csv") || fs::exists(out / "estimates.md");
  }

  // Runs a scenario that must be rejected: exit 2, one line on stderr that
  // names the place, nothing on stdout, no output file.
  void expect_rejected(const std::string& args, const std::string& where,
                       const std::string& problem) {
    const fs::path out = dir_ / "out";
    const CliResult r = run("run " + args + " --out " + quoted(out.string()));
    EXPECT_EQ(r.status, prevalence::cli::kBadInput) << r.err;
    EXPECT_THAT(r.err, HasSubstr("prevalence: error: "));
    EXPECT_THAT(r.err, HasSubstr(where));
    EXPECT_THAT(r.err, HasSubstr(problem));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(output_written(out));
  }

  test::TempDir scratch_;  // removed with everything in it when the test ends
  const fs::path dir_ = scratch_.path();
};

struct Row {
  std::string label;
  double denominator, mean, lower, upper;
};

std::map<std::string, Row> read_estimates(const fs::path& csv_path) {
  ::io::CSVReader<7, ::io::trim_chars<>, ::io::double_quote_escape<',', '"'>> csv(csv_path.string());
  csv.read_header(::io::ignore_extra_column, "measure", "label", "denominator", "mean", "lower", "upper", "area_code");
  std::map<std::string, Row> rows;
  std::string measure, area;
  Row row;
  while (csv.read_row(measure, row.label, row.denominator, row.mean, row.lower, row.upper, area))
    rows[measure] = row;
  return rows;
}

TEST_F(RunCli, LeedsScenarioReproducesThePublishedCounts) {
  const fs::path out = dir_ / "leeds";
  const CliResult r = run("run " + quoted((kSource / "config/leeds-2020.toml").string()) +
                          " --threads 2 --quiet --out " + quoted(out.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");  // --quiet

  const auto rows = read_estimates(out / "estimates.csv");
  // Published counts: the Leeds 2020 strategy table (DESIGN.md); the trio
  // figures are the Children's Commissioner's narrow rates x ONS mid-2018
  // 0-17s (168,176). The issue asks for agreement within 0.5 %; with 20,000
  // draws the Monte Carlo error of each mean is under 0.2 % of it.
  const std::map<std::string, double> published{{"trio.any", 33580}, {"trio.all_three", 1994}};
  for (const auto& [id, count] : published) {
    ASSERT_TRUE(rows.count(id)) << id;
    EXPECT_NEAR(rows.at(id).mean, count, 0.005 * count) << id;
    EXPECT_LT(rows.at(id).lower, count) << id;
    EXPECT_GT(rows.at(id).upper, count) << id;
  }
  // Leeds's own complete counts, for Leeds in 2019: the counts themselves,
  // with no interval.
  const std::map<std::string, double> counted{
      {"looked_after", 1288}, {"youth_justice", 676}, {"homelessness_risk", 228}};
  for (const auto& [id, count] : counted) {
    ASSERT_TRUE(rows.count(id)) << id;
    EXPECT_EQ(rows.at(id).mean, count) << id;
    EXPECT_EQ(rows.at(id).lower, count) << id;
    EXPECT_EQ(rows.at(id).upper, count) << id;
  }
  EXPECT_THAT(r.out, HasSubstr("1,288  count, not an estimate"));
  for (const char* id : {"trio.dv", "trio.mh", "trio.sm"}) EXPECT_TRUE(rows.count(id)) << id;
  // Denominators from the bundled ONS file (data/population/README.md).
  EXPECT_EQ(rows.at("trio.any").denominator, 168176);
  EXPECT_EQ(rows.at("looked_after").denominator, 169422);
  EXPECT_EQ(rows.at("youth_justice").denominator, 69065);

  // The printed table and the Markdown carry the same figures.
  EXPECT_THAT(r.out, HasSubstr("Leeds (E08000035)"));
  EXPECT_THAT(r.out, HasSubstr("any of the toxic trio"));
  const std::string markdown = slurp(out / "estimates.md");
  EXPECT_THAT(markdown, HasSubstr("| any of the toxic trio [^4] | 0-17 | 168,176 |"));
  EXPECT_THAT(markdown, HasSubstr("[^7]: Leeds 2020 children and young people strategy table"));
}

TEST_F(RunCli, LeedsTrioIsOneCoherentTableWithEveryCombination) {
  for (const char* mode : {"expected", "realised"}) {
    SCOPED_TRACE(mode);
    const fs::path out = dir_ / mode;
    const CliResult r = run("run " + quoted(test::leeds_scenario_on_extract(scratch_)) +
                            " --draws 4000 --quiet --mode " + mode + " --out " + quoted(out.string()));
    ASSERT_EQ(r.status, 0) << r.err;
    const auto rows = read_estimates(out / "estimates.csv");
    const char* cells[] = {"trio.dv_only",    "trio.mh_only",    "trio.sm_only",   "trio.dv_mh_only",
                           "trio.dv_sm_only", "trio.mh_sm_only", "trio.all_three", "trio.none"};
    double total = 0.0;
    for (const char* id : cells) {
      ASSERT_TRUE(rows.count(id)) << id;
      EXPECT_LT(rows.at(id).lower, rows.at(id).upper) << id;  // an interval, not a point
      total += rows.at(id).mean;
    }
    // Every draw's combinations add up to the population (exactly, in
    // realised mode; in expected mode up to rounding), so their means do:
    // the tolerance is double rounding over 4,000 draws, not Monte Carlo error.
    EXPECT_NEAR(total, 168176, 1e-6 * 168176);
    // Each factor is the sum of the combinations that include it.
    EXPECT_NEAR(rows.at("trio.dv").mean,
                rows.at("trio.dv_only").mean + rows.at("trio.dv_mh_only").mean +
                    rows.at("trio.dv_sm_only").mean + rows.at("trio.all_three").mean,
                1e-6 * rows.at("trio.dv").mean);
    EXPECT_NEAR(rows.at("trio.two_or_more").mean,
                rows.at("trio.dv_mh_only").mean + rows.at("trio.dv_sm_only").mean +
                    rows.at("trio.mh_sm_only").mean + rows.at("trio.all_three").mean,
                1e-6 * rows.at("trio.two_or_more").mean);
    EXPECT_LT(rows.at("trio.two_or_more").lower, rows.at("trio.two_or_more").mean);
    // Coherent in every draw: none had to be moved.
    std::istringstream lines(slurp(out / "estimates.csv"));
    std::string line;
    std::getline(lines, line);  // header; moved_draws is followed by published_percent and fitted_percent, empty here
    while (std::getline(lines, line)) EXPECT_THAT(line, HasSubstr(",0,,,mean,")) << line;  // the scenario headlines means
    EXPECT_THAT(slurp(out / "estimates.md"), HasSubstr("every combination"));
    EXPECT_THAT(slurp(out / "estimates.md"), Not(HasSubstr("admitted no joint table")));
  }
}

// The per-draw path: each figure sampled on its own (an assumed precision
// each), the maximum-entropy table fitted in every draw, incoherent draws
// moved. The Leeds figures with n = 2,000 each move a few per cent of draws.
TEST_F(RunCli, FigureByFigureSamplingFitsATableInEveryDrawWhateverTheThreads) {
  write_population();
  std::string text =
      "title = \"T\"\n[population]\nfile = \"population.csv\"\nyear = 2019\n[areas]\n"
      "codes = [\"E00000001\", \"E00000002\"]\n[run]\ndraws = 3000\nseed = 5\n"
      "[[overlap]]\nid = \"trio\"\nlabel = \"the trio\"\nages = \"0-2\"\n"
      "conditions = [\"dv\", \"mh\", \"sm\"]\ncondition_labels = [\"DV\", \"MH\", \"SM\"]\n";
  text += test::trio_figures(2000);
  const std::string scenario = quoted(write("s.toml", text).string());
  std::string csv[2];
  for (int threads : {1, 2}) {
    const fs::path out = dir_ / ("t" + std::to_string(threads));
    for (const char* mode : {"expected", "realised"}) {
      const CliResult r = run("run " + scenario + " --quiet --mode " + mode + " --threads " +
                              std::to_string(threads) + " --out " + quoted(out.string()));
      ASSERT_EQ(r.status, 0) << r.err;
      csv[threads - 1] += slurp(out / "estimates.csv");
    }
  }
  EXPECT_EQ(csv[0], csv[1]);  // fitted in fixed blocks of draws: no dependence on threads
  const auto rows = read_estimates(dir_ / "t1/estimates.csv");
  double total = 0.0;
  for (const char* id : {"trio.dv_only", "trio.mh_only", "trio.sm_only", "trio.dv_mh_only", "trio.dv_sm_only",
                         "trio.mh_sm_only", "trio.all_three", "trio.none"})
    total += rows.at(id).mean;
  EXPECT_NEAR(total, 600, 1e-9 * 600);  // realised: whole children, every draw
  const std::string markdown = slurp(dir_ / "t1/estimates.md");
  EXPECT_THAT(markdown, HasSubstr("of draws the sampled figures on the trio admitted no joint table"));
}

TEST_F(RunCli, RejectsAnOverlapWhosePublishedFiguresCannotAllHold) {
  expect_rejected(quoted((kSource / "config/leeds-2020-incoherent.toml").string()),
                  "leeds-2020-incoherent.toml:25:1",
                  "overlap trio: the published figures cannot all hold: Two or more of the toxic trio");
}

TEST_F(RunCli, OutputIsByteIdenticalForOneAndTwoThreads) {
  const std::string scenario = quoted(test::leeds_scenario_on_extract(scratch_));
  for (const char* mode : {"expected", "realised"}) {
    const fs::path one = dir_ / (std::string(mode) + "1"), two = dir_ / (std::string(mode) + "2");
    ASSERT_EQ(run("run " + scenario + " --draws 4000 --mode " + mode + " --threads 1 --out " + quoted(one.string())).status, 0);
    ASSERT_EQ(run("run " + scenario + " --draws 4000 --mode " + mode + " --threads 2 --out " + quoted(two.string())).status, 0);
    EXPECT_EQ(slurp(one / "estimates.csv"), slurp(two / "estimates.csv")) << mode;
    EXPECT_EQ(slurp(one / "estimates.md"), slurp(two / "estimates.md")) << mode;
  }
}

TEST_F(RunCli, CommandLineOverridesTheScenario) {
  write_population();
  const fs::path scenario = write("s.toml", scenario_text());
  const CliResult r = run("run " + quoted(scenario.string()) + " --draws 50 --seed 3 --interval 0.9 --mode realised --quiet --out " +
                          quoted((dir_ / "o").string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string csv = slurp(dir_ / "o/estimates.csv");
  EXPECT_THAT(csv, HasSubstr(",0.9,"));
  EXPECT_THAT(csv, HasSubstr(",realised,50,"));
  EXPECT_THAT(r.out, HasSubstr("Realised counts, median of 50 draws (seed 3), 90% intervals"));
  // A quoted area name with a comma is written back quoted.
  EXPECT_THAT(csv, HasSubstr("E00000001,\"Town, North\",m,"));
}

TEST_F(RunCli, APublishedValueWithItsIntervalHeadlinesThatValueTimesThePopulation) {
  // 0.8 % (90 % CI 0.3 to 2.1) of 169,422 children: the published value
  // gives 1,355; the Beta through the interval's ends alone headlined its
  // mean, 1,742. The value is the median, and the interval's ends are the
  // 5 % and 95 % quantiles, each within 4 Monte Carlo errors (stated in
  // the results) of the published figure times the population.
  std::string population = "area_code,area_name,year,sex,age,count\n";
  for (int age = 0; age <= 17; ++age)
    population += fmt::format("E08000035,Leeds,2019,persons,{},{}\n", age, age == 0 ? 9418 : 9412);
  write("population.csv", population);
  const fs::path scenario = write(
      "s.toml",
      "title = \"Skewed\"\n[population]\nfile = \"population.csv\"\nyear = 2019\n[areas]\ncodes = "
      "[\"E08000035\"]\n[run]\ndraws = 20000\nseed = 11\ninterval = 0.9\n[[measure]]\nid = \"m\"\nlabel = \"a "
      "measure\"\nages = \"0-17\"\nsource = \"S\"\npercent = 0.8\ninterval = [0.3, 2.1]\nlevel = 0.9\n");
  const CliResult median = run("run " + quoted(scenario.string()) + " --quiet --out " + quoted((dir_ / "m").string()));
  ASSERT_EQ(median.status, 0) << median.err;
  const results::RunResults r = results::read_results_file((dir_ / "m/results.h5").string());
  ASSERT_EQ(r.denominator[0], 169422.0);
  EXPECT_NEAR(r.median[0], 0.008 * 169422, 4 * r.median_mcse[0]);
  EXPECT_NEAR(r.lower[0], 0.003 * 169422, 4 * r.lower_mcse[0]);
  EXPECT_NEAR(r.upper[0], 0.021 * 169422, 4 * r.upper_mcse[0]);
  EXPECT_GT(r.mean[0], r.median[0] + 100);  // skewed right: the mean is well above
  EXPECT_THAT(median.out, HasSubstr("Expected counts, median of 20,000 draws"));
  EXPECT_THAT(median.out, HasSubstr(text::format_count(r.median[0])));
  EXPECT_THAT(r.measures[0].uncertainty, HasSubstr("two-piece Beta, median 0.8% and both ends matched exactly"));
  // Asked for, the mean is the headline instead, and every output says so.
  const CliResult mean =
      run("run " + quoted(scenario.string()) + " --headline mean --quiet --out " + quoted((dir_ / "a").string()));
  ASSERT_EQ(mean.status, 0) << mean.err;
  EXPECT_THAT(mean.out, HasSubstr("Expected counts, mean of 20,000 draws"));
  EXPECT_THAT(mean.out, HasSubstr(text::format_count(r.mean[0])));
  EXPECT_THAT(slurp(dir_ / "a/estimates.md"), HasSubstr("Numbers are the mean of 20,000"));
  EXPECT_THAT(slurp(dir_ / "a/estimates.csv"), HasSubstr(",mean,"));
  EXPECT_EQ(results::read_results_file((dir_ / "a/results.h5").string()).headline, montecarlo::Headline::mean);
}

TEST_F(RunCli, ACompleteCountIsKnownWhereCountedAndARateWithOneLayerOfUncertaintyElsewhere) {
  // 60 of the 600 children aged 0-2 in the first area, counted in 2019: known
  // there; carried to the second area (600 children) as a rate.
  write_population();
  const std::string count =
      "count = 60\nof = 600\nkind = \"count\"\ncounted_area = \"E00000001\"\ncounted_year = 2019\n";
  const fs::path scenario = write("s.toml", scenario_text(count, "mode = \"expected\"\n"));
  for (const char* mode : {"expected", "realised"}) {
    SCOPED_TRACE(mode);
    const fs::path out = dir_ / mode;
    const CliResult r = run("run " + quoted(scenario.string()) + " --draws 20000 --keep-draws --quiet --mode " + mode +
                            " --out " + quoted(out.string()));
    ASSERT_EQ(r.status, 0) << r.err;
    const results::RunResults res = results::read_results_file((out / "results.h5").string());
    // The counted area: the count itself, in every draw, said to be one.
    EXPECT_EQ(res.mean[0], 60.0);
    EXPECT_EQ(res.lower[0], 60.0);
    EXPECT_EQ(res.upper[0], 60.0);
    EXPECT_TRUE(res.is_known(0, 0));
    EXPECT_THAT(r.out, HasSubstr("count, not an estimate"));
    EXPECT_THAT(slurp(out / "estimates.csv"), HasSubstr(",yes,"));
    // The other area: the rate's uncertainty, once. Expected mode: the
    // underlying rate, Gamma(60.5) / 600, so sd 600 sqrt(60.5) / 600 = 7.78.
    // Realised mode: the second area's own chance variation about 60 / 600,
    // Binomial(600, 0.1), sd sqrt(600 x 0.1 x 0.9) = 7.35, not both (10.7).
    EXPECT_FALSE(res.is_known(1, 0));
    const results::KeptDrawsReader kept(res);
    const std::vector<double> draws = kept.area(1);
    double mean = 0.0, squares = 0.0;
    for (double x : draws) mean += x / static_cast<double>(draws.size());
    for (double x : draws) squares += (x - mean) * (x - mean);
    const double sd = std::sqrt(squares / static_cast<double>(draws.size() - 1));
    // An sd from 20,000 draws is known to about 0.5 %; 3 % is over 5 of those.
    const double expected_sd = std::string(mode) == "expected" ? std::sqrt(60.5) : std::sqrt(54.0);
    EXPECT_NEAR(sd, expected_sd, 0.03 * expected_sd);
    EXPECT_NEAR(mean, std::string(mode) == "expected" ? 60.5 : 60.0, 4 * expected_sd / std::sqrt(20000.0));
  }
  // What a complete count must say, each refused at its key.
  write("bad1.toml", scenario_text("count = 60\nof = 600\nkind = \"count\"\ncounted_area = \"E00000001\"\n"));
  expect_rejected(quoted((dir_ / "bad1.toml").string()), "bad1.toml:", "needs counted_year");
  write("bad2.toml", scenario_text(count + "interval = [5, 15]\n"));
  expect_rejected(quoted((dir_ / "bad2.toml").string()), "bad2.toml:", "no sampling uncertainty");
  write("bad3.toml", scenario_text("count = 60\nof = 600\nkind = \"count\"\ncounted_area = \"E09999999\"\n"
                                   "counted_year = 2019\n"));
  expect_rejected(quoted((dir_ / "bad3.toml").string()), "bad3.toml:",
                  "counted_area E09999999 is not in the population");
  write("bad4.toml", scenario_text("percent = 10\ncounted_year = 2019\n"));
  expect_rejected(quoted((dir_ / "bad4.toml").string()), "bad4.toml:", "say kind = \"count\" too");
}

TEST_F(RunCli, PrecisionRunsRoundsUntilEveryPrintedFigureIsWithinItsTargetAsAPlainRunWould) {
  // Leeds at 2 significant figures: every printed figure's Monte Carlo
  // error below half its rounding step, from 1,000 draws up.
  const std::string scenario = quoted(test::leeds_scenario_on_extract(scratch_));
  std::string csv[2];
  for (unsigned threads : {1u, 2u}) {
    const fs::path out = dir_ / fmt::format("precise{}", threads);
    const CliResult r = run(fmt::format("run {} --draws 1000 --precision 0.5 --significant 2 --threads {} --out {}",
                                        scenario, threads, quoted(out.string())));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr("--precision 0.5, round 1: 1,000 draws leave"));
    EXPECT_THAT(r.err, HasSubstr("every printed figure is within the target"));
    const results::RunResults res = results::read_results_file((out / "results.h5").string());
    EXPECT_GT(res.draws, 1000);
    EXPECT_EQ(res.precision, 0.5);
    EXPECT_THAT(res.precision_rule, HasSubstr("below 0.5 of its rounding step"));
    cli::PrecisionTarget target;
    target.fraction = 0.5;
    target.significant_figures = 2;
    EXPECT_LE(cli::precision_shortfall(res, target).ratio, 1.0);
    csv[threads - 1] = slurp(out / "estimates.csv");
    // The same figures as a plain run with that many draws, byte for byte.
    const fs::path plain = dir_ / fmt::format("plain{}", threads);
    ASSERT_EQ(run(fmt::format("run {} --draws {} --quiet --out {}", scenario, res.draws, quoted(plain.string()))).status,
              0);
    EXPECT_EQ(csv[threads - 1], slurp(plain / "estimates.csv"));
  }
  EXPECT_EQ(csv[0], csv[1]);
  expect_rejected(scenario + " --precision 0.5 --areas-shard 1/2", "--precision with --areas-shard", "do not merge");
  expect_rejected(scenario + " --significant 2", "--significant", "give --precision too");
}

TEST_F(RunCli, EachFigureSaysHowMuchOfItsIntervalIsAssumption) {
  // A published interval (relative sd about 0.10) with an assumed head-count
  // error of 5 %: about 0.05^2 / (0.05^2 + 0.10^2) = 0.2 of the variance is
  // assumption. Without the head-count error, none is, and nothing is said.
  write_population();
  const fs::path mixed = write("mixed.toml", "title = \"T\"\n[population]\nfile = \"population.csv\"\nyear = "
                                             "2019\nrelative_error = 0.05\n[areas]\ncodes = [\"E00000001\"]\n"
                                             "[[measure]]\nid = \"m\"\nlabel = \"a measure\"\nages = \"0-2\"\n"
                                             "source = \"S\"\npercent = 10\ninterval = [8, 12]\n");
  ASSERT_EQ(run("run " + quoted(mixed.string()) + " --draws 20000 --quiet --out " + quoted((dir_ / "m").string())).status,
            0);
  const results::RunResults m = results::read_results_file((dir_ / "m/results.h5").string());
  ASSERT_EQ(m.assumed_share.size(), 1u);
  EXPECT_NEAR(m.assumed_share[0], 0.2, 0.06);  // the first-order ratio, and 1,000 draws' noise (about 0.03)
  EXPECT_THAT(slurp(dir_ / "m/estimates.md"),
              HasSubstr(fmt::format("assumed uncertainty gives {:.0f} % of its interval's variance",
                                    100 * m.assumed_share[0])));
  write_population();
  const fs::path published = write("published.toml", scenario_text("percent = 10\ninterval = [8, 12]\n"));
  ASSERT_EQ(run("run " + quoted(published.string()) + " --quiet --out " + quoted((dir_ / "p").string())).status, 0);
  EXPECT_TRUE(results::read_results_file((dir_ / "p/results.h5").string()).assumed_share.empty());
  // Leeds: the trio rests wholly on its assumed precision; the counts are known.
  const CliResult leeds = run("run " + quoted(test::leeds_scenario_on_extract(scratch_)) + " --draws 2000 --out " +
                              quoted((dir_ / "leeds").string()));
  ASSERT_EQ(leeds.status, 0) << leeds.err;
  const results::RunResults l = results::read_results_file((dir_ / "leeds/results.h5").string());
  EXPECT_GT(l.assumed_share[0], 0.999);  // trio.dv
  EXPECT_TRUE(std::isnan(l.assumed_share[l.n_measures() - 1]));  // a known count has no variance
  EXPECT_THAT(leeds.out, HasSubstr("Assumed uncertainty gives over half the interval's variance for: the toxic trio."));
}

TEST_F(RunCli, HelpOnEveryVerb) {
  for (const char* args : {"--help", "run --help"}) {
    const CliResult r = run(args);
    EXPECT_EQ(r.status, 0) << args;
    EXPECT_THAT(r.out, HasSubstr("Usage: prevalence")) << args;
    EXPECT_THAT(r.out, HasSubstr("Example")) << args;
    EXPECT_THAT(r.out, HasSubstr("Exit status")) << args;
  }
}

TEST_F(RunCli, FailedRunKeepsEarlierResults) {
  write_population();
  const fs::path good = write("good.toml", scenario_text());
  const fs::path out = dir_ / "out";
  ASSERT_EQ(run("run " + quoted(good.string()) + " --quiet --out " + quoted(out.string())).status, 0);
  const std::string before = slurp(out / "estimates.csv");
  const fs::path bad = write("bad.toml", scenario_text("percent = 120\n"));
  EXPECT_EQ(run("run " + quoted(bad.string()) + " --out " + quoted(out.string())).status, 2);
  EXPECT_EQ(slurp(out / "estimates.csv"), before);
  for (const auto& entry : fs::directory_iterator(out))  // no temporary files left behind
    EXPECT_EQ(entry.path().filename().string().front() == '.', false) << entry.path();
}

// ---- Usage errors ----------------------------------------------------------

TEST_F(RunCli, RejectsBadUsage) {
  write_population();
  const std::string s = quoted(write("s.toml", scenario_text()).string());
  expect_rejected(s + " --draws 0", "--draws \"0\"", "at least 1");
  expect_rejected(s + " --draws many", "--draws \"many\"", "whole number");
  expect_rejected(s + " --seed -1", "--seed \"-1\"", "0 or more");
  expect_rejected(s + " --threads 0", "--threads \"0\"", "at least 1");
  expect_rejected(s + " --interval 1.5", "--interval \"1.5\"", "between 0 and 1");
  expect_rejected(s + " --mode sometimes", "--mode \"sometimes\"", "expected or realised");
  expect_rejected(s + " --colour", "unrecognised option '--colour'", "--help");
  expect_rejected("", "no scenario file", "--help");
  const CliResult r = run("frobnicate");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown verb \"frobnicate\""));
}

TEST_F(RunCli, RejectsAnUnwritableOutputDirectory) {
  write_population();
  const std::string s = quoted(write("s.toml", scenario_text()).string());
  write("plain-file", "x");
  const CliResult r = run("run " + s + " --out " + quoted((dir_ / "plain-file" / "sub").string()));
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("plain-file/sub: cannot create the output directory"));
  EXPECT_EQ(r.out, "");
}

// ---- Scenario errors -------------------------------------------------------

TEST_F(RunCli, RejectsAMissingScenarioFile) {
  expect_rejected(quoted((dir_ / "nowhere.toml").string()), "nowhere.toml", "cannot open");
}

TEST_F(RunCli, RejectsUnknownKeysWithTheirLine) {
  write_population();
  const fs::path s = write("s.toml", scenario_text("percent = 10.0\nsauce = \"x\"\n"));
  expect_rejected(quoted(s.string()), "s.toml:16:1", "unknown key \"sauce\" in [measure[1]] (did you mean \"source\"?)");
  const fs::path t = write("t.toml", scenario_text("percent = 10.0\n", "draw = 5\n"));
  expect_rejected(quoted(t.string()), "t.toml:10:1", "unknown key \"draw\" in [run] (did you mean \"draws\"?)");
}

TEST_F(RunCli, RejectsRatesOutsideTheirRange) {
  write_population();
  expect_rejected(quoted(write("a.toml", scenario_text("percent = 120\n")).string()),
                  "a.toml:15:11", "value 120% is outside [0, 100%]");
  expect_rejected(quoted(write("b.toml", scenario_text("proportion = -0.1\n")).string()),
                  "b.toml:15:14", "value -0.1 is outside [0, 1]");
  expect_rejected(quoted(write("c.toml", scenario_text("per_10000 = 10001\n")).string()),
                  "c.toml:15:13", "outside [0, 10000 per 10,000]");
}

TEST_F(RunCli, RejectsIntervalsThatDoNotHoldTheirValue) {
  write_population();
  expect_rejected(quoted(write("a.toml", scenario_text("percent = 7.3\ninterval = [8.0, 9.0]\n")).string()),
                  "a.toml:16:12", "value 7.3% is outside its interval [8, 9%]");
  expect_rejected(quoted(write("b.toml", scenario_text("percent = 7.3\ninterval = [9.0, 6.0]\n")).string()),
                  "b.toml:16:12", "interval lower end 9% is above its upper end 6%");
  expect_rejected(quoted(write("c.toml", scenario_text("count = 12\nof = 10\n")).string()),
                  "c.toml:15:9", "count x = 12 is above its denominator n = 10");
}

TEST_F(RunCli, RejectsDrawsOfZeroInTheScenario) {
  write_population();
  std::string text = scenario_text();
  text.replace(text.find("draws = 200"), 11, "draws = 0");
  expect_rejected(quoted(write("a.toml", text).string()), "a.toml:8:9",
                  "run.draws: 0 must be at least 1");
}

TEST_F(RunCli, RejectsAnAgeRangeWithNoPopulation) {
  write_population();
  expect_rejected(
      quoted(write("a.toml", "title = \"T\"\n[population]\nfile = \"population.csv\"\nyear = 2019\n"
                             "[areas]\ncodes = [\"E00000001\"]\n"
                             "[[measure]]\nid = \"m\"\nlabel = \"l\"\nsource = \"s\"\nages = \"1-5\"\npercent = 1\n").string()),
      "a.toml:11:8", "ages 1-5 split the population file's open band 3+");
  expect_rejected(quoted(write("b.toml", scenario_text("percent = 1\nyear = 2030\n")).string()),
                  "b.toml:16:8", "area E00000001 has no population for 2030");
}

TEST_F(RunCli, RejectsAnAreaNotInThePopulationFile) {
  write_population();
  std::string text = scenario_text();
  text.replace(text.find("E00000002"), 9, "E99999999");
  expect_rejected(quoted(write("a.toml", text).string()), "a.toml:6:23",
                  "area E99999999 is not in the population file");
}

// ---- Population file errors ------------------------------------------------

TEST_F(RunCli, RejectsAMissingPopulationFile) {
  const fs::path s = write("s.toml", scenario_text());  // population.csv never written
  expect_rejected(quoted(s.string()), "population.csv", "cannot open the population file");
}

TEST_F(RunCli, RejectsMalformedPopulationRows) {
  const std::string s = quoted(write("s.toml", scenario_text()).string());
  struct Case {
    std::string row, problem;
  };
  // Each bad row comes after the 16 good rows and the header: line 18.
  for (const Case& c : {Case{"E00000003,X,2019,female,0,-5\n", "count -5 is negative"},
                        Case{"E00000003,X,2019,female,0,lots\n", "count \"lots\" is not a number"},
                        Case{"E00000003,X,2019,female,0\n", "too few fields"},
                        Case{"E00000003,\"X,2019,female,0,5\n", "never closed"},
                        Case{"E00000003,X,2019,female,0,5,6,7\n", "too many fields"},
                        Case{"E00000003,X,2019,woman,0,5\n", "sex \"woman\" must be female, male or persons"},
                        Case{"E00000003,X,2019,female,-1,5\n", "age \"-1\" must be a whole number"},
                        Case{"E00000001,\"Town, North\",2019,female,2,5\n", "duplicate row"}}) {
    write_population(c.row);
    expect_rejected(s, "population.csv:18", c.problem);
  }
}

TEST_F(RunCli, RejectsAPopulationFileWithoutItsColumns) {
  write("population.csv", "area_code,area_name,year,sex,age\nE00000001,A,2019,female,0\n");
  expect_rejected(quoted(write("s.toml", scenario_text()).string()), "population.csv",
                  "the header has no column \"count\"");
}

}  // namespace
}  // namespace prevalence
