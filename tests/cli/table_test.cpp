// End-to-end tests of results.h5 and `prevalence table`: every run leaves a
// results file whose figures are those of estimates.csv; tables re-rendered
// from it honour their disclosure control policy; levels the run did not
// store come from kept draws exactly as the run would have made them; and
// bad input ends with exit status 2 and no table file.

#include "engine/cli/exit_code.hpp"
#include "engine/results/results_file.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/leeds_scenario.hpp"
#include "tests/support/same_figures.hpp"
#include "tests/support/temp_dir.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing::StartsWith;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

using test::CliResult;
using test::quoted;
using test::slurp;

// Splits one CSV line whose fields are quoted only when they hold a comma or
// a quote (as the engine writes them).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool in_quotes = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      in_quotes = !in_quotes;
    } else if (c == ',' && !in_quotes) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// Rows of a CSV file as maps from its header's column names.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = csv_fields(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = csv_fields(line);
    EXPECT_EQ(fields.size(), header.size()) << line;
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

double number(const std::string& text) {
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  EXPECT_TRUE(ec == std::errc() && ptr == text.data() + text.size()) << text;
  return value;
}

class TableCli : public testing::Test {
 protected:
  CliResult prevalence(const std::string& args) { return test::run_prevalence(args, dir_.path()); }

  // Runs the Leeds scenario (small enough to be quick) into `name`.
  std::string run_leeds(const std::string& name, const std::string& extra = "") {
    const std::string out = dir_.path(name);
    const CliResult r =
        prevalence(fmt::format("run {} --draws 2000 --quiet --out {} {}", quoted(leeds_), quoted(out), extra));
    EXPECT_EQ(r.status, 0) << r.err;
    return out;
  }

  test::TempDir dir_;
  const std::string leeds_ = test::leeds_scenario_on_extract(dir_);
};

TEST_F(TableCli, EveryRunWritesAResultsFileHoldingTheFiguresOfEstimatesCsv) {
  const std::string out = run_leeds("leeds", "--interval 0.95,0.998 --threads 2");
  const results::RunResults results = results::read_results_file(out + "/results.h5");
  const auto rows = csv_rows(slurp(out + "/estimates.csv"));
  ASSERT_EQ(rows.size(), results.areas.size() * results.measures.size());
  // measures.csv holds each measure's texts once, in the same order.
  const auto measures = csv_rows(slurp(out + "/measures.csv"));
  ASSERT_EQ(measures.size(), results.measures.size());
  for (std::size_t m = 0; m < measures.size(); ++m) {
    EXPECT_EQ(measures[m].at("measure"), results.measures[m].id);
    EXPECT_EQ(measures[m].at("source"), results.measures[m].source);
    EXPECT_EQ(measures[m].at("uncertainty"), results.measures[m].uncertainty);
  }
  EXPECT_EQ(results.levels, (std::vector<double>{0.95, 0.998}));
  EXPECT_EQ(results.draws, 2000);
  EXPECT_EQ(results.seed, 2020u);
  EXPECT_EQ(results.mode, montecarlo::Mode::expected);
  EXPECT_EQ(results.threads, 2u);
  EXPECT_FALSE(results.draws_kept);
  EXPECT_EQ(results.title, "Leeds 2020: children and young people living with adversity");
  EXPECT_THAT(results.command_line, HasSubstr("prevalence run "));
  EXPECT_THAT(results.command_line, HasSubstr("--interval 0.95,0.998"));
  EXPECT_EQ(results.scenario_text, slurp(leeds_));
  ASSERT_EQ(results.inputs.size(), 2u);
  for (const results::InputFileRecord& input : results.inputs) EXPECT_EQ(input.sha256.size(), 64u);
  // The groups: the trio (an overlap of three conditions), then three single measures.
  ASSERT_EQ(results.groups.size(), 4u);
  EXPECT_TRUE(results.groups[0].is_overlap);
  EXPECT_EQ(results.groups[0].label, "the toxic trio");
  EXPECT_EQ(results.groups[0].condition_labels.size(), 3u);
  EXPECT_FALSE(results.groups[1].is_overlap);
  EXPECT_EQ(results.groups[1].id, "looked_after");
  EXPECT_EQ(results.shares.size(), 2000 * results.measures.size());
  // estimates.csv writes shortest round-trip decimals: the numbers are equal, not close.
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t a = i / results.measures.size(), m = i % results.measures.size();
    SCOPED_TRACE(rows[i].at("measure"));
    EXPECT_EQ(rows[i].at("area_code"), results.areas[a].code);
    EXPECT_EQ(rows[i].at("measure"), results.measures[m].id);
    EXPECT_EQ(rows[i].at("label"), results.measures[m].label);
    EXPECT_EQ(rows[i].at("ages"), results.measures[m].ages);
    EXPECT_EQ(number(rows[i].at("denominator")), results.denominator[i]);
    EXPECT_EQ(number(rows[i].at("mean")), results.mean[i]);
    EXPECT_EQ(number(rows[i].at("median")), results.median[i]);
    EXPECT_EQ(number(rows[i].at("mcse")), results.mcse[i]);
    EXPECT_EQ(number(rows[i].at("lower")), results.lower[i * 2]);
    EXPECT_EQ(number(rows[i].at("upper")), results.upper[i * 2]);
    // The wider level's interval contains the headline one.
    EXPECT_LE(results.lower[i * 2 + 1], results.lower[i * 2]);
    EXPECT_GE(results.upper[i * 2 + 1], results.upper[i * 2]);
  }
}

TEST_F(TableCli, KeptDrawsAreTheDrawsTheSummariesCameFrom) {
  const std::string out = run_leeds("kept", "--keep-draws");
  const results::RunResults results = results::read_results_file(out + "/results.h5");
  ASSERT_TRUE(results.draws_kept);
  const results::KeptDrawsReader kept(results);
  const std::vector<double> draws = kept.area(0);
  ASSERT_EQ(draws.size(), results.measures.size() * 2000);
  for (std::size_t m = 0; m < results.measures.size(); ++m) {
    double sum = 0.0;
    for (std::size_t d = 0; d < 2000; ++d) sum += draws[m * 2000 + d];
    // The run sums in another order; 1e-12 relative is far inside any rounding shown.
    EXPECT_NEAR(sum / 2000, results.mean[m], 1e-12 * results.mean[m]) << results.measures[m].id;
  }
}

TEST_F(TableCli, AMergedResultsFileHoldsTheUnshardedRunsData) {
  const std::string scenario = quoted((kSource / "bench" / "reference" / "la.toml").string());
  const std::string common = "--draws 100 --interval 0.9,0.99 --keep-draws --quiet";
  for (int k = 1; k <= 2; ++k)
    ASSERT_EQ(prevalence(fmt::format("run {} {} --areas-shard {}/2 --out {}", scenario, common, k,
                                     quoted(dir_.path(fmt::format("shard{}", k)))))
                  .status,
              0);
  ASSERT_EQ(prevalence(fmt::format("merge {} {} {} --quiet --out {}", scenario, quoted(dir_.path("shard2")),
                                   quoted(dir_.path("shard1")), quoted(dir_.path("merged"))))
                .status,
            0);
  ASSERT_EQ(prevalence(fmt::format("run {} {} --threads 1 --out {}", scenario, common, quoted(dir_.path("whole")))).status, 0);
  const results::RunResults merged = results::read_results_file(dir_.path("merged/results.h5"));
  const results::RunResults whole = results::read_results_file(dir_.path("whole/results.h5"));
  EXPECT_EQ(merged.shard, "");
  ASSERT_EQ(merged.areas.size(), whole.areas.size());
  for (std::size_t a = 0; a < whole.areas.size(); ++a) EXPECT_EQ(merged.areas[a].code, whole.areas[a].code);
  ASSERT_EQ(merged.groups.size(), whole.groups.size());
  for (std::size_t g = 0; g < whole.groups.size(); ++g) {
    EXPECT_EQ(merged.groups[g].label, whole.groups[g].label);
    EXPECT_EQ(merged.groups[g].condition_labels, whole.groups[g].condition_labels);
    EXPECT_EQ(merged.groups[g].moved_share, whole.groups[g].moved_share);
  }
  test::expect_same_figures(merged, whole);
  ASSERT_TRUE(merged.draws_kept);
  const results::KeptDrawsReader merged_draws(merged), whole_draws(whole);
  for (std::size_t a : {std::size_t{0}, merged.areas.size() / 2, merged.areas.size() - 1})
    EXPECT_EQ(merged_draws.area(a), whole_draws.area(a)) << merged.areas[a].code;
}

TEST_F(TableCli, ALevelNotStoredComesFromKeptDrawsExactlyAsTheRunWouldHaveStoredIt) {
  const std::string kept = run_leeds("kept", "--keep-draws --interval 0.95");
  const std::string stored = run_leeds("stored", "--interval 0.9");
  const CliResult from_draws = prevalence(fmt::format("table {} --format csv --interval 0.9 --significant 0", quoted(kept + "/results.h5")));
  const CliResult from_store = prevalence(fmt::format("table {} --format csv --interval 0.9 --significant 0", quoted(stored + "/results.h5")));
  ASSERT_EQ(from_draws.status, 0) << from_draws.err;
  ASSERT_EQ(from_store.status, 0) << from_store.err;
  EXPECT_THAT(from_draws.out, HasSubstr("lower_90"));
  EXPECT_EQ(from_draws.out, from_store.out);

  const CliResult refused = prevalence(fmt::format("table {} --interval 0.8", quoted(stored + "/results.h5")));
  EXPECT_EQ(refused.status, cli::kBadInput);
  EXPECT_THAT(refused.err, HasSubstr("stored intervals at 0.9 only, not 0.8"));
  EXPECT_THAT(refused.err, HasSubstr("--keep-draws"));
}

TEST_F(TableCli, OnsPolicyShowsNoCountBelowTenAndEveryCountAMultipleOfFive) {
  const std::string out = run_leeds("leeds");
  const CliResult r = prevalence(fmt::format("table {} --format csv --sdc ons-10-5", quoted(out + "/results.h5")));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = csv_rows(r.out);
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("sdc"), "ons-10-5");
    if (row.at("count") == "[c]") continue;
    const double count = number(row.at("count"));
    EXPECT_GE(count, 10.0) << row.at("measure");
    EXPECT_EQ(std::fmod(count, 5.0), 0.0) << row.at("measure");
  }
}

TEST_F(TableCli, EveryPolicyRoundsRealisedCountsToItsBaseAndSuppressesBelowItsThreshold) {
  // Leeds's realised counts; custom:1000:50 hides some of the trio's cells,
  // so secondary suppression has work to do.
  const std::string out = run_leeds("realised", "--mode realised");
  const struct {
    const char* policy;
    double threshold, base;
  } policies[] = {{"ons-10-5", 10, 5}, {"dfe", 5.5, 10}, {"custom:1000:50", 1000, 50}, {"none", 0, 1}};
  for (const auto& p : policies) {
    SCOPED_TRACE(p.policy);
    const CliResult r =
        prevalence(fmt::format("table {} --format csv --significant 0 --sdc {}", quoted(out + "/results.h5"), p.policy));
    ASSERT_EQ(r.status, 0) << r.err;
    const results::RunResults results = results::read_results_file(out + "/results.h5");
    const auto rows = csv_rows(r.out);
    ASSERT_EQ(rows.size(), results.measures.size());
    for (std::size_t m = 0; m < rows.size(); ++m) {
      const double x = results.point(m);  // the headline the table shows (the median)
      if (x < p.threshold) {
        EXPECT_EQ(rows[m].at("count"), "[c]") << rows[m].at("measure");
      }
      // Hidden but above the threshold: so that one below it cannot be worked out.
      if (rows[m].at("count") == "[c]") continue;
      ASSERT_GE(x, p.threshold) << rows[m].at("measure");
      const double shown = number(rows[m].at("count"));
      EXPECT_EQ(std::fmod(shown, p.base), 0.0) << rows[m].at("measure");
      EXPECT_LE(std::abs(shown - x), p.base / 2) << rows[m].at("measure");
      // The percentage is of the count as shown, not of the estimate: equal
      // up to its printing (one decimal from 1 %, two below).
      const double percent = 100 * shown / results.denominator[m];
      EXPECT_NEAR(number(rows[m].at("percent")), percent, percent >= 1 ? 0.05 : 0.005) << rows[m].at("measure");
    }
  }
}

TEST_F(TableCli, RendersEachFormatAndChoosesAreasAndMeasures) {
  const std::string out = run_leeds("leeds");
  const std::string file = quoted(out + "/results.h5");
  const CliResult md = prevalence(fmt::format("table {} --measures trio.any,looked_after --words", file));
  ASSERT_EQ(md.status, 0) << md.err;
  EXPECT_THAT(md.out, HasSubstr("any of the toxic trio"));
  EXPECT_THAT(md.out, HasSubstr("looked after (in care)"));
  EXPECT_THAT(md.out, testing::Not(HasSubstr("parental mental-health issues only")));
  EXPECT_THAT(md.out, HasSubstr("Given the characteristics of the local population, we would expect about"));

  const CliResult group = prevalence(fmt::format("table {} --format csv --measures trio --areas E08000035", file));
  ASSERT_EQ(group.status, 0) << group.err;
  EXPECT_EQ(csv_rows(group.out).size(), 13u) << "the trio's 13 outputs";

  const std::string html_file = dir_.path("pages/table.html");
  const CliResult html = prevalence(fmt::format("table {} --format html --sdc dfe --out {}", file, quoted(html_file)));
  ASSERT_EQ(html.status, 0) << html.err;
  EXPECT_TRUE(html.out.empty());
  const std::string page = slurp(html_file);
  EXPECT_THAT(page, StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(page, HasSubstr("<main"));
  EXPECT_THAT(page, HasSubstr("</main>"));
  EXPECT_THAT(page, HasSubstr("<table"));
  EXPECT_THAT(page, HasSubstr("dfe"));
}

TEST_F(TableCli, BadInputIsExitTwoAndLeavesAnEarlierTableAlone) {
  const std::string out = run_leeds("leeds");
  const std::string file = quoted(out + "/results.h5");
  const std::string table = dir_.path("table.md");
  ASSERT_EQ(prevalence(fmt::format("table {} --out {}", file, quoted(table))).status, 0);
  const std::string before = slurp(table);

  const auto refused = [&](const std::string& args, const std::string& message) {
    const CliResult r = prevalence(fmt::format("table {} --out {}", args, quoted(table)));
    EXPECT_EQ(r.status, cli::kBadInput) << args;
    EXPECT_THAT(r.err, HasSubstr(message)) << args;
    EXPECT_EQ(slurp(table), before) << args;
  };
  refused(fmt::format("{} --measures nonsense", file), "no measure or group \"nonsense\"");
  refused(fmt::format("{} --areas E99999999", file), "no area \"E99999999\"");
  refused(fmt::format("{} --sdc ons-5-10", file), "ons-5-10");
  refused(fmt::format("{} --format pdf", file), "--format \"pdf\"");
  refused(fmt::format("{} --interval 1.5", file), "1.5 must be between 0 and 1");
  refused(quoted(leeds_), "not a sealed prevalence results file");
  refused(quoted(dir_.path("missing.h5")), "no such file");
  // A file cut short, as by a full disk, is refused, not half read.
  const std::string whole = slurp(out + "/results.h5");
  std::ofstream(dir_.path("cut.h5"), std::ios::binary) << whole.substr(0, whole.size() / 2);
  refused(quoted(dir_.path("cut.h5")), "cut.h5");
}

}  // namespace
}  // namespace prevalence
