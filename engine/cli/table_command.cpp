#include "engine/cli/table_command.hpp"

#include "engine/cli/exit_code.hpp"
#include "engine/cli/interruption.hpp"
#include "engine/cli/usage_error.hpp"
#include "engine/cli/verb_arguments.hpp"
#include "engine/error/input_error.hpp"
#include "engine/io/atomic_file.hpp"
#include "engine/publish/table_csv.hpp"
#include "engine/publish/table_html.hpp"
#include "engine/publish/table_markdown.hpp"
#include "engine/publish/table_options.hpp"
#include "engine/publish/table_selection.hpp"
#include "engine/results/isolated_read.hpp"
#include "engine/results/results_file.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <limits>
#include <filesystem>
#include <optional>
#include <stdexcept>

namespace prevalence::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kPurpose =
    "Publish a table from the results file of a run (DIR/results.h5) without running\n"
    "again: CSV, Markdown or one self-contained HTML page, under a disclosure control\n"
    "policy, with low-reliability flags and, if asked, a sentence for every figure.";

constexpr const char* kDetails =
    "Disclosure control policies (--sdc; the rules in full: docs/disclosure-control.md):\n"
    "  none         nothing suppressed; figures rounded to 3 significant figures\n"
    "  ons-10-5     a figure below 10 is not shown [c]; others rounded to the nearest 5\n"
    "  dfe          0 is 0; below 0.5 is [k]; 1 to 5 is [c]; others to the nearest 10\n"
    "  custom:T:B   below T is not shown [c]; others rounded to the nearest B\n"
    "A figure that would let a suppressed one be worked out (the rest of its overlap,\n"
    "say) is suppressed too, and a percentage is computed from the count as shown.\n"
    "A figure whose coefficient of variation (sd / mean) is above --max-cv is marked [u].\n"
    "\n"
    "Examples:\n"
    "  prevalence table results/leeds-2020/results.h5 --format md --sdc ons-10-5\n"
    "  prevalence table R.h5 --format html --words --interval 0.95,0.998 --out table.html\n"
    "  prevalence table R.h5 --format csv --measures trio,looked_after --areas E08000035\n"
    "\n"
    "An interval level the run did not store (run --interval) is computed from the\n"
    "draws when the run kept them (run --keep-draws); otherwise it is an error.\n";

po::options_description visible_options() {
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help")
      ("format", po::value<std::string>()->value_name("F")->default_value("md"), "csv, md or html")
      ("out", po::value<std::string>()->value_name("FILE"), "write the table to FILE (default: standard output)")
      ("areas", po::value<std::string>()->value_name("CODES"),
       "comma-separated area codes, in the order to show them (default: every area)")
      ("measures", po::value<std::string>()->value_name("IDS"),
       "comma-separated measure ids, or group ids for all of a group's measures (default: all)")
      ("interval", po::value<std::string>()->value_name("P[,P...]"),
       "interval coverages to show, e.g. 0.95,0.998 (default: every level the run stored)")
      ("show", po::value<std::string>()->value_name("WHAT")->default_value("both"),
       "counts, percentages or both (the CSV always has both)")
      ("sdc", po::value<std::string>()->value_name("POLICY")->default_value("none"),
       "disclosure control: none, ons-10-5, dfe or custom:T:B")
      ("significant", po::value<std::string>()->value_name("S")->default_value("3"),
       "significant figures figures are rounded to (0: the policy's rounding only)")
      ("max-cv", po::value<std::string>()->value_name("X")->default_value("0.2"),
       "mark [u] a figure whose sd / mean is above X (\"none\": never)")
      ("words", "a sentence for every figure, in the words guidance uses for synthetic estimates");
  return options;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::size_t end = comma == std::string::npos ? text.size() : comma;
    if (end > start) items.push_back(text.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

}  // namespace

int table_command(const std::vector<std::string>& args, std::ostream& out) {
  const VerbArguments verb =
      parse_verb_arguments("table", args, visible_options(),
                           {"prevalence table RESULTS.h5 [options]", kPurpose, kDetails}, {"results file"}, out);
  if (verb.help) return kSuccess;
  const po::variables_map& vm = verb.options;

  const std::string format = vm["format"].as<std::string>();
  if (format != "csv" && format != "md" && format != "html")
    throw UsageError(fmt::format("--format \"{}\": use csv, md or html", format));

  publish::TableSelection selection;
  if (vm.count("areas")) selection.areas = split_list(vm["areas"].as<std::string>());
  if (vm.count("measures")) selection.measures = split_list(vm["measures"].as<std::string>());
  if (vm.count("interval")) selection.levels = interval_option(vm);

  publish::TableOptions options;
  try {
    options.policy = publish::parse_sdc_policy(vm["sdc"].as<std::string>());
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("--sdc: {}", e.what()));
  }
  try {
    options.show = publish::parse_figure_display(vm["show"].as<std::string>());
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("--show: {}", e.what()));
  }
  options.significant_figures =
      number_option<int>(vm, "significant", std::numeric_limits<int>::min(), std::numeric_limits<int>::max(),
                         "a whole number of significant figures");
  if (options.significant_figures < 0 || options.significant_figures > 15)
    throw UsageError(fmt::format("--significant {}: use 0 (none) to 15", options.significant_figures));
  const std::string max_cv = vm["max-cv"].as<std::string>();
  options.max_cv = max_cv == "none" ? publish::kNoReliabilityFlag
                                    : number_option<double>(vm, "max-cv", -std::numeric_limits<double>::infinity(),
                                                            std::numeric_limits<double>::infinity(),
                                                            "a positive number such as 0.2, or none");
  if (!(options.max_cv > 0.0)) throw UsageError(fmt::format("--max-cv {}: use a positive number, or none", max_cv));
  options.words = vm.count("words") > 0;

  const results::RunResults results = results::read_results_file_isolated(verb.words.front());
  const publish::TableInput input = publish::select_table(results, selection);

  // A file appears whole or not at all, as a run's outputs do.
  std::optional<io::AtomicOutputDirectory> directory;
  std::ostream* target = &out;
  if (vm.count("out")) {
    const std::filesystem::path path(vm["out"].as<std::string>());
    if (path.filename().empty()) throw UsageError(fmt::format("--out {}: name a file, not a directory", path.string()));
    directory.emplace(path.has_parent_path() ? path.parent_path().string() : std::string("."));
    target = &directory->open(path.filename().string());
  }
  try {
    if (format == "csv") publish::write_table_csv(*target, input, options);
    if (format == "md") publish::write_table_markdown(*target, input, options);
    if (format == "html") publish::write_table_html(*target, input, options);
  } catch (const std::invalid_argument& e) {
    // The figures themselves are inconsistent: a damaged or hand-made file.
    throw error::InputError({results.path, 0, 0}, e.what());
  }
  Interruption::check();
  if (directory) directory->commit();
  out.flush();
  return kSuccess;
}

}  // namespace prevalence::cli
