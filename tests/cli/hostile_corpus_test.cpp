// A corpus of hostile inputs, one ctest test each, as a batch job's operator
// meets them: broken and malicious scenario files, population files, command
// lines, results files given to `table`, shard folders given to `merge`, and
// special files where a file should be. Every case must end with exit status
// 2 and one line naming the file (and line) or option and the problem, write
// nothing, leave no temporary file, and leave the earlier results in the
// output folder byte for byte as they were. (Signals and a full disk, which
// need a process to stop or a limit to set, are in hostile_input_test.cpp.)

#include "engine/cli/exit_code.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/two_area_population.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using test::quoted;
using testing::HasSubstr;

// What a case gives the engine.
enum class Kind {
  scenario,    // `text` is the scenario, run as bad.toml
  population,  // `text` is the population CSV, run as bad.csv
  command,     // `text` is the command line after `prevalence`; {s} the good scenario
  results,     // `text` names a damage to the earlier run's results.h5, given to `table` as bad.h5
  shards,      // `text` names a damage to two good shards, given to `merge`
};

struct HostileCase {
  std::string name;
  Kind kind;
  std::string text;
  std::string where;    // in the message: "bad.toml:9:1", "bad.csv:4", "--draws"
  std::string problem;  // in the message
};

std::ostream& operator<<(std::ostream& out, const HostileCase& c) { return out << c.name; }

std::string population() { return test::two_area_population(); }

// The good scenario with `measure` as its one measure's figure lines and
// `extra` after everything.
std::string scenario(const std::string& figure = "percent = 10\ninterval = [5, 15]\n",
                     const std::string& run = "draws = 100\n", const std::string& extra = "") {
  return fmt::format(
      "title = \"T\"\n"                           // 1
      "[population]\n"                            // 2
      "file = \"population.csv\"\n"               // 3
      "year = 2019\n"                             // 4
      "[areas]\n"                                 // 5
      "codes = [\"E00000001\", \"E00000002\"]\n"  // 6
      "[run]\n"                                   // 7
      "{}"                                        // 8
      "[[measure]]\n"                             // 9
      "id = \"m\"\n"                              // 10
      "label = \"a measure\"\n"                   // 11
      "ages = \"0-2\"\n"                          // 12
      "source = \"S\"\n"                          // 13
      "{}{}",                                     // 14
      run, figure, extra);
}

// The population with its first data row's `column` (0-based) set to `value`.
std::string population_with(std::size_t column, const std::string& value, int row = 1) {
  std::string text = population();
  std::size_t start = 0;
  for (int r = 0; r < row; ++r) start = text.find('\n', start) + 1;
  const std::size_t end = text.find('\n', start);
  std::vector<std::string> fields;
  std::string line = text.substr(start, end - start), field;
  // The first row's name is quoted with a comma inside: split by hand.
  bool quoted_field = false;
  for (char c : line) {
    if (c == '"') quoted_field = !quoted_field;
    if (c == ',' && !quoted_field) {
      fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(field);
  fields[column] = value;
  std::string joined;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) joined += ',';
    joined += fields[i];
  }
  return text.replace(start, end - start, joined);
}

std::vector<HostileCase> scenario_cases() {
  const std::string good = scenario();
  std::string latin1 = good;
  latin1.replace(latin1.find("a measure"), 9, "caf\xe9");
  std::string nul = good;
  nul.replace(nul.find("a measure"), 9, std::string("a\0b", 3));
  std::string deep = "title = ";
  deep += std::string(100000, '[');
  return {
      {"toml_unterminated_table", Kind::scenario, "title = \"T\"\n[population\n", "bad.toml:2:12", "expected ']'"},
      {"toml_unterminated_string", Kind::scenario, "title = \"T\n", "bad.toml:1:11", "unescaped control characters"},
      {"toml_duplicate_key", Kind::scenario, "title = \"T\"\ntitle = \"U\"\n", "bad.toml:2:9", "cannot redefine"},
      {"toml_nested_100000_deep", Kind::scenario, deep, "bad.toml:1:", "maximum nested value depth"},
      {"toml_empty_file", Kind::scenario, "", "bad.toml:1:1", "title: required key is missing"},
      {"toml_nul_byte", Kind::scenario, nul, "bad.toml:11:", "unescaped control characters"},
      {"toml_latin1_text", Kind::scenario, latin1, "bad.toml:11:", "invalid utf-8"},
      {"toml_unknown_measure_key", Kind::scenario, scenario() + "titel = \"T\"\n", "bad.toml:16:1",
       "unknown key \"titel\""},
      {"toml_unknown_run_key", Kind::scenario, scenario("percent = 10\n", "draws = 100\nthreadz = 2\n"), "bad.toml:9:1",
       "unknown key \"threadz\" in [run]"},
      {"run_draws_zero", Kind::scenario, scenario("percent = 10\n", "draws = 0\n"), "bad.toml:8:9",
       "run.draws: 0 must be at least 1"},
      {"run_draws_negative", Kind::scenario, scenario("percent = 10\n", "draws = -5\n"), "bad.toml:8:9",
       "run.draws: -5 must be at least 1"},
      {"run_draws_text", Kind::scenario, scenario("percent = 10\n", "draws = \"many\"\n"), "bad.toml:8:9",
       "must be a whole number"},
      {"run_draws_fraction", Kind::scenario, scenario("percent = 10\n", "draws = 1.5\n"), "bad.toml:8:9",
       "must be a whole number"},
      {"run_seed_negative", Kind::scenario, scenario("percent = 10\n", "seed = -1\n"), "bad.toml:8:8",
       "run.seed: -1 must not be negative"},
      {"run_seed_beyond_int64", Kind::scenario, scenario("percent = 10\n", "seed = 9223372036854775808\n"),
       "bad.toml:8:", "not representable in 64 bits"},
      {"run_mode_unknown", Kind::scenario, scenario("percent = 10\n", "mode = \"typical\"\n"), "bad.toml:8:8",
       "\"typical\" must be expected or realised"},
      {"run_interval_above_one", Kind::scenario, scenario("percent = 10\n", "interval = 1.5\n"), "bad.toml:8:12",
       "1.5 must be between 0 and 1"},
      {"figure_percent_above_100", Kind::scenario, scenario("percent = 150\n"), "bad.toml:14:11",
       "150% is outside [0, 100%]"},
      {"figure_percent_negative", Kind::scenario, scenario("percent = -1\n"), "bad.toml:14:11",
       "-1% is outside [0, 100%]"},
      {"figure_percent_nan", Kind::scenario, scenario("percent = nan\n"), "bad.toml:14:11", "must be a finite number"},
      {"figure_percent_inf", Kind::scenario, scenario("percent = inf\n"), "bad.toml:14:11", "must be a finite number"},
      {"figure_interval_reversed", Kind::scenario, scenario("percent = 10\ninterval = [15, 5]\n"), "bad.toml:15:12",
       "lower end 15% is above its upper end 5%"},
      {"figure_interval_misses_point", Kind::scenario, scenario("percent = 10\ninterval = [20, 30]\n"),
       "bad.toml:15:12", "10% is outside its interval"},
      {"figure_interval_one_end", Kind::scenario, scenario("percent = 10\ninterval = [5]\n"), "bad.toml:15:12",
       "must be two numbers"},
      {"figure_two_kinds", Kind::scenario, scenario("percent = 10\nproportion = 0.1\n"), "bad.toml:14:11",
       "give only one of"},
      {"figure_none", Kind::scenario, scenario(""), "bad.toml:9:1", "no published figure"},
      {"figure_count_above_of", Kind::scenario, scenario("count = 11\nof = 10\n"), "bad.toml:14:9",
       "count x = 11 is above its denominator n = 10"},
      {"figure_proportion_beyond_2_53", Kind::scenario, scenario("proportion = 9007199254740993\n"), "bad.toml:14:14",
       "beyond 2^53"},
      {"measure_ages_reversed", Kind::scenario, scenario("percent = 10\n").replace(scenario().find("0-2"), 3, "2-0"),
       "bad.toml:12:8", "\"2-0\" is not an age range"},
      {"measure_ages_beyond_population", Kind::scenario,
       scenario("percent = 10\n").replace(scenario().find("0-2"), 3, "0-90"), "bad.toml:12:8",
       "reach past the oldest age (2)"},
      {"measure_ages_text", Kind::scenario, scenario("percent = 10\n").replace(scenario().find("0-2"), 3, "kids"),
       "bad.toml:12:8", "\"kids\" is not an age range"},
      {"measure_id_repeated", Kind::scenario,
       scenario("percent = 10\n", "draws = 100\n",
                "[[measure]]\nid = \"m\"\nlabel = \"b\"\nages = \"0-2\"\nsource = \"S\"\npercent = 5\n"),
       "bad.toml:16:6", "\"m\" is already used"},
      {"measure_no_source", Kind::scenario, scenario("percent = 10\n").replace(scenario().find("source"), 12, ""),
       "bad.toml:9:1", "measure[1].source: required key is missing"},
      {"area_not_in_population", Kind::scenario,
       scenario("percent = 10\n").replace(scenario().find("E00000002"), 9, "E99999999"), "bad.toml:6:23",
       "area E99999999 is not in the population file"},
      {"population_file_missing", Kind::scenario,
       scenario("percent = 10\n").replace(scenario().find("population.csv"), 14, "nowhere.csv"), "nowhere.csv",
       "cannot open the population file"},
      {"population_year_absent", Kind::scenario, scenario("percent = 10\n").replace(scenario().find("2019"), 4, "2030"),
       "bad.toml:4:8", "the population file has no areas for year 2030 (it has 2019)"},
      {"population_relative_error_negative", Kind::scenario,
       scenario("percent = 10\n").replace(scenario().find("year = 2019\n"), 12, "year = 2019\nrelative_error = -0.1\n"),
       "bad.toml:5:18", "relative_error: -0.1 must be from 0 to 1"},
      {"population_years_out_of_order", Kind::scenario,
       scenario("percent = 10\n").replace(scenario().find("year = 2019"), 11, "years = [2019, 2017]"), "bad.toml:4:16",
       "2017 must come after 2019"},
      {"population_year_and_years", Kind::scenario,
       scenario("percent = 10\n").replace(scenario().find("year = 2019\n"), 12, "year = 2019\nyears = [2019]\n"),
       "bad.toml:2:1", "give year = 2019, or years = [2017, 2018]"},
      {"areas_code_types_with_codes", Kind::scenario,
       scenario("percent = 10\n").replace(scenario().find("[run]"), 5, "code_types = [\"E06\"]\n[run]"),
       "bad.toml:7:14", "chooses among all = true's areas"},
      // Figures by area ([[area_figures]]; rates.csv has both areas).
      {"area_figures_unknown_table", Kind::scenario, scenario("percent = { from = \"nope\", column = \"rate\" }\n"),
       "bad.toml:14:", "\"nope\": the scenario has no [[area_figures]] tables"},
      {"area_figures_file_missing", Kind::scenario,
       scenario("percent = { from = \"r\", column = \"rate\" }\n", "draws = 100\n",
                "[[area_figures]]\nid = \"r\"\nfile = \"none.csv\"\ncode_column = \"code\"\n"),
       "none.csv", "cannot open the figures file"},
      {"area_figures_no_join", Kind::scenario,
       scenario("percent = { from = \"r\", column = \"rate\" }\n", "draws = 100\n",
                "[[area_figures]]\nid = \"r\"\nfile = \"rates.csv\"\n"),
       "bad.toml:15:1", "say how rows are joined to areas"},
      {"area_figures_column_missing", Kind::scenario,
       scenario("percent = { from = \"r\", column = \"rates\" }\n", "draws = 100\n",
                "[[area_figures]]\nid = \"r\"\nfile = \"rates.csv\"\ncode_column = \"code\"\n"),
       "rates.csv:1", "the header has no column \"rates\" (nearest: \"rate\")"},
      {"area_figures_row_missing", Kind::scenario,
       scenario("percent = { from = \"r\", column = \"rate\" }\n", "draws = 100\n",
                "[[area_figures]]\nid = \"r\"\nfile = \"one-area.csv\"\ncode_column = \"code\"\n"),
       "bad.toml:14:", "1 of the run's 2 areas has no row in area_figures r"},
      {"area_figures_map_without_changes", Kind::scenario,
       scenario("percent = { from = \"r\", column = \"rate\" }\n", "draws = 100\n",
                "[[area_figures]]\nid = \"r\"\nfile = \"rates.csv\"\ncode_column = \"code\"\nmap_new_areas = true\n"),
       "bad.toml:19:17", "needs the lookup of what each new area was made from"},
      {"across_areas_unknown", Kind::scenario,
       scenario("percent = { from = \"r\", column = \"rate\" }\nacross_areas = \"some\"\n", "draws = 100\n",
                "[[area_figures]]\nid = \"r\"\nfile = \"rates.csv\"\ncode_column = \"code\"\n"),
       "bad.toml:15:16", "\"some\" must be \"shared\", \"independent\" or { correlation = r }"},
      {"across_areas_correlation_above_1", Kind::scenario,
       scenario("percent = { from = \"r\", column = \"rate\" }\nacross_areas = { correlation = 1.5 }\n",
                "draws = 100\n", "[[area_figures]]\nid = \"r\"\nfile = \"rates.csv\"\ncode_column = \"code\"\n"),
       "bad.toml:15:", "1.5 must be from 0 (independent) to 1 (shared)"},
      {"across_areas_on_a_fixed_figure", Kind::scenario, scenario("percent = 10\nacross_areas = \"shared\"\n"),
       "bad.toml:15:16", "only a figure that varies by area"},
      // Totals over areas.
      {"group_member_not_in_run", Kind::scenario,
       scenario("percent = 10\n", "draws = 100\n",
                "[[group]]\nid = \"g\"\nname = \"G\"\nmembers = [\"E00000001\", \"E00000009\"]\n"),
       "bad.toml:18:25", "group g: E00000009 is not one of the run's areas (nearest: E00000001, E00000002)"},
      {"group_members_empty", Kind::scenario,
       scenario("percent = 10\n", "draws = 100\n", "[[group]]\nid = \"g\"\nname = \"G\"\nmembers = []\n"),
       "bad.toml:18:11", "group[1].members: required array of area codes"},
  };
}

std::vector<HostileCase> population_cases() {
  std::string gap = population();
  const std::size_t age1 = gap.find(",female,1,");
  gap.erase(gap.rfind('\n', age1) + 1, gap.find('\n', age1) - gap.rfind('\n', age1));
  std::string repeated = population();
  const std::size_t second = repeated.find('\n') + 1;
  repeated.insert(second, repeated.substr(second, repeated.find('\n', second) + 1 - second));
  return {
      {"csv_empty_file", Kind::population, "", "bad.csv", "the file is empty"},
      {"csv_header_only", Kind::population, "area_code,area_name,year,sex,age,count\n", "bad.csv", "no rows"},
      {"csv_wrong_header", Kind::population, "code,name,year,sex,age,n\nE00000001,A,2019,female,0,1\n", "bad.csv:1",
       "no column \"area_code\""},
      {"csv_missing_field", Kind::population, "area_code,area_name,year,sex,age,count\nE00000001,A,2019,female,0\n",
       "bad.csv:2", "too few fields"},
      {"csv_unterminated_quote", Kind::population, population_with(1, "\"Town, North"), "bad.csv:2", "never closed"},
      {"csv_count_text", Kind::population, population_with(5, "many"), "bad.csv:2", "count \"many\" is not a number"},
      {"csv_count_negative", Kind::population, population_with(5, "-3"), "bad.csv:2", "count -3 is negative"},
      {"csv_count_nan", Kind::population, population_with(5, "nan"), "bad.csv:2", "count \"nan\" is not a number"},
      {"csv_count_inf", Kind::population, population_with(5, "inf"), "bad.csv:2", "count \"inf\" is not a number"},
      {"csv_count_1e308", Kind::population, population_with(5, "1e308"), "bad.csv:2", "beyond 2^53"},
      {"csv_count_2_63", Kind::population, population_with(5, "9223372036854775808"), "bad.csv:2", "beyond 2^53"},
      {"csv_age_text", Kind::population, population_with(4, "baby"), "bad.csv:2",
       "age \"baby\" must be a whole number"},
      {"csv_age_negative", Kind::population, population_with(4, "-1"), "bad.csv:2",
       "age \"-1\" must be a whole number"},
      {"csv_age_missing_from_sequence", Kind::population, gap, "bad.csv:2", "no female row for age 1"},
      {"csv_row_repeated", Kind::population, repeated, "bad.csv:3", "duplicate row"},
      {"csv_sex_unknown", Kind::population, population_with(3, "other"), "bad.csv:2", "sex \"other\" must be"},
      {"csv_year_text", Kind::population, population_with(2, "twenty"), "bad.csv:2",
       "year \"twenty\" is not a whole number"},
      {"csv_area_code_empty", Kind::population, population_with(0, ""), "bad.csv:2", "area_code is empty"},
      {"csv_open_band_not_oldest", Kind::population, population_with(4, "0+"), "bad.csv:3",
       "comes after the open band 0+"},
      {"csv_latin1_name", Kind::population, population_with(1, "Sou\xe9th"), "bad.csv:2", "not UTF-8"},
      {"csv_nul_in_name", Kind::population, population_with(1, std::string("So\0uth", 6)), "bad.csv:2", "a NUL byte"},
  };
}

std::vector<HostileCase> command_cases() {
  return {
      {"cli_unknown_verb", Kind::command, "frobnicate {s}", "\"frobnicate\"", "unknown verb"},
      {"cli_unknown_option", Kind::command, "run {s} --frobnicate", "--frobnicate", "unrecognised option"},
      {"cli_no_scenario", Kind::command, "run", "run: ", "no scenario file given"},
      {"cli_two_scenarios", Kind::command, "run {s} {s}", "run: ", "one scenario file at a time"},
      {"cli_draws_zero", Kind::command, "run {s} --draws 0", "--draws \"0\"", "at least 1"},
      {"cli_draws_negative", Kind::command, "run {s} --draws -1", "--draws \"-1\"", "at least 1"},
      {"cli_draws_text", Kind::command, "run {s} --draws many", "--draws \"many\"", "a whole number of draws"},
      {"cli_draws_exponent", Kind::command, "run {s} --draws 1e8", "--draws \"1e8\"", "a whole number of draws"},
      {"cli_draws_beyond_memory", Kind::command, "run {s} --draws 4294967295", "4,294,967,295 draws",
       "use fewer --draws"},
      {"cli_run_longer_than_max_hours", Kind::command, "run {s} --max-hours 1e-12", "this run would take ",
       "more than --max-hours 1e-12: use fewer --draws, split the areas"},
      {"cli_max_hours_zero", Kind::command, "run {s} --max-hours 0", "--max-hours", "a positive number of hours"},
      {"cli_max_hours_text", Kind::command, "run {s} --max-hours soon", "--max-hours \"soon\"", "a number of hours"},
      {"cli_seed_negative", Kind::command, "run {s} --seed -1", "--seed \"-1\"", "0 or more"},
      {"cli_threads_zero", Kind::command, "run {s} --threads 0", "--threads \"0\"", "at least 1"},
      {"cli_mode_unknown", Kind::command, "run {s} --mode typical", "--mode \"typical\"", "use expected or realised"},
      {"cli_interval_one", Kind::command, "run {s} --interval 1", "--interval \"1\"", "between 0 and 1"},
      {"cli_interval_five_levels", Kind::command, "run {s} --interval 0.5,0.6,0.7,0.8,0.9",
       "--interval \"0.5,0.6,0.7,0.8,0.9\"", "at most 4 interval levels"},
      {"cli_shard_beyond_count", Kind::command, "run {s} --areas-shard 3/2", "--areas-shard \"3/2\"", "1 <= K <= N"},
      {"cli_shard_zero", Kind::command, "run {s} --areas-shard 0/2", "--areas-shard \"0/2\"", "1 <= K <= N"},
      {"cli_shard_more_than_areas", Kind::command, "run {s} --areas-shard 1/3", "--areas-shard \"1/3\"",
       "at most 2 shards"},
      {"cli_shard_text", Kind::command, "run {s} --areas-shard half", "--areas-shard \"half\"", "expected K/N"},
      {"cli_scenario_missing", Kind::command, "run nowhere.toml", "nowhere.toml: ", "cannot open the scenario file"},
      {"cli_out_is_a_file", Kind::command, "run {s} --out {s}", "good.toml: ", "cannot create the output directory"},
      {"cli_table_format_unknown", Kind::command, "table {r} --format pdf", "--format \"pdf\"", "use csv, md or html"},
      {"cli_table_sdc_unknown", Kind::command, "table {r} --sdc secret",
       "--sdc: ", "unknown disclosure control policy \"secret\""},
      {"cli_table_measure_unknown", Kind::command, "table {r} --measures nothing",
       "out/results.h5: ", "no measure or group \"nothing\""},
      {"cli_table_area_unknown", Kind::command, "table {r} --areas E99999999",
       "out/results.h5: ", "no area \"E99999999\""},
      {"cli_table_interval_not_stored", Kind::command, "table {r} --interval 0.5",
       "out/results.h5: ", "stored intervals at 0.95 only, not 0.5"},
      {"cli_check_missing", Kind::command, "check nowhere.toml", "nowhere.toml: ", "cannot open the scenario file"},
  };
}

std::vector<HostileCase> results_cases() {
  return {
      {"results_empty_file", Kind::results, "empty", "bad.h5", "not a sealed"},
      {"results_text_file", Kind::results, "text", "bad.h5", "not a sealed"},
      {"results_first_half", Kind::results, "half", "bad.h5", "do not match the SHA-256"},
      {"results_seal_only", Kind::results, "seal only", "bad.h5", "do not match the SHA-256"},
      {"results_one_byte_flipped", Kind::results, "flip", "bad.h5", "do not match the SHA-256"},
      {"results_last_byte_dropped", Kind::results, "drop last", "bad.h5", "do not match the SHA-256"},
      {"results_seal_damaged", Kind::results, "seal damaged", "bad.h5", "not a sealed"},
      {"results_hdf5_crash_input", Kind::results, "crash", "bad.h5", "not a sealed"},
      {"results_sealed_but_crashing_hdf5", Kind::results, "sealed crash", "bad.h5", "the HDF5 library crashed"},
      {"results_sealed_but_failing_hdf5_at_exit", Kind::results, "sealed exit loop", "bad.h5",
       "memory allocation failed | the HDF5 library crashed"},
      {"results_directory", Kind::results, "directory", "bad.h5", "a directory"},
      {"results_named_pipe", Kind::results, "fifo", "bad.h5", "not a regular file"},
      {"results_missing", Kind::results, "missing", "bad.h5", "no such file"},
      {"results_a_device", Kind::results, "device", "/dev/null", "not a regular file"},
  };
}

std::vector<HostileCase> shard_cases() {
  return {
      {"merge_shard_without_results", Kind::shards, "no results", "s2: ", "no results.h5 here"},
      {"merge_same_shard_twice", Kind::shards, "twice", "s1/results.h5: ", "shard 1 of 2 is given twice"},
      {"merge_shard_missing", Kind::shards, "one only", "shard 2 of 2", "is missing"},
      {"merge_shard_crashing_hdf5", Kind::shards, "crashing", "s2/results.h5: ", "the HDF5 library crashed"},
      {"merge_shard_damaged", Kind::shards, "damaged", "s2/results.h5", "do not match the SHA-256"},
      {"merge_scenario_changed", Kind::shards, "scenario changed",
       "s1/results.h5: ", "a shard of a different scenario file"},
      {"merge_unsharded_run", Kind::shards, "unsharded", "s2/results.h5: ", "not a shard"},
      {"merge_out_is_a_shard", Kind::shards, "out is a shard", "--out ", "merge into a directory of its own"},
      {"merge_shard_is_a_file", Kind::shards, "shard is a file", "s2: ", "not a directory"},
  };
}

std::vector<HostileCase> corpus() {
  std::vector<HostileCase> all;
  for (auto part : {scenario_cases(), population_cases(), command_cases(), results_cases(), shard_cases()})
    all.insert(all.end(), part.begin(), part.end());
  return all;
}

class HostileCorpus : public testing::TestWithParam<HostileCase> {
 protected:
  void SetUp() override {
    dir_.write("population.csv", population());
    dir_.write("rates.csv", "code,rate\nE00000001,10\nE00000002,20\n");
    dir_.write("one-area.csv", "code,rate\nE00000001,10\n");
    dir_.write("good.toml", scenario());
    const test::CliResult r = run(fmt::format("run {} --quiet --out {}", path("good.toml"), out()));
    ASSERT_EQ(r.status, 0) << r.err;
    earlier_ = snapshot();
  }

  test::CliResult run(const std::string& args) { return test::run_prevalence(args, dir_.path()); }
  std::string path(const std::string& name) const { return quoted(dir_.path(name)); }
  std::string out() const { return path("out"); }

  // Every file of the output folder, by name.
  std::map<std::string, std::string> snapshot() const {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(dir_.path("out")))
      files[entry.path().filename().string()] =
          entry.is_regular_file() ? test::slurp(entry.path()) : std::string("(not a file)");
    return files;
  }

  // Two shards of the good scenario, run into s1 and s2.
  void run_shards() {
    for (int k = 1; k <= 2; ++k) {
      const test::CliResult r = run(fmt::format("run {} --quiet --areas-shard {}/2 --out {}", path("good.toml"), k,
                                                path("s" + std::to_string(k))));
      ASSERT_EQ(r.status, 0) << r.err;
    }
  }

  // The command line of a case, its hostile input written where it names.
  std::string command_line(const HostileCase& c) {
    switch (c.kind) {
      case Kind::scenario:
        dir_.write("bad.toml", c.text);
        return fmt::format("run {} --quiet --out {}", path("bad.toml"), out());
      case Kind::population:
        dir_.write("bad.csv", c.text);
        dir_.write("bad.toml", scenario().replace(scenario().find("population.csv"), 14, "bad.csv"));
        return fmt::format("run {} --quiet --out {}", path("bad.toml"), out());
      case Kind::command: {
        std::string args = c.text;
        for (std::size_t at; (at = args.find("{s}")) != std::string::npos;) args.replace(at, 3, path("good.toml"));
        for (std::size_t at; (at = args.find("{r}")) != std::string::npos;) args.replace(at, 3, path("out/results.h5"));
        if (args.rfind("run", 0) == 0 && args.find("--out") == std::string::npos) args += " --quiet --out " + out();
        if (args.rfind("table", 0) == 0) args += " --out " + path("out/table.md");
        return args;
      }
      case Kind::results:
        return fmt::format("table {} --out {}", damaged_results(c.text), path("out/table.md"));
      case Kind::shards:
        return damaged_merge(c.text);
    }
    return "";
  }

  std::string damaged_results(const std::string& damage) {
    const std::string good = test::slurp(dir_.path("out/results.h5"));
    const std::string bad = dir_.path("bad.h5");
    if (damage == "empty") dir_.write("bad.h5", "");
    if (damage == "text") dir_.write("bad.h5", "title = \"not a results file\"\n");
    if (damage == "half") dir_.write("bad.h5", good.substr(0, good.size() / 2));
    if (damage == "seal only") dir_.write("bad.h5", good.substr(0, 512));
    if (damage == "drop last") dir_.write("bad.h5", good.substr(0, good.size() - 1));
    if (damage == "flip") {
      std::string flipped = good;
      flipped[good.size() / 3] = static_cast<char>(flipped[good.size() / 3] ^ 1);
      dir_.write("bad.h5", flipped);
    }
    if (damage == "seal damaged") dir_.write("bad.h5", "x" + good.substr(1));
    if (damage == "crash")
      fs::copy_file(fs::path(PREVALENCE_SOURCE_DIR) / "tests/fuzz/regressions/results/hdf5-global-heap-memcpy-crash.h5",
                    bad);
    // A file a fuzzer made: its seal matches, and HDF5 1.10 crashes on it.
    if (damage == "sealed crash")
      fs::copy_file(fs::path(PREVALENCE_SOURCE_DIR) / "tests/fuzz/hdf5-crashes/sealed-global-heap-memcpy.h5", bad);
    // One on which HDF5 fails cleanly, but then loops at exit unless skipped.
    if (damage == "sealed exit loop")
      fs::copy_file(fs::path(PREVALENCE_SOURCE_DIR) / "tests/fuzz/hdf5-crashes/sealed-cache-allocation.h5", bad);
    if (damage == "directory") fs::create_directory(bad);
    if (damage == "fifo") {
      EXPECT_EQ(::mkfifo(bad.c_str(), 0600), 0);
    }
    if (damage == "device") return "/dev/null";
    return quoted(bad);
  }

  std::string damaged_merge(const std::string& damage) {
    run_shards();
    std::string shards = path("s1") + " " + path("s2"), scenario_file = path("good.toml");
    std::string to = out();
    if (damage == "no results") fs::remove(dir_.path("s2/results.h5"));
    if (damage == "twice") shards = path("s1") + " " + path("s1");
    if (damage == "one only") shards = path("s1");
    if (damage == "damaged") {
      std::string bytes = test::slurp(dir_.path("s2/results.h5"));
      bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 1);
      dir_.write("s2/results.h5", bytes);
    }
    if (damage == "crashing")
      fs::copy_file(fs::path(PREVALENCE_SOURCE_DIR) / "tests/fuzz/hdf5-crashes/sealed-global-heap-memcpy.h5",
                    dir_.path("s2/results.h5"), fs::copy_options::overwrite_existing);
    if (damage == "scenario changed") {
      dir_.write("changed.toml", scenario("percent = 11\ninterval = [5, 15]\n"));
      scenario_file = path("changed.toml");
    }
    if (damage == "unsharded") {
      fs::remove_all(dir_.path("s2"));
      fs::copy(dir_.path("out"), dir_.path("s2"));
    }
    if (damage == "out is a shard") to = path("s1");
    if (damage == "shard is a file") {
      fs::remove_all(dir_.path("s2"));
      dir_.write("s2", "not a folder");
    }
    return fmt::format("merge {} {} --quiet --out {}", scenario_file, shards, to);
  }

  test::TempDir dir_;
  std::map<std::string, std::string> earlier_;
};

TEST_P(HostileCorpus, IsRefusedInOneLineAndChangesNothing) {
  const HostileCase& c = GetParam();
  const std::string args = command_line(c);
  const test::CliResult r = run(args);
  EXPECT_EQ(r.status, cli::kBadInput) << args << "\n" << r.err;
  EXPECT_THAT(r.err, testing::StartsWith("prevalence: error: ")) << args;
  EXPECT_THAT(r.err, HasSubstr(c.where)) << args;
  // "A | B": either (the same file can fail in HDF5, or crash it under a
  // sanitizer's stricter allocator).
  const std::size_t bar = c.problem.find(" | ");
  if (bar == std::string::npos)
    EXPECT_THAT(r.err, HasSubstr(c.problem)) << args;
  else
    EXPECT_THAT(r.err, testing::AnyOf(HasSubstr(c.problem.substr(0, bar)), HasSubstr(c.problem.substr(bar + 3))))
        << args;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(snapshot(), earlier_) << "the earlier results changed";
  for (const auto& entry : fs::recursive_directory_iterator(dir_.path()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << "left behind: " << entry.path();
}

INSTANTIATE_TEST_SUITE_P(Cases, HostileCorpus, testing::ValuesIn(corpus()),
                         [](const testing::TestParamInfo<HostileCase>& info) { return info.param.name; });

}  // namespace
}  // namespace prevalence
