#pragma once
// `prevalence run SCENARIO.toml`: load, simulate, print the table and write
// DIR/estimates.csv and DIR/estimates.md.

#include <ostream>
#include <string>
#include <vector>

namespace prevalence::cli {

/// Runs the verb with its arguments (after "run"). Results go to `out`,
/// diagnostics to `err`.
/// @return exit status (see exit_code.hpp)
/// @throw UsageError, error::InputError for bad usage or input
int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace prevalence::cli
