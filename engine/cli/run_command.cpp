#include "engine/cli/run_command.hpp"

#include "engine/cli/available_memory.hpp"
#include "engine/cli/command_line_text.hpp"
#include "engine/cli/exit_code.hpp"
#include "engine/cli/interruption.hpp"
#include "engine/cli/precision_target.hpp"
#include "engine/cli/progress_display.hpp"
#include "engine/cli/usage_error.hpp"
#include "engine/cli/verb_arguments.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/io/population_table.hpp"
#include "engine/montecarlo/driver.hpp"
#include "engine/montecarlo/memory_estimate.hpp"
#include "engine/montecarlo/time_estimate.hpp"
#include "engine/montecarlo/parallel_for.hpp"
#include "engine/output/estimates_csv.hpp"
#include "engine/output/estimates_markdown.hpp"
#include "engine/output/measures_csv.hpp"
#include "engine/output/terminal_table.hpp"
#include "engine/results/describe_run.hpp"
#include "engine/results/results_file_writer.hpp"
#include "engine/results/results_layout.hpp"
#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/without_assumptions.hpp"
#include "engine/shard/area_shard.hpp"
#include "engine/text/number_format.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
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

constexpr const char* kDetails =
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
    "other areas in the run, so the merge equals the unsharded run byte for byte.\n";

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
      ("precision", po::value<std::string>()->value_name("F"),
       "run rounds of more draws until every figure a table prints has a Monte Carlo error below F of the step it "
       "is rounded to (e.g. 0.5), under --sdc and --significant as `prevalence table` rounds; the draws used are "
       "recorded")
      ("sdc", po::value<std::string>()->value_name("POLICY"),
       "with --precision: the table's disclosure control policy (default none)")
      ("significant", po::value<std::string>()->value_name("S"),
       "with --precision: the significant figures the table rounds to (default 3)")
      ("headline", po::value<std::string>()->value_name("H"),
       "what tables headline: median (default: a published value times the population) or mean (adds up "
       "across rows)")
      ("areas-shard", po::value<std::string>()->value_name("K/N"),
       "run only the K-th of N blocks of the areas (1 <= K <= N <= number of areas), for one task of "
       "a job array: prints one line instead of the table")
      ("max-hours", po::value<std::string>()->value_name("H"),
       "refuse a run whose Monte Carlo would take longer than H hours, timed before it starts on its first "
       "areas (default 24)")
      ("keep-draws", "also keep every draw of every measure in DIR/results.h5 (chunked and compressed; "
       "areas x measures x draws values), so any interval can be computed later")
      ("quiet,q", "no progress display or summary line on stderr (the display shows only on a terminal)");
  return options;
}

// What the command line asks of a run, beyond the scenario's [run] table.
struct RunOptions {
  montecarlo::RunSettings settings;
  std::optional<shard::AreaShard> shard;
  unsigned threads = 1;
  std::string out_dir;
  bool keep_draws = false;
  bool quiet = false;
  double max_hours = 24.0;
  bool max_hours_given = false;
  PrecisionTarget precision;
};

// The scenario's [run] settings, overridden by the command line.
RunOptions run_options(const po::variables_map& vm, const scenario::Scenario& scenario) {
  RunOptions run;
  run.settings = scenario.run;
  if (vm.count("draws"))
    run.settings.draws = number_option<std::int64_t>(vm, "draws", 1, std::numeric_limits<std::uint32_t>::max(),
                                                     "a whole number of draws, at least 1");
  if (vm.count("seed"))
    run.settings.seed = number_option<std::uint64_t>(vm, "seed", 0, std::numeric_limits<std::uint64_t>::max(),
                                                     "a whole number, 0 or more");
  if (vm.count("interval")) run.settings.intervals = interval_option(vm);
  if (vm.count("mode")) {
    const auto mode = montecarlo::parse_mode(vm["mode"].as<std::string>());
    if (!mode) throw UsageError(fmt::format("--mode \"{}\": use expected or realised", vm["mode"].as<std::string>()));
    run.settings.mode = *mode;
  }
  if (vm.count("headline")) {
    const auto headline = montecarlo::parse_headline(vm["headline"].as<std::string>());
    if (!headline)
      throw UsageError(fmt::format("--headline \"{}\": use median or mean", vm["headline"].as<std::string>()));
    run.settings.headline = *headline;
  }
  if (vm.count("areas-shard")) {
    run.shard = shard::parse_area_shard(vm["areas-shard"].as<std::string>());
    if (!run.shard)
      throw UsageError(fmt::format("--areas-shard \"{}\": expected K/N, whole numbers with 1 <= K <= N, such as 2/8",
                                   vm["areas-shard"].as<std::string>()));
  }
  run.threads = vm.count("threads") ? number_option<unsigned>(vm, "threads", 1, 4096, "a whole number, at least 1")
                                    : montecarlo::default_thread_count();
  run.out_dir = output_directory_option(vm, scenario.path);
  run.keep_draws = vm.count("keep-draws") > 0;
  run.quiet = vm.count("quiet") > 0;
  if (vm.count("precision")) {
    run.precision.fraction = number_option<double>(vm, "precision", 0.0, 1e6, "a fraction of a step, such as 0.5");
    if (!(run.precision.fraction > 0.0))
      throw UsageError("--precision: use a positive fraction of the rounding step, such as 0.5");
    if (run.shard)
      throw UsageError("--precision with --areas-shard: each shard would choose its own number of draws, and "
                       "shards of different draws do not merge; run whole, or give every shard the same --draws");
    if (vm.count("sdc")) {
      try {
        run.precision.policy = publish::parse_sdc_policy(vm["sdc"].as<std::string>());
      } catch (const std::invalid_argument& e) {
        throw UsageError(fmt::format("--sdc: {}", e.what()));
      }
    }
    if (vm.count("significant")) {
      run.precision.significant_figures = number_option<int>(vm, "significant", 0, 15, "0 (none) to 15");
    }
  } else {
    for (const char* option : {"sdc", "significant"})
      if (vm.count(option))
        throw UsageError(fmt::format("--{} says how a table will round figures for --precision: give --precision too",
                                     option));
  }
  if (vm.count("max-hours")) {
    run.max_hours = number_option<double>(vm, "max-hours", 0.0, 1e6, "a number of hours, such as 24 or 0.5");
    if (!(run.max_hours > 0.0)) throw UsageError("--max-hours: use a positive number of hours, such as 24 or 0.5");
    run.max_hours_given = true;
  }
  return run;
}

// One shard's areas only; returns the line a shard prints instead of the
// table (one line per task: a job array's logs are read a hundred at a time).
std::string keep_shard(scenario::ScenarioPlan& planned, const shard::AreaShard& which, const std::string& title,
                       const std::string& shard_text, const std::string& out_dir) {
  const std::size_t areas_in_run = planned.plan.areas.size();
  // A total adds its members' draws, which no shard holds all of.
  if (!planned.plan.totals.empty())
    throw UsageError(fmt::format("--areas-shard \"{}\": the scenario's groups ([[group]], [groups]) add their areas' "
                                 "counts within every draw, so their areas must run together: run it whole",
                                 shard_text));
  if (which.count > areas_in_run)
    throw UsageError(fmt::format("--areas-shard \"{}\": the scenario has {} area(s), so at most {} shards", shard_text,
                                 areas_in_run, areas_in_run));
  const shard::AreaRange areas = shard::shard_areas(which, areas_in_run);
  const std::string line =
      fmt::format("{}: shard {} of {}, areas {} to {} of {} ({} to {}), written to {}\n", title, which.index,
                  which.count, areas.first + 1, areas.last, areas_in_run, planned.plan.areas[areas.first].code,
                  planned.plan.areas[areas.last - 1].code, out_dir);
  planned.keep_areas(areas.first, areas.last);
  return line;
}

// A run that cannot fit in this machine's memory is refused before it
// allocates, with the figures and the options that change them.
void expect_memory_for(const montecarlo::Plan& plan, const RunOptions& run) {
  const std::uint64_t needed = montecarlo::monte_carlo_bytes(plan, run.settings, run.threads, run.keep_draws);
  const std::optional<std::uint64_t> available = available_memory();
  if (!available || needed <= *available) return;
  const auto gigabytes = [](std::uint64_t bytes) { return fmt::format("{:.1f}", static_cast<double>(bytes) / 1e9); };
  throw UsageError(fmt::format("{} draws x {} output(s) on {} thread(s) need about {} GB of memory and {} GB is "
                               "available: use fewer --draws (or fewer --threads)",
                               text::format_count(static_cast<double>(run.settings.draws)), plan.n_outputs(),
                               run.threads, gigabytes(needed), gigabytes(*available)));
}

// "under a second", "about 12 minutes", "about 5.2 hours", "about 3.1 days".
std::string duration_text(double seconds) {
  if (seconds < 1) return "under a second";
  if (seconds < 120) return fmt::format("about {:.0f} seconds", seconds);
  if (seconds < 7200) return fmt::format("about {:.0f} minutes", seconds / 60);
  if (seconds < 172800) return fmt::format("about {:.1f} hours", seconds / 3600);
  return fmt::format("about {:.1f} days", seconds / 86400);
}

// A run whose Monte Carlo would outlast --max-hours is refused before it
// starts, with the time and the ways to shorten it; returns the time it
// will take. Runs too small to come near a day (fewer than 1e8 area-draws)
// are not timed unless the bound is given (0 returned).
double expect_time_for(const montecarlo::Plan& plan, const RunOptions& run) {
  const double area_draws = static_cast<double>(plan.areas.size()) * static_cast<double>(run.settings.draws);
  if (!run.max_hours_given && area_draws < 1e8) return 0.0;
  const double seconds = montecarlo::estimated_seconds(plan, run.settings, run.threads);
  if (seconds <= run.max_hours * 3600) return seconds;
  throw UsageError(fmt::format(
      "this run would take {} on {} thread(s) ({} area(s) x {} draws, timed on its first areas), more than "
      "--max-hours {}: use fewer --draws, split the areas across a cluster's tasks with --areas-shard K/N, or "
      "allow it with --max-hours {:.0f}",
      duration_text(seconds), run.threads, text::format_count(static_cast<double>(plan.areas.size())),
      text::format_count(static_cast<double>(run.settings.draws)), run.max_hours,
      std::ceil(seconds / 3600 * 1.5)));
}

// Seconds since construction, for the three parts a run reports (as the
// reference workload is timed, bench/README.md): reading, Monte Carlo, writing.
class Stopwatch {
 public:
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// --precision's rounds: each runs the Monte Carlo at the current number of
// draws and finds the printed figure furthest from the target; short of it,
// the next round has enough draws by the 1 / sqrt(draws) law. Leaves the
// final number of draws in run.settings and returns the last round's figures.
montecarlo::MonteCarloResults draw_to_precision(const scenario::Scenario& scenario,
                                                const scenario::ScenarioPlan& planned, RunOptions& run,
                                                const std::vector<std::string>& args, std::ostream& err) {
  constexpr auto kMaxDraws = static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max());
  // Described once (it hashes the inputs); each round's figures replace the last's.
  results::RunResults record = results::describe_run(scenario, planned, run.settings,
                                                     {command_line_text("run", args), run.threads, "", false});
  for (int round = 1;; ++round) {
    montecarlo::MonteCarloResults results = montecarlo::run_monte_carlo(planned.plan, run.settings, run.threads,
                                                                        nullptr, nullptr, &Interruption::requested());
    record.draws = run.settings.draws;
    results::add_figures(record, planned, results);
    const PrecisionShortfall shortfall = precision_shortfall(record, run.precision);
    const bool met = shortfall.ratio <= 1.0;
    if (!run.quiet)
      fmt::print(err, "prevalence: --precision {:g}, round {}: {} draws{}\n", run.precision.fraction, round,
                 text::format_count(static_cast<double>(run.settings.draws)),
                 met ? ": every printed figure is within the target"
                     : fmt::format(" leave {} at {:.2f} times the error allowed", shortfall.figure, shortfall.ratio));
    if (met) return results;
    const std::int64_t more = next_draws(run.settings.draws, shortfall.ratio);
    if (more > kMaxDraws)
      throw UsageError(fmt::format("--precision {:g}: {} would need about {} draws, more than a run can make ({}): "
                                   "ask for a coarser precision or rounding (--significant)",
                                   run.precision.fraction, shortfall.figure,
                                   text::format_count(static_cast<double>(more)),
                                   text::format_count(static_cast<double>(kMaxDraws))));
    run.settings.draws = more;
    expect_memory_for(planned.plan, run);
    expect_time_for(planned.plan, run);
  }
}

}  // namespace

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const VerbArguments verb =
      parse_verb_arguments("run", args, visible_options(),
                           {"prevalence run SCENARIO.toml [options]", kPurpose, kDetails}, {"scenario file"}, out);
  if (verb.help) return kSuccess;

  // Reading the inputs: the scenario, the options, the population, the plan.
  const Stopwatch reading;
  const scenario::Scenario scenario = scenario::load_scenario(verb.words.front());
  RunOptions run = run_options(verb.options, scenario);
  // Fail on an unwritable directory before the run, not after it.
  io::AtomicOutputDirectory output(run.out_dir);
  const io::PopulationTable population = io::PopulationTable::load(scenario.population_files);
  scenario::ScenarioPlan planned = scenario::build_plan(scenario, population);
  const std::string shard_text = run.shard ? fmt::format("{}/{}", run.shard->index, run.shard->count) : "";
  const std::string shard_line =
      run.shard ? keep_shard(planned, *run.shard, scenario.title, shard_text, output.directory()) : "";
  const montecarlo::Plan& plan = planned.plan;
  expect_memory_for(plan, run);
  // A long run says how long first, in a batch job's log too.
  if (const double seconds = expect_time_for(plan, run); seconds > 600 && !run.quiet)
    fmt::print(err, "prevalence: this run will take {} on {} thread(s)\n", duration_text(seconds), run.threads);
  // --precision: rounds of more draws until the target is met; the last
  // round's figures are the run's (without kept draws, which are drawn again
  // into the results file).
  std::optional<montecarlo::MonteCarloResults> precise;
  double precision_seconds = 0.0;  // counted with the Monte Carlo's time, not the reading's
  if (run.precision.fraction > 0.0) {
    const Stopwatch rounds;
    precise = draw_to_precision(scenario, planned, run, args, err);
    precision_seconds = rounds.seconds();
  }
  // The results file is opened before the Monte Carlo so that kept draws
  // stream into it area by area instead of piling up in memory.
  results::RunResults record = results::describe_run(
      scenario, planned, run.settings, {command_line_text("run", args), run.threads, shard_text, run.keep_draws});
  if (run.precision.fraction > 0.0) {
    record.precision = run.precision.fraction;
    record.precision_rule = run.precision.rule();
  }
  results::ResultsFileWriter results_file(output.reserve(results::kResultsFile), record,
                                         output.path(results::kResultsFile));
  Interruption::check();
  const double reading_seconds = reading.seconds() - precision_seconds;

  // The Monte Carlo.
  const Stopwatch drawing;
  std::atomic<std::size_t> areas_done{0};
  {
    const ProgressDisplay progress(stderr, !run.quiet && ::isatty(::fileno(stderr)), plan.areas.size(), areas_done);
    // The record lists rows in output order (each total after its members).
    std::vector<std::size_t> row_of(planned.row_order.size());
    for (std::size_t r = 0; r < planned.row_order.size(); ++r) row_of[planned.row_order[r]] = r;
    const montecarlo::RenumberedSink sink(results_file, std::move(row_of));
    if (precise && !run.keep_draws)
      results::add_figures(record, planned, *precise);
    else
      results::add_figures(record, planned,
                           montecarlo::run_monte_carlo(plan, run.settings, run.threads, &areas_done,
                                                       run.keep_draws ? &sink : nullptr, &Interruption::requested()));
  }
  // How much of each interval is assumption: the same rows without the
  // scenario's assumed uncertainties, at up to 1,000 draws (a ratio of
  // variances, known to a few per cent).
  if (scenario::has_assumed_uncertainty(scenario)) {
    scenario::ScenarioPlan without =
        scenario::build_plan(scenario::without_assumed_uncertainty(scenario), population);
    if (run.shard) {
      const shard::AreaRange areas = shard::shard_areas(*run.shard, without.plan.areas.size());
      without.keep_areas(areas.first, areas.last);
    }
    montecarlo::RunSettings settings = run.settings;
    settings.draws = std::min<std::int64_t>(settings.draws, 1000);
    results::add_assumed_shares(record, planned,
                                montecarlo::run_monte_carlo(without.plan, settings, run.threads, nullptr, nullptr,
                                                            &Interruption::requested()),
                                settings.draws);
  }
  const double drawing_seconds = drawing.seconds() + precision_seconds;

  // Writing: every file from the one record, then the table.
  const Stopwatch writing;
  output::write_estimates_csv(output.open("estimates.csv"), record);
  output::write_measures_csv(output.open("measures.csv"), record);
  output::write_estimates_markdown(output.open("estimates.md"), record);
  results_file.finish(record);
  Interruption::check();  // the last moment to stop without replacing earlier results
  output.commit();
  if (run.shard)
    out << shard_line;
  else
    output::write_terminal_table(out, record);
  out.flush();
  if (!run.quiet)
    fmt::print(err,
               "prevalence: {} draws x {} area(s){} x {} output(s) in {:.2f} s on {} thread(s) (reading inputs "
               "{:.2f} s, writing {:.2f} s); wrote {}, {}, {} and {}{}\n",
               text::format_count(static_cast<double>(run.settings.draws)), plan.areas.size(),
               plan.totals.empty() ? "" : fmt::format(" and {} total(s)", plan.totals.size()), plan.n_outputs(),
               drawing_seconds, run.threads, reading_seconds, writing.seconds(), output.path("estimates.csv"),
               output.path("measures.csv"), output.path("estimates.md"), output.path(results::kResultsFile),
               run.keep_draws ? " (with every draw)" : "");
  return kSuccess;
}

}  // namespace prevalence::cli
