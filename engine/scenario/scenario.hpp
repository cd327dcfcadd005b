#pragma once
// A scenario file: which population, which areas, which measures with which
// published figures, and the run's defaults. Loading validates everything
// that can be checked without the population file; config/README.md
// documents every key.

#include "engine/error/input_error.hpp"
#include "engine/io/population_table.hpp"
#include "engine/montecarlo/run_settings.hpp"
#include "models/overlap/cell_set.hpp"
#include "models/rate/rate_distribution.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace prevalence::scenario {

class StrictTable;

/// Reads `key` of `table` as interval levels: one coverage (0.95) or an
/// array of them ([0.95, 0.998]), the first the headline.
/// @throw InputError at the offending value (or the array's element)
std::vector<double> read_interval_levels(const StrictTable& table, std::string_view key);

struct MeasureSpec {
  std::string id;
  std::string label;
  std::string phrase;  ///< what a sentence says it counts: "living with domestic abuse" ("": the label)
  std::string source;
  io::AgeRange ages;
  io::Sex sex = io::Sex::all;
  int year = 0;  ///< population year of the denominator
  models::PublishedFigure figure;
  models::RateDistribution distribution = models::RateDistribution::point(0.0);
  error::SourcePosition where;       ///< the measure's table, for errors about it
  error::SourcePosition ages_where;  ///< its `ages` (or `year`) key, for denominator errors
};

/// A published figure about a region of an overlap's joint table.
struct OverlapFigureSpec {
  std::string id;    ///< "trio.any": names its random stream and the matching output
  std::string name;  ///< "any of the toxic trio": how tables and messages name it
  models::CellSet cells = 0;
  std::string source;
  models::PublishedFigure figure;
  models::RateDistribution distribution = models::RateDistribution::point(0.0);
  /// Precision the figure was rounded to, in its own unit (0: exact). The
  /// check and the fit then treat it as the band of values it stands for.
  double rounding = 0.0;
  error::SourcePosition where;
};

/// An assumed odds ratio between two conditions where nothing about their
/// overlap is published: log-normal, matched to its interval.
struct OddsRatioSpec {
  int first = 0;
  int second = 0;
  double log_mean = 0.0;
  double log_sd = 0.0;  ///< 0: a point assumption
  // As the scenario states it, for the words that describe it.
  double value = 1.0;
  std::optional<models::FigureInterval> interval;  ///< in the ratio's own unit
  std::string why;
  std::string source;  ///< "" when none is given
  error::SourcePosition where;
};

/// A survey's cross-tabulation of all 2^K cells: the joint table is then
/// Dirichlet(count / design effect + 1/2), the Jeffreys posterior.
struct SurveySpec {
  std::vector<double> counts;  ///< by cell index (bit i: condition i present)
  double design_effect = 1.0;
  std::string source;
  error::SourcePosition where;
};

/// Conditions that co-occur (the toxic trio), reported as one coherent
/// joint table: every cell and every region of the overlap.
struct OverlapSpec {
  std::string id;     ///< prefix of every output id: "trio"
  std::string label;  ///< "the toxic trio", as in "any of the toxic trio"
  io::AgeRange ages;
  io::Sex sex = io::Sex::all;
  int year = 0;
  std::vector<std::string> condition_ids;
  std::vector<std::string> condition_labels;
  std::vector<OverlapFigureSpec> figures;
  std::vector<OddsRatioSpec> odds_ratios;
  std::optional<SurveySpec> survey;
  /// Assumed precision of the whole table, for figures from one source that
  /// publishes no intervals: each draw's table is Dirichlet(n p0) around the
  /// table p0 fitted to the figures, as if from a sample of n.
  std::optional<double> effective_sample_size;
  std::string why_assumed;
  error::SourcePosition where;
  error::SourcePosition ages_where;
};

struct Scenario {
  std::string path;
  std::string text;  ///< the file as read, kept for the record of the run
  std::string title;
  std::string description;

  std::string population_file;  ///< resolved against the scenario's directory
  error::SourcePosition population_file_where;
  int population_year = 0;
  double population_relative_error = 0.0;  ///< log-normal sd of each head-count

  bool all_areas = false;
  std::vector<std::string> area_codes;
  std::vector<error::SourcePosition> area_code_where;

  montecarlo::RunSettings run;
  std::vector<MeasureSpec> measures;
  std::vector<OverlapSpec> overlaps;
};

/// Reads and validates a scenario file.
/// @throw InputError at the file, line and column of the first problem
Scenario load_scenario(const std::string& path);

}  // namespace prevalence::scenario
