#pragma once
// A scenario file: which population, which areas, which measures with which
// published figures, and the run's defaults. Loading validates everything
// that can be checked without the population file; config/README.md
// documents every key.

#include "engine/error/input_error.hpp"
#include "engine/io/population_table.hpp"
#include "models/rate/rate_distribution.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace prevalence::engine {

/// What the counts stand for. `expected`: parameter uncertainty only, the
/// count the rates imply. `realised`: also the binomial variation of a finite
/// population, which matters in small areas.
enum class Mode { expected, realised };
std::optional<Mode> parse_mode(const std::string& text);
const char* to_string(Mode mode) noexcept;

/// Run settings: a scenario gives defaults, the command line may override.
struct RunSettings {
  std::int64_t draws = 10000;
  std::uint64_t seed = 1;
  Mode mode = Mode::expected;
  double interval = 0.95;  ///< coverage of the central interval reported
};

struct MeasureSpec {
  std::string id;
  std::string label;
  std::string source;
  AgeRange ages;
  Sex sex = Sex::all;
  int year = 0;  ///< population year of the denominator
  models::PublishedFigure figure;
  models::RateDistribution distribution = models::RateDistribution::point(0.0);
  SourcePosition where;       ///< the measure's table, for errors about it
  SourcePosition ages_where;  ///< its `ages` (or `year`) key, for denominator errors
};

struct Scenario {
  std::string path;
  std::string text;  ///< the file as read, kept for the record of the run
  std::string title;
  std::string description;

  std::string population_file;  ///< resolved against the scenario's directory
  SourcePosition population_file_where;
  int population_year = 0;
  double population_relative_error = 0.0;  ///< log-normal sd of each head-count

  bool all_areas = false;
  std::vector<std::string> area_codes;
  std::vector<SourcePosition> area_code_where;

  RunSettings run;
  std::vector<MeasureSpec> measures;
};

/// Reads and validates a scenario file.
/// @throw InputError at the file, line and column of the first problem
Scenario load_scenario(const std::string& path);

}  // namespace prevalence::engine
