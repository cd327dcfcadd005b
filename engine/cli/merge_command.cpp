#include "engine/cli/merge_command.hpp"

#include "engine/cli/command_line_text.hpp"
#include "engine/cli/exit_code.hpp"
#include "engine/cli/interruption.hpp"
#include "engine/cli/usage_error.hpp"
#include "engine/cli/verb_arguments.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/io/population_table.hpp"
#include "engine/output/estimates_csv.hpp"
#include "engine/output/estimates_markdown.hpp"
#include "engine/output/measures_csv.hpp"
#include "engine/output/terminal_table.hpp"
#include "engine/results/describe_run.hpp"
#include "engine/results/results_file_writer.hpp"
#include "engine/results/results_layout.hpp"
#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/shard/merge_shards.hpp"
#include "engine/version/build_info.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>
#include <limits>

namespace prevalence::cli {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

constexpr const char* kPurpose =
    "Combine the output directories of `prevalence run SCENARIO.toml --areas-shard K/N`,\n"
    "one for each K from 1 to N, in any order, into one directory holding what the\n"
    "unsharded run writes, byte for byte (estimates.csv, estimates.md), and print its\n"
    "table.";

constexpr const char* kDetails =
    "Each shard is checked by what its results.h5 records of itself: the shards must\n"
    "be one complete set, every K of 1..N exactly once, all run from this scenario\n"
    "file and its population file (same SHA-256) with the same draws, seed, mode,\n"
    "intervals and engine version, each holding exactly its own block of the\n"
    "scenario's areas. Anything else is an error naming the shard's file, and nothing\n"
    "is written. The settings come from the shards, not from the scenario's [run].\n"
    "\n"
    "Example:\n"
    "  prevalence run S.toml --areas-shard 1/3 --out shards/1   (likewise 2/3 and 3/3)\n"
    "  prevalence merge S.toml shards/1 shards/2 shards/3 --out results/s\n"
    "\n"
    "scripts/slurm-array.sh does both on a Slurm cluster.\n";

po::options_description visible_options() {
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help")
      ("out", po::value<std::string>()->value_name("DIR"),
       "output directory (default: results/<scenario name>, as for run); not one of the shards'")
      ("quiet,q", "no summary line on stderr");
  return options;
}

// Merging into a shard's own directory would replace the shard's results
// with the merged ones.
void refuse_shard_as_output(const std::string& out_dir, const std::vector<std::string>& shard_dirs) {
  std::error_code error;
  if (!fs::exists(out_dir, error)) return;
  for (const std::string& dir : shard_dirs)
    if (fs::equivalent(out_dir, dir, error))
      throw UsageError(fmt::format("--out {}: that is the shard directory {}; merge into a directory of its own",
                                   out_dir, dir));
}

}  // namespace

int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const VerbArguments verb = parse_verb_arguments(
      "merge", args, visible_options(), {"prevalence merge SCENARIO.toml SHARD_DIR... [options]", kPurpose, kDetails},
      {"scenario file", std::numeric_limits<std::size_t>::max()}, out);
  if (verb.help) return kSuccess;
  const std::vector<std::string>& inputs = verb.words;
  if (inputs.size() == 1)
    throw UsageError("merge: no shard directories given after the scenario file (see prevalence merge --help)");
  const std::vector<std::string> shard_dirs(inputs.begin() + 1, inputs.end());
  const bool quiet = verb.options.count("quiet") > 0;

  const scenario::Scenario scenario = scenario::load_scenario(inputs.front());
  const std::string out_dir = output_directory_option(verb.options, scenario.path);
  refuse_shard_as_output(out_dir, shard_dirs);
  const io::PopulationTable population = io::PopulationTable::load(scenario.population_files);
  const scenario::ScenarioPlan planned = scenario::build_plan(scenario, population);
  const std::vector<results::RunResults> shards = shard::read_shards(scenario, planned, shard_dirs);
  results::RunResults run = shard::merge_shards(shards);
  run.engine_version = version::engine_version();
  run.git_commit = version::git_commit();
  run.created = results::utc_now();
  run.command_line = command_line_text("merge", args);
  run.inputs = shards.front().inputs;

  // Only now, with every shard checked: a rejected merge leaves no directory.
  io::AtomicOutputDirectory output(out_dir);
  output::write_estimates_csv(output.open("estimates.csv"), run);
  output::write_measures_csv(output.open("measures.csv"), run);
  output::write_estimates_markdown(output.open("estimates.md"), run);
  results::ResultsFileWriter results_file(output.reserve(results::kResultsFile), run,
                                         output.path(results::kResultsFile));
  if (run.draws_kept) shard::copy_kept_draws(shards, results_file);
  results_file.finish(run);
  Interruption::check();  // the last moment to stop without replacing earlier results
  output.commit();

  output::write_terminal_table(out, run);
  out.flush();
  if (!quiet)
    fmt::print(err, "prevalence: merged {} shards of {} area(s) x {} output(s); wrote {}, {} and {}{}\n",
               shard_dirs.size(), run.areas.size(), run.n_measures(), output.path("estimates.csv"),
               output.path("estimates.md"), output.path(results::kResultsFile),
               run.draws_kept ? " (with every draw)" : "");
  return kSuccess;
}

}  // namespace prevalence::cli
