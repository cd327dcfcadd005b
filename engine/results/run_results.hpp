#pragma once
// A run as results.h5 records it (docs/results-format.md): what was run, on
// what, and every figure it produced. This is the one record of a run: the
// run writes it to results.h5, and every output (estimates.csv, estimates.md,
// the terminal table, `table`, `merge`) is made from it, in memory or read
// back from the file.

#include "engine/montecarlo/run_settings.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace prevalence::results {

/// An input file and its content's SHA-256.
struct InputFileRecord {
  std::string path;
  std::string sha256;
};

/// One row of the results: an area in one year.
struct AreaRecord {
  AreaRecord() = default;
  AreaRecord(std::string code_, std::string name_, int year_ = 0, std::vector<std::string> members_ = {})
      : code(std::move(code_)), name(std::move(name_)), year(year_), members(std::move(members_)) {}

  std::string code;
  std::string name;
  int year = 0;  ///< the population year of the row (0 in files from before rows had years)
  /// For a total (an area group summed within each draw): its members'
  /// codes. Empty for an area.
  std::vector<std::string> members;
  /// How the row's figures were found when not from its own row of a
  /// figures table ("" when they were): a stand-in's, or its predecessors'.
  std::string note;

  bool is_total() const noexcept { return !members.empty(); }
};

/// A group of measures drawn as one joint table: an overlap, or a single
/// measure on its own.
struct GroupRecord {
  std::string id;
  std::string label;
  bool is_overlap = false;
  std::vector<std::string> condition_labels;  ///< an overlap's conditions (K of them); empty for a measure
  double moved_share = 0.0;                   ///< share of draws moved to admit a joint table
};

struct MeasureRecord {
  std::string id;           ///< "trio.any"
  std::string label;        ///< "any of the toxic trio"
  std::string phrase;       ///< "living with any of the toxic trio": what a sentence says it counts
  std::string group;        ///< id of its overlap (or of the measure itself)
  int group_cells = 2;      ///< cells in the group's joint table: 2^conditions (2 for a single measure)
  std::uint64_t cells = 0;  ///< bit c set: joint-table cell c is part of this measure
  bool is_cell = false;     ///< one exclusive cell of an overlap (indented)
  std::string source;
  std::string uncertainty;
  std::string ages;  ///< "0-17"
  std::string sex;   ///< "all", "female", "male"
  int year = 0;
};

struct RunResults {
  std::string path;  ///< the results file read, for messages ("" when made in memory)

  // The run and how to reproduce it (the file's root attributes).
  std::string title, description, engine_version, git_commit, created, command_line;
  std::string shard;  ///< "K/N" for one shard of a split run, "" otherwise
  std::uint64_t seed = 0;
  std::int64_t draws = 0;
  montecarlo::Mode mode = montecarlo::Mode::expected;
  /// What tables headline; a file written before engine 0.4 has none and
  /// was headlined by its means.
  montecarlo::Headline headline = montecarlo::Headline::median;
  std::vector<double> levels;  ///< interval coverages stored, headline first
  /// --precision: the fraction of its rounding step every printed figure's
  /// Monte Carlo error was brought below, and the rule in words; 0 and ""
  /// for a run with a fixed number of draws.
  double precision = 0.0;
  std::string precision_rule;
  std::uint32_t threads = 0;
  double population_relative_error = 0.0;
  bool draws_kept = false;
  std::string scenario_text;
  std::vector<InputFileRecord> inputs;  ///< the scenario, then the population file

  std::vector<AreaRecord> areas;
  std::vector<GroupRecord> groups;
  std::vector<MeasureRecord> measures;  ///< every group's measures, group after group

  // The figures. Area-major [a * M + m]; lower and upper [(a * M + m) * L + l].
  std::vector<double> denominator, mean, median, mcse, lower, upper;
  /// Monte Carlo standard errors of the median [a * M + m] and of each
  /// interval end [(a * M + m) * L + l] (since engine 0.4; empty in older
  /// files).
  std::vector<double> median_mcse, lower_mcse, upper_mcse;
  /// 1 where measure m of row a is a complete count known for that row (the
  /// area's own count, or a total of such counts), not an estimate
  /// [a * M + m]. Empty when no figure is.
  std::vector<std::uint8_t> known;
  /// The share of each figure's variance that goes with the scenario's
  /// assumed uncertainties (assumed precisions and intervals, odds ratios'
  /// intervals, head-count error): 1 - its variance without them / its
  /// variance [a * M + m]; NaN where the figure has no variance. Empty when
  /// the scenario assumes nothing (or in a file before engine 0.4).
  std::vector<double> assumed_share;

  bool is_known(std::size_t area, std::size_t measure) const {
    return !known.empty() && known[index(area, measure)] != 0;
  }
  std::vector<double> shares;  ///< each draw's share of the denominator [d * M + m]
  /// For published figures the run reconciled (an overlap's reconcile =
  /// true), the figure as published and as fitted, proportions [a * M + m];
  /// NaN elsewhere. Empty when nothing was reconciled.
  std::vector<double> published, fitted;

  /// Whether measure m of row a is a published figure the run reconciled.
  bool reconciled(std::size_t area, std::size_t measure) const {
    return !published.empty() && published[index(area, measure)] == published[index(area, measure)];
  }

  std::size_t n_measures() const noexcept { return measures.size(); }
  std::size_t n_levels() const noexcept { return levels.size(); }
  std::size_t index(std::size_t area, std::size_t measure) const noexcept { return area * measures.size() + measure; }
  /// The headline figure at index i: its median or its mean.
  double point(std::size_t i) const { return headline == montecarlo::Headline::mean ? mean[i] : median[i]; }
  double headline_level() const { return levels.front(); }

  /// The population year of measure m's denominator in row a: the
  /// measure's own year, or the row's in a run over several years.
  int year_of(std::size_t area, std::size_t measure) const {
    return measures[measure].year != 0 ? measures[measure].year : areas[area].year;
  }
  /// Whether the rows cover more than one year (tables then name each row's).
  bool several_years() const;
  /// How tables head a row: "Leeds (E08000035)", and ", 2019" over several years.
  std::string area_title(std::size_t area) const;

  /// The index in `groups` of each measure's group.
  std::vector<std::size_t> group_of_measures() const;

  /// SHA-256 of the figures (levels, every summary, the parameter draws and
  /// the moved shares, each double as its 8 little-endian bytes): the results
  /// file records it, so a figure changed after the run is found on reading.
  std::string figures_sha256() const;
};

/// How much of measure m's interval is assumption, for a note: "assumed
/// uncertainty gives 97 % of its interval's variance" (a range across rows
/// where they differ: "95-99 %"); "" when the run assumed nothing or the
/// measure has no variance.
std::string assumed_share_text(const RunResults& run, std::size_t measure);

}  // namespace prevalence::results
