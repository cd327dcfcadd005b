#include "engine/cli/verb_arguments.hpp"

#include "engine/cli/usage_error.hpp"
#include "engine/montecarlo/run_settings.hpp"
#include "engine/summary/summary.hpp"
#include "engine/text/parse_number.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

namespace prevalence::cli {

namespace po = boost::program_options;

VerbArguments parse_verb_arguments(const char* verb, const std::vector<std::string>& args,
                                   const po::options_description& visible, const VerbHelp& help, const VerbWords& words,
                                   std::ostream& out) {
  po::options_description hidden;
  // A name no verb uses for an option of its own.
  hidden.add_options()("positional words", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("positional words", -1);

  VerbArguments parsed;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), parsed.options);
  } catch (const po::error& e) {
    throw UsageError(fmt::format("{} (see prevalence {} --help)", e.what(), verb));
  }
  if (parsed.options.count("help")) {
    fmt::print(out, "Usage: {}\n\n{}\n\n", help.usage, help.purpose);
    out << visible << "\n" << help.details << (*help.details ? "\n" : "") << help.exit_status;
    parsed.help = true;
    return parsed;
  }
  if (parsed.options.count("positional words"))
    parsed.words = parsed.options["positional words"].as<std::vector<std::string>>();
  if (parsed.words.empty())
    throw UsageError(fmt::format("{}: no {} given (see prevalence {} --help)", verb, words.what, verb));
  if (parsed.words.size() > words.most)
    throw UsageError(fmt::format("{}: one {} at a time, got {}", verb, words.what, parsed.words.size()));
  return parsed;
}

template <typename Number>
Number number_option(const po::variables_map& options, const char* name, Number lowest, Number highest,
                     const char* expected) {
  const std::string& text = options[name].as<std::string>();
  const std::optional<Number> value = text::parse_number<Number>(text);
  if (!value || !(*value >= lowest && *value <= highest))
    throw UsageError(fmt::format("--{} \"{}\": expected {}", name, text, expected));
  return *value;
}

template int number_option(const po::variables_map&, const char*, int, int, const char*);
template unsigned number_option(const po::variables_map&, const char*, unsigned, unsigned, const char*);
template std::int64_t number_option(const po::variables_map&, const char*, std::int64_t, std::int64_t, const char*);
template std::uint64_t number_option(const po::variables_map&, const char*, std::uint64_t, std::uint64_t, const char*);
template double number_option(const po::variables_map&, const char*, double, double, const char*);

std::string output_directory_option(const po::variables_map& options, const std::string& scenario_path) {
  if (options.count("out")) return options["out"].as<std::string>();
  return (std::filesystem::path("results") / std::filesystem::path(scenario_path).stem()).string();
}

std::vector<double> interval_option(const po::variables_map& options) {
  const std::string& text = options["interval"].as<std::string>();
  const auto fail = [&](const std::string& problem) {
    return UsageError(
        fmt::format("--interval \"{}\": {}; expected up to {} coverages between 0 and 1, separated by "
                    "commas, such as 0.95 or 0.95,0.998",
                    text, problem, summary::kMaxIntervals));
  };
  std::vector<double> levels;
  for (std::size_t start = 0;;) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view field = std::string_view(text).substr(start, comma - start);
    const std::optional<double> level = text::parse_number<double>(field);
    if (!level) throw fail(fmt::format("\"{}\" is not a number", field));
    if (const auto problem = montecarlo::interval_level_problem(*level, levels)) throw fail(*problem);
    levels.push_back(*level);
    if (comma == text.size()) return levels;
    start = comma + 1;
  }
}

}  // namespace prevalence::cli
