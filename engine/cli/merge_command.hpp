#pragma once
// `prevalence merge SCENARIO.toml SHARD_DIR...`: combine the output
// directories of `prevalence run --areas-shard K/N` into what the unsharded
// run writes, byte for byte, after checking they are one complete set.

#include <ostream>
#include <string>
#include <vector>

namespace prevalence::cli {

/// Runs the verb with its arguments (after "merge"). The table goes to
/// `out`, the summary line to `err`.
/// @return exit status (see exit_code.hpp)
/// @throw UsageError, error::InputError for bad usage or input
int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace prevalence::cli
