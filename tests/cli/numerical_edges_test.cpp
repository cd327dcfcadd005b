// Figures at the edges of what they can be, on one child and on ten
// million: rates of exactly 0 and 1, counts of 0 of n and n of n, rates a
// hair from 0 or 1, a head-count error of 90 %, odds ratios of 1e-300 and
// 1e6, overlap figures at the edge of feasibility. In both modes each run
// either succeeds with every figure finite (estimates.csv, estimates.md and
// `prevalence table`) or is refused with exit 2 and a line saying why; and
// where the answer is known exactly (a rate of 0 or 1) it is that answer.

#include "engine/cli/exit_code.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace prevalence {
namespace {

using test::quoted;
using testing::HasSubstr;

// One child, ten million children, and ten.
constexpr const char* kPopulation =
    "area_code,area_name,year,sex,age,count\n"
    "E1,One child,2019,persons,0,1\nE1,One child,2019,persons,1,0\nE1,One child,2019,persons,2,0\n"
    "E2,Ten million,2019,persons,0,3333334\nE2,Ten million,2019,persons,1,3333333\n"
    "E2,Ten million,2019,persons,2,3333333\n"
    "E3,Ten,2019,persons,0,2\nE3,Ten,2019,persons,1,3\nE3,Ten,2019,persons,2,5\n";

struct Edge {
  std::string name;
  std::string body;        // the scenario after its [run] table
  std::string refused;     // "" when the run must succeed; else part of its message
  double exact_rate = -1;  // when known: every area's count is this x its population
};

std::ostream& operator<<(std::ostream& out, const Edge& e) { return out << e.name; }

std::string measure(const std::string& figure) {
  return "[[measure]]\nid = \"m\"\nlabel = \"m\"\nages = \"0-2\"\nsource = \"S\"\n" + figure;
}

std::string overlap(const std::string& figures) {
  return "[[overlap]]\nid = \"t\"\nlabel = \"t\"\nages = \"0-2\"\nconditions = [\"a\", \"b\", \"c\"]\n"
         "condition_labels = [\"A\", \"B\", \"C\"]\n" +
         figures;
}

std::string figure(const std::string& region, double percent, const std::string& extra = "") {
  return fmt::format("[[overlap.figure]]\n{}\nsource = \"S\"\npercent = {}\n{}", region, percent, extra);
}

std::string prevalences(double a, double b, double c) {
  return figure("all_of = [\"a\"]", a) + figure("all_of = [\"b\"]", b) + figure("all_of = [\"c\"]", c);
}

std::string odds_ratio(const std::string& value, const std::string& interval = "") {
  return "[[overlap.odds_ratio]]\nbetween = [\"a\", \"b\"]\nvalue = " + value + "\n" + interval + "why = \"w\"\n";
}

std::vector<Edge> edges() {
  const std::string assumed_2000 = "[overlap.assumed]\neffective_sample_size = 2000\nwhy = \"w\"\n";
  return {
      {"rate_0", measure("percent = 0\n"), "", 0.0},
      {"rate_1", measure("percent = 100\n"), "", 1.0},
      {"count_0_of_100", measure("count = 0\nof = 100\n"), ""},
      {"count_100_of_100", measure("count = 100\nof = 100\n"), ""},
      {"count_0_of_1", measure("count = 0\nof = 1\n"), ""},
      {"count_1_of_1", measure("count = 1\nof = 1\n"), ""},
      {"rate_1e_minus_14", measure("percent = 1e-12\n"), ""},
      {"rate_1_minus_1e_14", measure("percent = 99.999999999999\n"), ""},
      {"interval_near_0", measure("percent = 1e-9\ninterval = [1e-10, 1e-8]\n"), ""},
      {"interval_near_1", measure("percent = 99.99999\ninterval = [99.9999, 99.999999]\n"), ""},
      {"interval_touching_0", measure("percent = 0\ninterval = [0, 5]\n"), "touches 0"},
      {"interval_of_zero_width", measure("percent = 10\ninterval = [10, 10]\n"), "zero width"},
      {"headcount_error_90_percent", measure("percent = 10\n"), ""},
      {"overlap_all_0", overlap(prevalences(0, 0, 0)), ""},
      {"overlap_all_1", overlap(prevalences(100, 100, 100)), ""},
      {"overlap_disjoint_edge", overlap(prevalences(10, 20, 30) + figure("any_of = [\"a\", \"b\", \"c\"]", 60)), ""},
      {"overlap_any_is_1", overlap(prevalences(40, 30, 30) + figure("any_of = [\"a\", \"b\", \"c\"]", 100)), ""},
      {"overlap_nested_edge", overlap(prevalences(10, 10, 10) + figure("any_of = [\"a\", \"b\", \"c\"]", 10)),
       "rounded = ..."},
      {"overlap_nested_edge_rounded",
       overlap(prevalences(10, 10, 10) + figure("any_of = [\"a\", \"b\", \"c\"]", 10, "rounded = 0.1\n")), ""},
      {"overlap_assumed_at_0_and_1", overlap(assumed_2000 + prevalences(0, 0, 100)), ""},
      {"overlap_assumed_sample_of_1",
       overlap("[overlap.assumed]\neffective_sample_size = 1\nwhy = \"w\"\n" + prevalences(10, 10, 10)), ""},
      {"odds_ratio_1e_minus_300", overlap(prevalences(10, 20, 5) + odds_ratio("1e-300")), ""},
      {"odds_ratio_1e6_uncertain", overlap(prevalences(10, 20, 5) + odds_ratio("1e6", "interval = [1e3, 1e9]\n")), ""},
      {"odds_ratio_with_a_rate_of_0", overlap(prevalences(0, 20, 5) + odds_ratio("50")), ""},
      {"odds_ratio_1e300", overlap(prevalences(10, 20, 5) + odds_ratio("1e300")), "odds ratio this far from 1"},
  };
}

// The words a C++ or Python formatter gives a non-finite number.
bool shows_non_finite(const std::string& text) {
  static const std::regex word(R"((^|[^a-z])(nan|inf|infinity)([^a-z]|$))", std::regex::icase);
  return std::regex_search(text, word);
}

class NumericalEdges : public testing::TestWithParam<std::tuple<Edge, std::string>> {
 protected:
  test::TempDir dir_;
};

TEST_P(NumericalEdges, GiveFiniteFiguresOrSayWhyNot) {
  const auto& [edge, mode] = GetParam();
  dir_.write("population.csv", kPopulation);
  const std::string error = edge.name == "headcount_error_90_percent" ? "relative_error = 0.9\n" : "";
  dir_.write("s.toml", "title = \"Edges\"\n[population]\nfile = \"population.csv\"\nyear = 2019\n" + error +
                           "[areas]\nall = true\n[run]\ndraws = 500\n" + edge.body);
  const std::string out = dir_.path("out");
  const test::CliResult r = test::run_prevalence(
      fmt::format("run {} --quiet --mode {} --out {}", quoted(dir_.path("s.toml")), mode, quoted(out)), dir_.path());
  if (!edge.refused.empty()) {
    EXPECT_EQ(r.status, cli::kBadInput) << r.err;
    EXPECT_THAT(r.err, HasSubstr(edge.refused));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    return;
  }
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(shows_non_finite(r.out)) << r.out;
  EXPECT_FALSE(shows_non_finite(test::slurp(out + "/estimates.md")));
  const test::CliResult table = test::run_prevalence(fmt::format("table {}", quoted(out + "/results.h5")), dir_.path());
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_FALSE(shows_non_finite(table.out)) << table.out;

  // Every number of estimates.csv finite; exact where the rate is.
  std::istringstream csv(test::slurp(out + "/estimates.csv"));
  std::string line;
  std::getline(csv, line);
  ASSERT_THAT(line, testing::StartsWith("area_code,area_name,measure,label,denominator,mean,median,lower,upper"));
  int rows = 0;
  while (std::getline(csv, line)) {
    ++rows;
    std::vector<std::string> fields;
    std::stringstream row(line);
    for (std::string field; std::getline(row, field, ',');) fields.push_back(field);
    ASSERT_GE(fields.size(), 9u) << line;
    for (std::size_t f = 4; f < fields.size(); ++f) {
      if (fields[f].empty()) continue;  // a figure the run does not state (no interval)
      char* end = nullptr;
      const double value = std::strtod(fields[f].c_str(), &end);
      if (end != fields[f].c_str() + fields[f].size()) continue;  // text, such as a source
      EXPECT_TRUE(std::isfinite(value)) << line;
    }
    if (edge.exact_rate >= 0) {
      const double population = std::stod(fields[4]);
      for (std::size_t f : {5, 6, 7, 8}) EXPECT_EQ(std::stod(fields[f]), edge.exact_rate * population) << line;
    }
  }
  EXPECT_GE(rows, 3);
}

INSTANTIATE_TEST_SUITE_P(Edges, NumericalEdges,
                         testing::Combine(testing::ValuesIn(edges()), testing::Values("expected", "realised")),
                         [](const testing::TestParamInfo<std::tuple<Edge, std::string>>& info) {
                           return std::get<0>(info.param).name + "_" + std::get<1>(info.param);
                         });

}  // namespace
}  // namespace prevalence
