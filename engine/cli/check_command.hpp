#pragma once
// `prevalence check SCENARIO.toml`: are the published figures of each overlap
// mutually possible, and if not, which conflict and by how much? Then the
// rest of the scenario (population file, areas, age ranges) is validated as
// `run` would, without running.

#include <ostream>
#include <string>
#include <vector>

namespace prevalence::cli {

/// @return 0 when every overlap is coherent and the scenario valid; 2 when
///         some overlap's figures cannot all hold (the report says why)
/// @throw UsageError, error::InputError for bad usage or input
int check_command(const std::vector<std::string>& args, std::ostream& out);

}  // namespace prevalence::cli
