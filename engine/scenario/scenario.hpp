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
#include <map>
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

/// A number a figure takes, area by area, from a column of an
/// [[area_figures]] file.
struct ColumnRef {
  std::string table;   ///< the [[area_figures]] id
  std::string column;  ///< the file's column, by its header (an alias resolved)
  error::SourcePosition where;
};

/// The parts of a published figure that vary by area, and how their
/// uncertainty relates across areas.
struct PerAreaFigure {
  std::optional<ColumnRef> value, lower, upper, count, of;
  /// Correlation of the areas' standard-normal scores (a Gaussian copula):
  /// 1 "shared", one unknown that moves every area together; 0
  /// "independent". Defaults: shared for a value (one model or survey behind
  /// every area's figure), independent for a count x of n (each area's own
  /// observation).
  double across_areas = 1.0;
  bool across_areas_stated = false;
};

/// One area's row of an [[area_figures]] file.
struct AreaFiguresRow {
  std::string area;  ///< as the file names it (a name when joined through a lookup)
  std::uint32_t line = 0;
  std::map<std::string, std::optional<double>> values;  ///< by column header
  std::map<std::string, std::string> text;              ///< the cells as written
};

/// [[area_figures]]: a published table of figures by area, one row per area,
/// joined to the run's areas by code, or by name through a lookup.
struct AreaFiguresSpec {
  std::string id;
  std::string file;  ///< resolved against the scenario's directory
  std::string code_column;      ///< the column of codes, or
  std::string name_column;      ///< the column of names, with
  std::string names_to_codes;   ///< the lookup from names to codes (resolved)
  std::map<std::string, std::string> aliases;  ///< short name -> column header
  std::string source;
  /// An area formed after the figures were published (Bournemouth,
  /// Christchurch and Poole, 2018) takes its predecessors' rows, weighted by
  /// their populations, through [areas] boundary_changes.
  bool map_new_areas = false;
  /// Areas that take another area's row, each with the scenario's reason.
  struct StandIn {
    std::string use;  ///< the code whose row it takes
    std::string why;
    error::SourcePosition where;
  };
  std::map<std::string, StandIn> stand_ins;  ///< by the code of the area that has no row
  error::SourcePosition where;
  std::map<std::string, AreaFiguresRow> rows;  ///< by area code, as loaded
};

/// Life stages: age bands a measure's or an overlap's outputs are also
/// reported for. Each age piece is drawn with the whole's figures, or with
/// the figures of the innermost band that has its own (a source that
/// publishes them for those ages), and every band and the whole are sums of
/// pieces, so in every draw the bands add up as the ages do (nested bands
/// too: "0" within "0-4").
struct LifeStages {
  std::vector<io::AgeRange> bands;
  /// The age pieces the bands are made of: a partition of the whole's ages
  /// at every band's ends. bands[b] is the sum of pieces band_pieces[b].
  std::vector<io::AgeRange> pieces;
  std::vector<std::vector<std::size_t>> band_pieces;
  /// Which figures each piece is drawn with: 0 the whole's, i + 1 the
  /// spec's band_figures[i]. Empty when no band has figures of its own.
  std::vector<std::size_t> piece_figures;
  error::SourcePosition where;

  /// Some of the pieces, as ages, adjacent ones joined: "0-9, 16-17".
  std::string ages_of(const std::vector<std::size_t>& some) const;
};

struct MeasureSpec {
  std::string id;
  std::string label;
  std::string phrase;  ///< what a sentence says it counts: "living with domestic abuse" ("": the label)
  std::string source;
  io::AgeRange ages;
  io::Sex sex = io::Sex::all;
  /// Population year of the denominator; 0 in a run over several years,
  /// where each row's denominator is of its own year.
  int year = 0;
  LifeStages stages;
  /// The ages the figure was published for, when the scenario says; a figure
  /// applied to other ages needs the scenario's reason (applies_to_other_ages).
  std::optional<io::AgeRange> figure_ages;
  std::string applies_to_other_ages;
  /// A count of people with no rate (children under 1, 19-25-year-olds):
  /// the denominator itself.
  bool population_only = false;
  /// kind = "count": the figure (count x of n) is a complete count, such as
  /// an administrative return, not a sample. For the area and year it
  /// counted it is known, and reported as the count itself; elsewhere it is
  /// carried as a rate (figure.complete_count says with what uncertainty).
  struct Counted {
    std::string area;  ///< the area counted; "" for counts by area (each area's own)
    int year = 0;      ///< the population year the count belongs to
    error::SourcePosition where;
  };
  std::optional<Counted> counted;
  models::PublishedFigure figure;
  /// Set when the figure varies by area: `figure` then holds only what every
  /// area shares (unit, interval level), and `distribution` nothing.
  std::optional<PerAreaFigure> per_area;
  models::RateDistribution distribution = models::RateDistribution::point(0.0);
  /// [[measure.band]]: bands with figures of their own, each read as a
  /// measure of the band's ages (id "m.ages_10-15", the same for every
  /// area); stages.piece_figures says which ages each draws.
  std::vector<MeasureSpec> band_figures;
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
  std::optional<PerAreaFigure> per_area;  ///< as for MeasureSpec
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
  LifeStages stages;
  std::optional<io::AgeRange> figure_ages;  ///< as for MeasureSpec
  std::string applies_to_other_ages;
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
  /// With per-area figures and an assumed precision: the correlation across
  /// areas of each cell's normal score (1 shared, 0 independent).
  double assumed_across_areas = 1.0;
  /// reconcile = true: published figures that cannot all hold are replaced by
  /// the closest set that can (models/overlap/reconcile.hpp), each reported
  /// beside its published value, instead of refusing the run.
  bool reconcile = false;
  error::SourcePosition reconcile_where;
  /// [[overlap.band]]: bands with figures of their own, each read as an
  /// overlap of the band's ages with the same conditions (id
  /// "trio.ages_10-15", the same for every area).
  std::vector<OverlapSpec> band_figures;
  error::SourcePosition where;
  error::SourcePosition ages_where;

  bool per_area() const {
    for (const OverlapFigureSpec& figure : figures)
      if (figure.per_area) return true;
    return false;
  }
};

/// [[group]]: areas also reported as one total, summed within every draw
/// (City of London and Hackney; an integrated care system).
struct AreaGroupSpec {
  std::string id;    ///< the total's code in every output
  std::string name;
  std::vector<std::string> members;  ///< the run's area codes, or ids of groups listed before it
  std::vector<error::SourcePosition> member_where;
  error::SourcePosition where;
};

/// [groups]: a total for each parent a lookup gives the run's areas
/// (upper-tier authority, region, England), in each year.
struct GroupLookupSpec {
  std::string file;                 ///< resolved against the scenario's directory
  std::vector<std::string> levels;  ///< "region": the lookup's region_code and region_name columns
  error::SourcePosition where;
};

struct Scenario {
  std::string path;
  std::string text;  ///< the file as read, kept for the record of the run
  std::string title;
  std::string description;

  /// One or more files (an area file and a county/region file, say), each
  /// resolved against the scenario's directory; no area-year in two.
  std::vector<std::string> population_files;
  error::SourcePosition population_file_where;
  int population_year = 0;  ///< the first of population_years
  error::SourcePosition population_years_where;
  /// The years the run covers, ascending: one, or several (each area then
  /// has a row for every year).
  std::vector<int> population_years;
  double population_relative_error = 0.0;  ///< log-normal sd of each head-count

  bool all_areas = false;
  /// With all = true, only codes of these GSS types ("E06", "E10"); empty for every code.
  std::vector<std::string> code_types;
  std::vector<std::string> area_codes;
  std::vector<error::SourcePosition> area_code_where;
  /// [areas] boundary_changes: the lookup that says where an area absent
  /// from a year went (resolved; "" when none is given).
  std::string boundary_changes;

  montecarlo::RunSettings run;
  std::vector<AreaFiguresSpec> area_figures;
  std::vector<AreaGroupSpec> area_groups;
  std::optional<GroupLookupSpec> group_lookup;
  std::vector<MeasureSpec> measures;
  std::vector<OverlapSpec> overlaps;
};

/// The [[area_figures]] table with id `id`.
const AreaFiguresSpec& area_figures(const Scenario& scenario, const std::string& id);

/// Reads and validates a scenario file.
/// @throw InputError at the file, line and column of the first problem
Scenario load_scenario(const std::string& path);

}  // namespace prevalence::scenario
