// The worked examples of config/, each run end to end as a user runs it:
// Rochdale from its own Children's Commissioner row; City of London and
// Hackney, and Bristol, North Somerset and South Gloucestershire, with their
// totals; and the England batch over five years, which reproduces the
// Commissioner's own 2017 count table for every authority.

#include "engine/cli/exit_code.hpp"
#include "engine/results/results_file.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libfccp/csv.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

using test::CliResult;
using test::quoted;

class WorkedExamples : public testing::Test {
 protected:
  results::RunResults run(const std::string& config, const std::string& options = "") {
    const fs::path out = dir_ / "out";
    const CliResult r = test::run_prevalence("run " + quoted((kSource / "config" / config).string()) + " --quiet " +
                                                 options + " --out " + quoted(out.string()),
                                             dir_);
    EXPECT_EQ(r.status, 0) << r.err;
    return results::read_results_file((out / "results.h5").string());
  }

  static std::size_t measure(const results::RunResults& r, const std::string& id) {
    for (std::size_t m = 0; m < r.measures.size(); ++m)
      if (r.measures[m].id == id) return m;
    ADD_FAILURE() << "no measure " << id;
    return 0;
  }

  static std::size_t row(const results::RunResults& r, const std::string& code, int year) {
    for (std::size_t a = 0; a < r.areas.size(); ++a)
      if (r.areas[a].code == code && r.areas[a].year == year) return a;
    ADD_FAILURE() << "no row " << code << " " << year;
    return 0;
  }

  test::TempDir scratch_;
  const fs::path dir_ = scratch_.path();
};

TEST_F(WorkedExamples, RochdaleGetsItsOwnChildrensCommissionerRates) {
  const results::RunResults r = run("rochdale-2020.toml", "--draws 4000");
  ASSERT_EQ(r.areas.size(), 1u);
  EXPECT_EQ(r.areas[0].code, "E08000005");
  // The Commissioner's narrow "any" for Rochdale, 19.9568 % (the data file,
  // row "Rochdale"), of ONS mid-2020 0-17s (53,846): the Dirichlet's mean is
  // the fitted table, which holds the figure exactly; the Monte Carlo mean
  // is within 4 standard errors of it.
  const std::size_t any = measure(r, "trio.any");
  EXPECT_EQ(r.denominator[any], 53846);
  EXPECT_NEAR(r.mean[any], 0.19956792352404 * 53846, 4 * r.mcse[any]);
  EXPECT_THAT(r.measures[any].uncertainty, HasSubstr("shared by every area"));
}

TEST_F(WorkedExamples, CityOfLondonAndHackneyHaveATotalInRealisedMode) {
  const results::RunResults r = run("city-and-hackney-2020.toml", "--draws 2000");
  ASSERT_EQ(r.areas.size(), 3u);
  EXPECT_EQ(r.areas[2].code, "city-and-hackney");
  EXPECT_EQ(r.mode, montecarlo::Mode::realised);
  const std::size_t any = measure(r, "trio.any");
  // The City's 1,825 children (ONS mid-2020) and Hackney's 63,828.
  EXPECT_EQ(r.denominator[r.index(0, any)], 1825);
  EXPECT_EQ(r.denominator[r.index(2, any)], 1825 + 63828);
  // Realised totals are whole sums of the two boroughs' realisations.
  EXPECT_NEAR(r.mean[r.index(2, any)], r.mean[r.index(0, any)] + r.mean[r.index(1, any)], 1e-6);
}

TEST_F(WorkedExamples, BnssgTotalOfSharedFiguresIsTheSumOfTheAuthoritiesIntervals) {
  const results::RunResults r = run("bnssg-2020.toml", "--draws 2000");
  ASSERT_EQ(r.areas.size(), 4u);
  EXPECT_EQ(r.areas[3].code, "bnssg");
  const std::size_t any = measure(r, "trio.any");
  // Shared scores for every cell of the three Dirichlet tables make the
  // three counts almost comonotone (each is a share of its own table's
  // total, so not exactly), and quantiles of comonotone counts add: the
  // total's interval ends are within 0.2 % of the sums of theirs. With
  // independent figures the total would be far narrower (config/README.md).
  double lower = 0.0, upper = 0.0;
  for (std::size_t a = 0; a < 3; ++a) lower += r.lower[r.index(a, any)], upper += r.upper[r.index(a, any)];
  EXPECT_NEAR(r.lower[r.index(3, any)], lower, 0.002 * lower);
  EXPECT_NEAR(r.upper[r.index(3, any)], upper, 0.002 * upper);
}

TEST_F(WorkedExamples, LeedsReconciledUsesAllSevenPublishedFiguresAndShowsEachBesideItsFit) {
  const results::RunResults r = run("leeds-2020-reconciled.toml", "--draws 4000");
  ASSERT_FALSE(r.published.empty());
  const std::size_t two = measure(r, "trio.two_or_more"), exactly = measure(r, "trio.exactly_two"),
                    all = measure(r, "trio.all_three");
  // The Commissioner's Leeds narrow figures (data/rates/cco-toxic-trio-2019).
  EXPECT_DOUBLE_EQ(r.published[r.index(0, two)], 0.0602094303855089);
  EXPECT_DOUBLE_EQ(r.published[r.index(0, exactly)], 0.0470538045391466);
  // The fitted figures hold together: two or more is exactly two + all three.
  EXPECT_NEAR(r.fitted[r.index(0, two)], r.fitted[r.index(0, exactly)] + r.fitted[r.index(0, all)], 1e-9);
  // The Dirichlet's mean is the fitted table: within 4 standard errors.
  EXPECT_NEAR(r.mean[r.index(0, two)], r.fitted[r.index(0, two)] * 168176, 4 * r.mcse[r.index(0, two)]);
  // check explains it and passes it.
  const CliResult check =
      test::run_prevalence("check " + quoted((kSource / "config/leeds-2020-reconciled.toml").string()), dir_);
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  EXPECT_THAT(check.out,
              HasSubstr("two or more of the toxic trio                published     6.02%  fitted     5.98%"));
  // Published tables mark them too, with both values under the table.
  const CliResult table =
      test::run_prevalence("table " + quoted((dir_ / "out/results.h5").string()) + " --format md", dir_);
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("| two or more of the toxic trio (r) "));
  EXPECT_THAT(table.out, HasSubstr("two or more of the toxic trio published 6.02%, fitted 5.98%"));
}

// One of the Commissioner's tables (counts or rates) for the five narrow
// figures the England scenario uses, by area code and measure id.
std::map<std::string, std::map<std::string, double>> commissioner_table(const char* file, const std::string& prefix) {
  std::map<std::string, std::string> code_of;
  {
    ::io::CSVReader<2, ::io::trim_chars<>, ::io::double_quote_escape<',', '"'>> lookup(
        (kSource / "data/rates/cco-toxic-trio-2019/la-names-to-codes.csv").string());
    lookup.read_header(::io::ignore_extra_column, "name", "code");
    std::string name, code;
    while (lookup.read_row(name, code)) code_of[name] = code;
  }
  ::io::CSVReader<6, ::io::trim_chars<>, ::io::double_quote_escape<',', '"'>> csv(
      (kSource / "data/rates/cco-toxic-trio-2019" / file).string());
  csv.read_header(::io::ignore_extra_column, "LA", prefix + "experienced domestic abuse in last year",
                  prefix + "has severe mental ill-health symptoms", prefix + "has an alcohol or drug dependency",
                  prefix + "has any of the 'toxic trio' issues (narrow measures)",
                  prefix + "has all 3 of the 'toxic trio' issues (narrow measures)");
  std::map<std::string, std::map<std::string, double>> table;
  std::string name;
  double dv, mh, sm, any, all;
  while (csv.read_row(name, dv, mh, sm, any, all))
    table[code_of.at(name)] = {
        {"trio.dv", dv}, {"trio.mh", mh}, {"trio.sm", sm}, {"trio.any", any}, {"trio.all_three", all}};
  return table;
}

TEST_F(WorkedExamples, EnglandBatchReproducesTheCommissioners2017CountsForEveryAuthority) {
  // 8,000 draws, not the scenario's 20,000: the estimates are checked
  // within their own Monte Carlo error, in less than half the time under the
  // sanitizers.
  const results::RunResults r = run("england-2017-2021.toml", "--draws 8000");
  // The Commissioner's counts are rate x ONS mid-2017 0-17s, rounded to 10.
  const auto counts = commissioner_table("toxicTrio_la_data_count.csv",
                                         "Projected number of 0-17 yr olds in a household where an adult ");
  const auto rates = commissioner_table("toxicTrio_la_data_rate.csv",
                                        "Projected % of 0-17 yr olds in a household where an adult ");
  ASSERT_EQ(counts.size(), 151u);
  for (const auto& [code, by_measure] : counts) {
    const std::size_t a = row(r, code, 2017);
    for (const auto& [id, count] : by_measure) {
      const std::size_t i = r.index(a, measure(r, id));
      // Exactly, from the run's own denominator (its join of the
      // Commissioner's names to ONS's 2017 areas) and the published rate.
      const double central = r.denominator[i] * rates.at(code).at(id) / 100.0;
      EXPECT_EQ(std::round(central / 10.0) * 10.0, count) << code << " " << id;
      // And the run's estimate: the fitted table holds each of these five
      // figures exactly, so the Monte Carlo mean is within 4 of its standard
      // errors of rate x denominator.
      EXPECT_NEAR(r.mean[i], central, 4.0 * r.mcse[i]) << code << " " << id;
    }
  }
  // Regions and England are totals in every year; the areas formed later
  // take their predecessors' figures, and say so.
  // ONS's England 0-17 (data/population/README.md).
  const std::map<int, double> england_children{
      {2017, 11866957}, {2018, 11954618}, {2019, 12023568}, {2020, 12093288}, {2021, 11761656}};
  for (const auto& [year, children] : england_children) {
    const std::size_t england = row(r, "E92000001", year);
    EXPECT_TRUE(r.areas[england].is_total());
    EXPECT_EQ(r.denominator[r.index(england, measure(r, "trio.any"))], children) << year;
  }
  EXPECT_THAT(r.areas[row(r, "E06000058", 2018)].note, HasSubstr("Bournemouth"));
  EXPECT_THAT(r.areas[row(r, "E06000053", 2019)].note, HasSubstr("Cornwall"));
  // table takes the run whole: an area's code gives its row in every year.
  const CliResult table = test::run_prevalence(
      "table " + quoted((dir_ / "out/results.h5").string()) + " --format md --areas E92000001 --measures trio.any",
      dir_);
  ASSERT_EQ(table.status, 0) << table.err;
  for (int year = 2017; year <= 2021; ++year)
    EXPECT_THAT(table.out, HasSubstr(fmt::format("## England (E92000001), {}: total of", year)));
}

}  // namespace
}  // namespace prevalence
