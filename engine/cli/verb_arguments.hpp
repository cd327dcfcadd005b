#pragma once
// Every verb parses its command line the same way: its documented options,
// and the words that are not options collected under one name (the scenario
// file, shard directories). A parse error is a usage error that points at the
// verb's --help.

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace prevalence::cli {

/// Parses `args` against `visible` plus the positional words, stored as a
/// std::vector<std::string> under `positional_name`.
/// @throws UsageError naming the verb, on an unknown option or a bad value
boost::program_options::variables_map parse_verb_arguments(const std::vector<std::string>& args,
                                                           const boost::program_options::options_description& visible,
                                                           const char* positional_name, const char* verb);

}  // namespace prevalence::cli
