#include "engine/cli/run_command.hpp"

#include "engine/cli/command_line_text.hpp"
#include "engine/cli/exit_code.hpp"
#include "engine/cli/progress_display.hpp"
#include "engine/cli/usage_error.hpp"
#include "engine/cli/verb_arguments.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/io/population_table.hpp"
#include "engine/montecarlo/driver.hpp"
#include "engine/montecarlo/parallel_for.hpp"
#include "engine/output/estimates_csv.hpp"
#include "engine/output/estimates_markdown.hpp"
#include "engine/text/number_format.hpp"
#include "engine/output/terminal_table.hpp"
#include "engine/results/describe_run.hpp"
#include "engine/results/results_file_writer.hpp"
#include "engine/results/results_layout.hpp"
#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/shard/area_shard.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <limits>
#include <optional>
#include <stdexcept>

namespace prevalence::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kPurpose =
    "Estimate how many people each measure of a scenario counts in each area, with\n"
    "Monte Carlo uncertainty intervals.";

constexpr const char* kExample =
    "Example:\n"
    "  prevalence run config/leeds-2020.toml --draws 20000 --out results/leeds\n"
    "\n"
    "Writes DIR/estimates.csv (one row per area and measure, full precision),\n"
    "DIR/estimates.md (a table to paste, sources as footnotes) and DIR/results.h5 (every\n"
    "figure and what is needed to reproduce the run; prevalence table publishes from it),\n"
    "and prints the table.\n"
    "Options given here override the scenario's [run] table.\n"
    "\n"
    "A large run can be split across the tasks of a cluster job array:\n"
    "  prevalence run S.toml --areas-shard 2/8 --out shards/2   (one task; K = 1 to 8)\n"
    "  prevalence merge S.toml shards/* --out results/s          (when all have finished)\n"
    "Shard K of N runs a contiguous block of the scenario's areas; N may not exceed the\n"
    "number of areas, so no shard is empty. Each area's results do not depend on the\n"
    "other areas in the run, so the merge equals the unsharded run byte for byte.\n"
    "\n"
    "Exit status: 0 success, 1 internal error, 2 bad input or usage.\n";

po::options_description visible_options() {
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help")
      ("draws", po::value<std::string>()->value_name("N"), "Monte Carlo draws (at least 1)")
      ("seed", po::value<std::string>()->value_name("S"), "random seed, a whole number >= 0")
      ("threads", po::value<std::string>()->value_name("T"),
       "worker threads (default: all cores); results do not depend on it")
      ("out", po::value<std::string>()->value_name("DIR"),
       "output directory (default: results/<scenario name>)")
      ("interval", po::value<std::string>()->value_name("P[,P...]"),
       "coverage of the central interval, e.g. 0.95; or up to 4 levels at once, e.g. 0.95,0.998 (the first is "
       "the one the tables report)")
      ("mode", po::value<std::string>()->value_name("M"),
       "expected (rates' uncertainty only) or realised (plus chance variation in a finite "
       "population)")
      ("areas-shard", po::value<std::string>()->value_name("K/N"),
       "run only the K-th of N blocks of the areas (1 <= K <= N <= number of areas), for one task of "
       "a job array: prints one line instead of the table")
      ("keep-draws", "also keep every draw of every measure in DIR/results.h5 (chunked and compressed; "
       "areas x measures x draws values), so any interval can be computed later")
      ("quiet,q", "no progress display or summary line on stderr (the display shows only on a terminal)");
  return options;
}

template <typename Number>
Number parse_option(const po::variables_map& vm, const char* name, Number lowest, Number highest,
                    const char* expected) {
  const std::string& text = vm[name].as<std::string>();
  Number value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < lowest || value > highest)
    throw UsageError(fmt::format("--{} \"{}\": expected {}", name, text, expected));
  return value;
}

}  // namespace

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const po::variables_map vm = parse_verb_arguments(args, visible_options(), "scenario", "run");
  if (vm.count("help")) {
    fmt::print(out, "Usage: prevalence run SCENARIO.toml [options]\n\n{}\n\n", kPurpose);
    out << visible_options() << "\n" << kExample;
    return kSuccess;
  }
  if (!vm.count("scenario"))
    throw UsageError("run: no scenario file given (see prevalence run --help)");
  const auto& scenarios = vm["scenario"].as<std::vector<std::string>>();
  if (scenarios.size() > 1)
    throw UsageError(fmt::format("run: one scenario file at a time, got {}", scenarios.size()));
  const bool quiet = vm.count("quiet") > 0;

  // Timed in three parts, as the reference workload is (bench/README.md):
  // reading the inputs, the Monte Carlo, writing the results.
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  const auto reading = Clock::now();
  scenario::Scenario scenario = scenario::load_scenario(scenarios.front());
  montecarlo::RunSettings settings = scenario.run;
  if (vm.count("draws"))
    settings.draws = parse_option<std::int64_t>(vm, "draws", 1, std::numeric_limits<std::uint32_t>::max(),
                                                "a whole number of draws, at least 1");
  if (vm.count("seed"))
    settings.seed = parse_option<std::uint64_t>(vm, "seed", 0, std::numeric_limits<std::uint64_t>::max(),
                                                "a whole number, 0 or more");
  if (vm.count("interval")) {
    const std::string& text = vm["interval"].as<std::string>();
    try {
      settings.intervals = scenario::parse_interval_list(text);
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("--interval \"{}\": {}", text, e.what()));
    }
  }
  if (vm.count("mode")) {
    const auto mode = montecarlo::parse_mode(vm["mode"].as<std::string>());
    if (!mode)
      throw UsageError(fmt::format("--mode \"{}\": use expected or realised",
                                   vm["mode"].as<std::string>()));
    settings.mode = *mode;
  }
  std::optional<shard::AreaShard> shard;
  if (vm.count("areas-shard")) {
    shard = shard::parse_area_shard(vm["areas-shard"].as<std::string>());
    if (!shard)
      throw UsageError(fmt::format("--areas-shard \"{}\": expected K/N, whole numbers with 1 <= K <= N, such as 2/8",
                                   vm["areas-shard"].as<std::string>()));
  }
  const unsigned threads =
      vm.count("threads") ? parse_option<unsigned>(vm, "threads", 1, 4096, "a whole number, at least 1")
                          : montecarlo::default_thread_count();
  const std::string out_dir =
      vm.count("out") ? vm["out"].as<std::string>()
                      : (std::filesystem::path("results") /
                         std::filesystem::path(scenario.path).stem()).string();

  // Fail on an unwritable directory before the run, not after it.
  io::AtomicOutputDirectory output(out_dir);
  const io::PopulationTable population = io::PopulationTable::load(scenario.population_file);
  scenario::ScenarioPlan planned = scenario::build_plan(scenario, population);
  const std::size_t areas_in_run = planned.plan.areas.size();
  std::string shard_line;
  if (shard) {
    if (shard->count > areas_in_run)
      throw UsageError(fmt::format("--areas-shard \"{}\": the scenario has {} area(s), so at most {} shards",
                                   vm["areas-shard"].as<std::string>(), areas_in_run, areas_in_run));
    const shard::AreaRange areas = shard::shard_areas(*shard, areas_in_run);
    // One line per task: a job array's logs are read a hundred at a time.
    shard_line = fmt::format("{}: shard {} of {}, areas {} to {} of {} ({} to {}), written to {}\n", scenario.title,
                             shard->index, shard->count, areas.first + 1, areas.last, areas_in_run,
                             planned.plan.areas[areas.first].code, planned.plan.areas[areas.last - 1].code,
                             output.directory());
    planned.keep_areas(areas.first, areas.last);
  }
  const montecarlo::Plan& plan = planned.plan;

  // The results file is opened before the Monte Carlo so that kept draws
  // stream into it area by area instead of piling up in memory.
  const bool keep_draws = vm.count("keep-draws") > 0;
  const results::RunProvenance provenance{command_line_text("run", args), threads,
                                 shard ? fmt::format("{}/{}", shard->index, shard->count) : std::string(),
                                 keep_draws};
  results::RunResults run = results::describe_run(scenario, planned, settings, provenance);
  results::ResultsFileWriter results_file(output.reserve(results::kResultsFile), run);

  const double reading_seconds = seconds_since(reading);
  const auto start = Clock::now();
  std::atomic<std::size_t> areas_done{0};
  {
    const ProgressDisplay progress(stderr, !quiet && ::isatty(::fileno(stderr)), plan.areas.size(), areas_done);
    results::add_figures(run, plan, montecarlo::run_monte_carlo(plan, settings, threads, &areas_done, keep_draws ? &results_file : nullptr));
  }
  const double seconds = seconds_since(start);

  const auto writing = Clock::now();
  output::write_estimates_csv(output.open("estimates.csv"), run);
  output::write_estimates_markdown(output.open("estimates.md"), run);
  results_file.finish(run);
  output.commit();

  if (shard)
    out << shard_line;
  else
    output::write_terminal_table(out, run);
  out.flush();
  const double writing_seconds = seconds_since(writing);
  if (!quiet)
    fmt::print(err,
               "prevalence: {} draws x {} area(s) x {} output(s) in {:.2f} s on {} thread(s) (reading inputs "
               "{:.2f} s, writing {:.2f} s); wrote {}, {} and {}{}\n",
               text::format_count(static_cast<double>(settings.draws)), plan.areas.size(), plan.n_outputs(), seconds,
               threads, reading_seconds, writing_seconds, output.path("estimates.csv"), output.path("estimates.md"),
               output.path(results::kResultsFile), keep_draws ? " (with every draw)" : "");
  return kSuccess;
}

}  // namespace prevalence::cli
