// The prevalence command line: dispatches to a verb, and maps every outcome
// to a documented exit status in this one place (see exit_code.hpp).

#include "engine/cli/areas_command.hpp"
#include "engine/cli/check_command.hpp"
#include "engine/cli/exit_code.hpp"
#include "engine/cli/interruption.hpp"
#include "engine/cli/merge_command.hpp"
#include "engine/cli/run_command.hpp"
#include "engine/cli/table_command.hpp"
#include "engine/cli/usage_error.hpp"
#include "engine/error/input_error.hpp"
#include "engine/montecarlo/cancellation.hpp"
#include "engine/results/hdf5_failure.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <new>
#include <string>
#include <vector>

namespace {

using namespace prevalence;

constexpr const char* kOverview =
    "Usage: prevalence <verb> [options]\n"
    "\n"
    "Estimates how many children live with each measured adversity in each area,\n"
    "from published rates and local population counts, with Monte Carlo intervals.\n"
    "\n"
    "Verbs:\n"
    "  run SCENARIO.toml   estimate every measure of a scenario; print and write tables\n"
    "  check SCENARIO.toml say whether an overlap's published figures can all hold, and\n"
    "                      if not, which conflict and by how much\n"
    "  merge SCENARIO.toml SHARD_DIR...\n"
    "                      combine the outputs of run --areas-shard K/N (one per task of\n"
    "                      a job array) into those of the whole run\n"
    "  table RESULTS.h5    publish a table (CSV, Markdown or HTML) from a run's\n"
    "                      results.h5, under a disclosure control policy\n"
    "  areas POPULATION.csv...\n"
    "                      list the areas of population files, by name or code\n"
    "\n"
    "Each verb answers --help. Scenario files are documented in config/README.md.\n"
    "Example:\n"
    "  prevalence run config/leeds-2020.toml\n"
    "\n";

int dispatch(const std::vector<std::string>& args) {
  if (args.empty()) throw cli::UsageError("no verb given (try prevalence --help)");
  const std::string& verb = args.front();
  if (verb == "--help" || verb == "-h" || verb == "help") {
    std::cout << kOverview << cli::kExitStatusHelp;
    return cli::kSuccess;
  }
  if (verb == "--version") {
    std::cout << "prevalence " << PREVALENCE_VERSION << "\n";
    return cli::kSuccess;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (verb == "run") return cli::run_command(rest, std::cout, std::cerr);
  if (verb == "check") return cli::check_command(rest, std::cout);
  if (verb == "areas") return cli::areas_command(rest, std::cout);
  if (verb == "merge") return cli::merge_command(rest, std::cout, std::cerr);
  if (verb == "table") return cli::table_command(rest, std::cout);
  throw cli::UsageError(fmt::format("unknown verb \"{}\" (try prevalence --help)", verb));
}

// The verb's exit status, every error reported on one line.
int run_verb(int argc, char** argv) {
  const cli::Interruption interruption;
  try {
    return dispatch(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const cli::Interrupted& e) {
    fmt::print(stderr, "prevalence: {}\n", e.what());
    return 128 + e.signal();
  } catch (const montecarlo::Cancelled&) {
    const cli::Interrupted stopped(cli::Interruption::signal());
    fmt::print(stderr, "prevalence: {}\n", stopped.what());
    return 128 + stopped.signal();
  } catch (const cli::UsageError& e) {
    fmt::print(stderr, "prevalence: error: {}\n", e.what());
    return cli::kBadInput;
  } catch (const error::InputError& e) {
    fmt::print(stderr, "prevalence: error: {}\n", e.what());
    return cli::kBadInput;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "prevalence: internal error: out of memory\n");
    return cli::kInternalError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "prevalence: internal error: {}\n", e.what());
    return cli::kInternalError;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int status = run_verb(argc, argv);
  // A results file that failed to write (a full disk) or to read (a damaged
  // file) can leave the HDF5 library unable to close it, and its exit handler
  // then crashes or loops: by now the temporary files are removed and the
  // error reported, so leave without running it.
  if (results::hdf5_file_left_unclosable()) {
    std::cout.flush();
    std::fflush(nullptr);
    std::_Exit(status);
  }
  return status;
}
