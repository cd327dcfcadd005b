#pragma once
// `prevalence areas POPULATION.csv...`: the codes and names a scenario can
// use, the years each is in and what kind of area it is, found by name.

#include <ostream>
#include <string>
#include <vector>

namespace prevalence::cli {

/// @return 0 (also when nothing matches: the nearest names are listed)
/// @throw UsageError, error::InputError for bad usage or input
int areas_command(const std::vector<std::string>& args, std::ostream& out);

}  // namespace prevalence::cli
