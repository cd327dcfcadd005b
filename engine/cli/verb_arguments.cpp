#include "engine/cli/verb_arguments.hpp"

#include "engine/cli/usage_error.hpp"

#include <fmt/format.h>

namespace prevalence::cli {

namespace po = boost::program_options;

po::variables_map parse_verb_arguments(const std::vector<std::string>& args, const po::options_description& visible,
                                       const char* positional_name, const char* verb) {
  po::options_description hidden;
  hidden.add_options()(positional_name, po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add(positional_name, -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  } catch (const po::error& e) {
    throw UsageError(fmt::format("{} (see prevalence {} --help)", e.what(), verb));
  }
  return vm;
}

}  // namespace prevalence::cli
