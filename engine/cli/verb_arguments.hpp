#pragma once
// What every verb does first, done one way: parse its command line (its
// documented options, and the words that are not options), answer --help,
// and insist on the right number of words. A problem is a usage error that
// names the verb and points at its --help.

#include "engine/cli/exit_code.hpp"

#include <boost/program_options.hpp>

#include <cstddef>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

namespace prevalence::cli {

/// A verb's help: "Usage: <usage>", the purpose, the options, the details,
/// then the exit statuses.
struct VerbHelp {
  const char* usage;    ///< "prevalence run SCENARIO.toml [options]"
  const char* purpose;  ///< what the verb does, a short paragraph
  const char* details;  ///< after the options: notes and examples ("" for none)
  const char* exit_status = kExitStatusHelp;
};

/// The words a verb takes that are not options.
struct VerbWords {
  const char* what;      ///< what the first one is: "scenario file"
  std::size_t most = 1;  ///< at most this many (at least one is required)
};

struct VerbArguments {
  bool help = false;  ///< --help was asked and answered: the verb has nothing more to do
  boost::program_options::variables_map options;
  std::vector<std::string> words;
};

/// Parses a verb's arguments against its `visible` options (--help among
/// them); with --help prints the help to `out`.
/// @throw UsageError naming the verb on an unknown option or a bad value, no
///        word ("run: no scenario file given (see prevalence run --help)")
///        or more than words.most ("run: one scenario file at a time, got 2")
VerbArguments parse_verb_arguments(const char* verb, const std::vector<std::string>& args,
                                   const boost::program_options::options_description& visible, const VerbHelp& help,
                                   const VerbWords& words, std::ostream& out);

/// An option's value as a whole number or a real number between `lowest`
/// and `highest`.
/// @throw UsageError "--NAME \"TEXT\": expected EXPECTED" otherwise
template <typename Number>
Number number_option(const boost::program_options::variables_map& options, const char* name, Number lowest,
                     Number highest, const char* expected);

/// `--out DIR`, or by default results/<the scenario file's name without .toml>.
std::string output_directory_option(const boost::program_options::variables_map& options,
                                    const std::string& scenario_path);

/// `--interval` as a comma-separated list of up to four coverages, "0.95" or
/// "0.95,0.998", the first the headline.
/// @throw UsageError saying what is wrong with the list
std::vector<double> interval_option(const boost::program_options::variables_map& options);

}  // namespace prevalence::cli
