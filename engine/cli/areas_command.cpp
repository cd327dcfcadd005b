#include "engine/cli/areas_command.hpp"

#include "engine/cli/usage_error.hpp"
#include "engine/cli/verb_arguments.hpp"
#include "engine/io/population_table.hpp"
#include "engine/text/nearest_names.hpp"
#include "engine/text/utf8.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace prevalence::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kPurpose =
    "List the areas of one or more population files: each code, its name, the years it\n"
    "is in and what kind of area its code says it is, to copy into a scenario's\n"
    "[areas] codes. --search finds areas by name or code, with the nearest names\n"
    "when nothing matches.";

constexpr const char* kDetails =
    "Examples:\n"
    "  prevalence areas data/population/england-la-single-year-of-age-2017-2021.csv --search hackney\n"
    "  prevalence areas data/population/*.csv --year 2020 --search northamptonshire\n";

// What an English GSS code's entity type says the area is.
std::string kind_of(const std::string& code) {
  static const std::map<std::string, std::string> kinds{{"E06", "unitary authority"},
                                                        {"E07", "non-metropolitan district"},
                                                        {"E08", "metropolitan district"},
                                                        {"E09", "London borough"},
                                                        {"E10", "county"},
                                                        {"E11", "metropolitan county"},
                                                        {"E12", "region"},
                                                        {"E92", "country"}};
  const auto found = kinds.find(code.substr(0, 3));
  return found == kinds.end() ? "" : found->second;
}

// 2017-2021, or 2017, 2019.
std::string years_text(const std::vector<int>& years) {
  std::string out;
  for (std::size_t i = 0; i < years.size();) {
    std::size_t j = i;
    while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
    out += (out.empty() ? "" : ", ") + (j == i ? std::to_string(years[i]) : fmt::format("{}-{}", years[i], years[j]));
    i = j + 1;
  }
  return out;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

struct Listed {
  std::string name;
  std::vector<int> years;
};

}  // namespace

int areas_command(const std::vector<std::string>& args, std::ostream& out) {
  po::options_description options("Options");
  options.add_options()("help,h", "show this help")("year", po::value<int>()->value_name("Y"),
                                                    "only areas in the population of year Y")(
      "search", po::value<std::string>()->value_name("TEXT"),
      "only areas whose name or code holds TEXT (any case), and the nearest names");
  const VerbArguments verb = parse_verb_arguments(
      "areas", args, options, {"prevalence areas POPULATION.csv... [--year Y] [--search TEXT]", kPurpose, kDetails},
      {"population file", 64}, out);
  if (verb.help) return kSuccess;

  const io::PopulationTable population = io::PopulationTable::load(verb.words);
  std::map<std::string, Listed> areas;  // by code
  for (int year : population.years()) {
    if (verb.options.count("year") && year != verb.options["year"].as<int>()) continue;
    for (const io::Area& area : population.areas(year)) {
      Listed& listed = areas[area.code];
      listed.name = area.name;  // the latest year's spelling
      listed.years.push_back(year);
    }
  }
  if (areas.empty())
    throw UsageError(fmt::format("areas: no areas for year {} (the files have {})", verb.options["year"].as<int>(),
                                 years_text(population.years())));

  const std::string search = verb.options.count("search") ? lower(verb.options["search"].as<std::string>()) : "";
  std::vector<std::string> shown;
  for (const auto& [code, listed] : areas)
    if (search.empty() || lower(code).find(search) != std::string::npos ||
        lower(listed.name).find(search) != std::string::npos)
      shown.push_back(code);
  // The nearest names besides, when searching.
  std::vector<std::string> near;
  if (!search.empty()) {
    std::vector<std::string> names;
    std::map<std::string, std::string> code_of;
    for (const auto& [code, listed] : areas)
      if (std::find(shown.begin(), shown.end(), code) == shown.end() && code_of.emplace(listed.name, code).second)
        names.push_back(listed.name);
    for (const std::string& name : text::nearest_names(verb.options["search"].as<std::string>(), names, 5))
      near.push_back(code_of.at(name));
  }
  std::size_t name_width = 4;
  for (const auto* codes : {&shown, &near})
    for (const std::string& code : *codes) name_width = std::max(name_width, text::display_width(areas[code].name));
  auto print = [&](const std::string& indent, const std::string& code) {
    const Listed& listed = areas[code];
    fmt::print(out, "{}{:<10} {}{}  {:<10}  {}\n", indent, code, listed.name,
               std::string(name_width - text::display_width(listed.name), ' '), years_text(listed.years),
               kind_of(code));
  };
  if (!shown.empty()) {
    fmt::print(out, "{:<10} {:<{}}  {:<10}  {}\n", "code", "name", name_width, "years", "kind");
    for (const std::string& code : shown) print("", code);
  } else if (!search.empty()) {
    fmt::print(out, "No area's name or code holds \"{}\".\n", verb.options["search"].as<std::string>());
  }
  if (!near.empty()) {
    fmt::print(out, "{}:\n", shown.empty() ? "The nearest names" : "Also close");
    for (const std::string& code : near) print("  ", code);
  }
  return kSuccess;
}

}  // namespace prevalence::cli
