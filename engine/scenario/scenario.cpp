#include "engine/scenario/scenario.hpp"

#include "engine/scenario/strict_table.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <stdexcept>

namespace prevalence::engine {
namespace {

using models::FigureInterval;
using models::FigureUnit;
using models::IntervalBasis;
using models::PublishedFigure;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError({path, 0, 0}, fmt::format("cannot open the scenario file: {}", std::strerror(errno)));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_' || c == '.' || c == '-'))
      return false;
  return true;
}

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// "0-17", "10-17", "90+", "5".
std::optional<AgeRange> parse_ages(std::string_view text) {
  if (!text.empty() && text.back() == '+') {
    auto from = parse_int(text.substr(0, text.size() - 1));
    if (!from || *from < 0) return std::nullopt;
    return AgeRange{*from, std::nullopt};
  }
  const auto dash = text.find('-');
  auto from = parse_int(text.substr(0, dash));
  auto to = dash == std::string_view::npos ? from : parse_int(text.substr(dash + 1));
  if (!from || !to || *from < 0 || *to < *from) return std::nullopt;
  return AgeRange{*from, *to};
}

FigureInterval read_interval(const StrictTable& table, IntervalBasis basis) {
  FigureInterval interval;
  const auto bounds = *table.optional_pair("interval");
  interval.lower = bounds.first;
  interval.upper = bounds.second;
  interval.level = table.optional_number("level").value_or(0.95);
  interval.basis = basis;
  if (!(interval.level > 0.0 && interval.level < 1.0))
    table.fail("level", fmt::format("{} must be between 0 and 1 (0.95 for a 95% interval)",
                                    interval.level));
  return interval;
}

PublishedFigure read_figure(const StrictTable& m) {
  PublishedFigure figure;
  int forms = 0;
  std::string_view value_key;
  for (auto [key, unit] : {std::pair{"proportion", FigureUnit::proportion},
                           std::pair{"percent", FigureUnit::percent},
                           std::pair{"per_10000", FigureUnit::per_10000}}) {
    if (auto value = m.optional_number(key)) {
      figure.value = *value;
      figure.unit = unit;
      value_key = key;
      ++forms;
    }
  }
  if (m.has("count") || m.has("of")) {
    const auto count = m.optional_number("count");
    const auto of = m.optional_number("of");
    if (!count) m.fail("count", "required with \"of\": give the count x of n as count = x, of = n");
    if (!of) m.fail("of", "required with \"count\": give the count x of n as count = x, of = n");
    figure.count_of = models::CountOf{*count, *of};
    value_key = "count";
    ++forms;
  }
  if (forms == 0)
    throw InputError(m.where(), fmt::format("{}: no published figure: give one of proportion, "
                                            "percent, per_10000, or count with of",
                                            m.qualified("")));
  if (forms > 1)
    m.fail(value_key, "give only one of proportion, percent, per_10000, or count with of");

  if (m.has("interval")) {
    if (figure.count_of) m.fail("interval", "a count x of n carries its own uncertainty; drop the interval");
    figure.interval = read_interval(m, IntervalBasis::published);
  } else if (m.has("level")) {
    m.fail("level", "is the coverage of an interval, but no interval is given");
  }

  if (auto assumed = m.optional_table("assumed")) {
    assumed->allow_only({"interval", "level", "effective_sample_size", "why"});
    if (figure.count_of || figure.interval)
      m.fail("assumed", "the figure already has its own uncertainty; an assumed one would replace it");
    figure.why_assumed = assumed->required_string("why");
    const bool has_interval = assumed->has("interval");
    const auto sample_size = assumed->optional_number("effective_sample_size");
    if (has_interval == sample_size.has_value())
      throw InputError(assumed->where(), fmt::format("{}: give either interval (with level) or "
                                                     "effective_sample_size",
                                                     m.qualified("assumed")));
    if (has_interval) figure.interval = read_interval(*assumed, IntervalBasis::assumed);
    else if (assumed->has("level")) assumed->fail("level", "is the coverage of an interval, but no interval is given");
    figure.effective_sample_size = sample_size;
  }
  return figure;
}

MeasureSpec read_measure(const StrictTable& m, const Scenario& scenario) {
  m.allow_only({"id", "label", "source", "ages", "sex", "year", "proportion", "percent",
                "per_10000", "count", "of", "interval", "level", "assumed"});
  MeasureSpec spec;
  spec.where = m.where();
  spec.id = m.required_string("id");
  if (!valid_id(spec.id))
    m.fail("id", fmt::format("\"{}\" may hold only lower-case letters, digits, '.', '_' and '-'", spec.id));
  spec.label = m.required_string("label");
  spec.source = m.required_string("source");

  const std::string ages_text = m.required_string("ages");
  const auto ages = parse_ages(ages_text);
  if (!ages) m.fail("ages", fmt::format("\"{}\" is not an age range such as \"0-17\" or \"90+\"", ages_text));
  spec.ages = *ages;
  spec.ages_where = m.where("ages");

  if (auto sex_text = m.optional_string("sex")) {
    auto sex = parse_sex(*sex_text);
    if (!sex) m.fail("sex", fmt::format("\"{}\" must be all, female or male", *sex_text));
    spec.sex = *sex;
  }
  spec.year = scenario.population_year;
  if (auto year = m.optional_integer("year")) {
    spec.year = static_cast<int>(*year);
    spec.ages_where = m.where("year");
  }

  spec.figure = read_figure(m);
  try {
    spec.distribution = models::RateDistribution::from_figure(spec.figure);
  } catch (const std::invalid_argument& e) {
    const char* key = spec.figure.count_of ? "count"
                      : spec.figure.interval && spec.figure.interval->basis == IntervalBasis::assumed
                          ? "assumed"
                      : spec.figure.interval ? "interval"
                                             : spec.figure.unit == FigureUnit::percent   ? "percent"
                                               : spec.figure.unit == FigureUnit::per_10000 ? "per_10000"
                                                                                           : "proportion";
    m.fail(key, e.what());
  }
  return spec;
}

}  // namespace

std::optional<Mode> parse_mode(const std::string& text) {
  if (text == "expected") return Mode::expected;
  if (text == "realised" || text == "realized") return Mode::realised;
  return std::nullopt;
}

const char* to_string(Mode mode) noexcept {
  return mode == Mode::realised ? "realised" : "expected";
}

Scenario load_scenario(const std::string& path) {
  Scenario scenario;
  scenario.path = path;
  scenario.text = read_text(path);

  toml::table root;
  try {
    root = toml::parse(scenario.text, path);
  } catch (const toml::parse_error& e) {
    throw InputError(position_of(e.source(), path), std::string(e.description()));
  }

  const StrictTable top(root, path, "");
  top.allow_only({"title", "description", "population", "areas", "run", "measure"});
  scenario.title = top.required_string("title");
  scenario.description = top.optional_string("description").value_or("");

  // [population]
  const auto population = top.optional_table("population");
  if (!population) throw InputError({path, 1, 1}, "population: required table [population] is missing");
  population->allow_only({"file", "year", "relative_error"});
  const std::string file = population->required_string("file");
  const auto base = std::filesystem::path(path).parent_path();
  scenario.population_file = (base / file).lexically_normal().string();
  scenario.population_file_where = population->where("file");
  scenario.population_year = static_cast<int>(population->required_integer("year"));
  scenario.population_relative_error = population->optional_number("relative_error").value_or(0.0);
  if (!(scenario.population_relative_error >= 0.0 && scenario.population_relative_error < 1.0))
    population->fail("relative_error", fmt::format("{} must be from 0 to 1 (0.02 for 2 %)",
                                                   scenario.population_relative_error));

  // [areas]
  const auto areas = top.optional_table("areas");
  if (!areas) throw InputError({path, 1, 1}, "areas: required table [areas] is missing");
  areas->allow_only({"codes", "all"});
  if (const toml::node* all = areas->table().get("all")) {
    if (!all->is_boolean()) areas->fail("all", "must be true or false");
    scenario.all_areas = *all->value<bool>();
  }
  if (const toml::node* codes = areas->table().get("codes")) {
    const toml::array* array = codes->as_array();
    if (!array) areas->fail("codes", "must be an array of area codes, such as [\"E08000035\"]");
    std::set<std::string> seen;
    for (const toml::node& code : *array) {
      const SourcePosition at = position_of(code.source(), path);
      if (!code.is_string() || code.value<std::string_view>()->empty())
        throw InputError(at, "areas.codes: each code must be a non-empty string");
      std::string text(*code.value<std::string_view>());
      if (!seen.insert(text).second) throw InputError(at, fmt::format("areas.codes: {} is listed twice", text));
      scenario.area_codes.push_back(std::move(text));
      scenario.area_code_where.push_back(at);
    }
  }
  if (scenario.all_areas == !scenario.area_codes.empty())
    throw InputError(areas->where(), "areas: give either codes = [...] or all = true");

  // [run]
  if (const auto run = top.optional_table("run")) {
    run->allow_only({"draws", "seed", "mode", "interval"});
    if (auto draws = run->optional_integer("draws")) {
      // Draw numbers key the random streams as 32-bit counters.
      if (*draws < 1 || *draws > std::numeric_limits<std::uint32_t>::max())
        run->fail("draws", fmt::format("{} must be at least 1 and at most {}", *draws,
                                       std::numeric_limits<std::uint32_t>::max()));
      scenario.run.draws = *draws;
    }
    if (auto seed = run->optional_integer("seed")) {
      if (*seed < 0) run->fail("seed", fmt::format("{} must not be negative", *seed));
      scenario.run.seed = static_cast<std::uint64_t>(*seed);
    }
    if (auto mode_text = run->optional_string("mode")) {
      auto mode = parse_mode(*mode_text);
      if (!mode) run->fail("mode", fmt::format("\"{}\" must be expected or realised", *mode_text));
      scenario.run.mode = *mode;
    }
    if (auto interval = run->optional_number("interval")) {
      if (!(*interval > 0.0 && *interval < 1.0))
        run->fail("interval", fmt::format("{} must be between 0 and 1 (0.95 for 95 %)", *interval));
      scenario.run.interval = *interval;
    }
  }

  // [[measure]]
  const toml::node* measures = root.get("measure");
  if (!measures) throw InputError({path, 1, 1}, "measure: no [[measure]] tables: nothing to estimate");
  const toml::array* array = measures->as_array();
  if (!array || !array->is_array_of_tables())
    throw InputError(position_of(measures->source(), path), "measure: must be written as [[measure]] tables");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const StrictTable m(*(*array)[i].as_table(), path, fmt::format("measure[{}]", i + 1));
    MeasureSpec spec = read_measure(m, scenario);
    if (!ids.insert(spec.id).second) m.fail("id", fmt::format("\"{}\" is used by an earlier measure", spec.id));
    scenario.measures.push_back(std::move(spec));
  }
  return scenario;
}

}  // namespace prevalence::engine
