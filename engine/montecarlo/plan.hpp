#pragma once
// Everything the Monte Carlo needs, resolved: what to draw and for whom.
// Built from a scenario and a population table (scenario/build_plan), or
// directly by benchmarks and tests. It holds no text meant for people: what
// each output is called, and where its figures come from, is described where
// outputs are written (results/describe_run).
//
// Estimates come in groups. A group is a joint table over K conditions whose
// cells are drawn once per draw: a single-rate measure is a group with K = 1
// (cells: without, with); an overlap such as the toxic trio has K = 3 and 8
// cells. Each output of a group is the sum of some of its cells, so counts
// are consistent within every draw. A group whose figures are the same for
// every area draws one table per draw, shared by all of them; a group with
// per-area figures draws one per draw for each distinct set of figures (a
// variant), coupled across variants as the scenario declares.

#include "models/overlap/cell_set.hpp"
#include "models/overlap/joint_table_fitter.hpp"
#include "models/rate/rate_distribution.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace prevalence::montecarlo {

/// One area's own figures for a group with per-area figures: what its table
/// is drawn from, in the same three forms as a group's (see PlannedGroup).
struct TableVariant {
  /// The area the figures belong to (its code): names the variant's own
  /// random numbers, so they do not depend on which other areas run.
  std::string key;
  std::vector<double> dirichlet_alpha;
  std::vector<models::RateDistribution> figure_rates;
  std::optional<models::JointTableFitter> fitter;
  /// Instead of the three above: in every draw, the weighted sum of other
  /// variants' tables (an area formed from others after the figures were
  /// published). Weights add up to 1; the variants named are not mixtures.
  std::vector<std::pair<std::uint32_t, double>> mixture;
};

struct PlannedGroup {
  std::string id;  ///< names the group's random streams: keep ids stable
  int n_conditions = 1;

  // Each draw's cells come from one of: a survey cross-tab (Dirichlet with
  // these parameters); a fitted table (figures sampled, then the fitter); or,
  // for a single measure, its one figure p as cells (1 - p, p).
  std::vector<double> dirichlet_alpha;
  std::vector<std::string> figure_ids;  ///< names each figure's random stream
  std::vector<models::RateDistribution> figure_rates;
  std::optional<models::JointTableFitter> fitter;
  std::vector<std::string> odds_ratio_ids;
  std::vector<double> log_odds_ratio_mean;
  std::vector<double> log_odds_ratio_sd;

  /// The cells each output sums, in output order.
  std::vector<models::CellSet> outputs;

  /// Per-area figures: each area draws its table from variants[its variant]
  /// instead of from the fields above (which then hold nothing but the
  /// figure and odds-ratio ids and the odds ratios, shared by every variant).
  /// Empty: every area shares the group's one table.
  std::vector<TableVariant> variants;
  /// How each figure's uncertainty relates across variants: the correlation
  /// of their standard-normal scores (a Gaussian copula), 1 for one shared
  /// unknown, 0 for independent ones. One per figure id; for a Dirichlet
  /// table, one for all its cells.
  std::vector<double> across_areas;

  /// Life stages: the outputs are reported for the group's whole ages, then
  /// for each band in turn. Every age piece (the pieces partition the
  /// whole's ages) is drawn on its own, and the whole and each band are sums
  /// of pieces, so bands add up as their ages do. bands[b] lists the pieces
  /// that make band b. Empty: the whole only.
  std::vector<std::vector<std::size_t>> bands;
  std::size_t n_pieces = 0;  ///< the age pieces each area has head-counts for (0 without bands)
  /// Band-specific figures: tables that some pieces draw instead of the
  /// group's own, each a group of its own (its id names its random streams;
  /// the same conditions and outputs as this group; no variants, no bands).
  /// piece_table[p]: 0 for the group's own table, t + 1 for band_tables[t].
  /// Empty: every piece draws the group's own table.
  std::vector<PlannedGroup> band_tables;
  std::vector<std::size_t> piece_table;
  /// A complete count's rate carried to other areas or years: in realised
  /// mode each draw's chance variation is around its point (x / n), not
  /// around a draw of its uncertainty as well, which is the same chance
  /// variation of what was counted (config/README.md, "Kinds of figure").
  bool point_when_realised = false;

  int n_cells() const noexcept { return models::cell_count(n_conditions); }
  /// The table piece p draws: 0 the group's own, t + 1 band_tables[t].
  std::size_t table_of_piece(std::size_t p) const noexcept { return piece_table.empty() ? 0 : piece_table[p]; }
  bool per_area() const noexcept { return !variants.empty(); }
  /// Outputs reported: each output for the whole and for every band.
  std::size_t n_reported() const noexcept { return outputs.size() * (1 + bands.size()); }
};

struct PlannedArea {
  PlannedArea() = default;
  PlannedArea(std::string code_, std::vector<double> denominators_, std::vector<std::uint32_t> variants_ = {},
              std::string key_ = {})
      : code(std::move(code_)),
        denominators(std::move(denominators_)),
        variants(std::move(variants_)),
        key(std::move(key_)) {}

  std::string code;                  ///< names the area's random streams (unless `key` does)
  std::vector<double> denominators;  ///< one per group, in plan order: the head-count of its whole ages
  /// For each group with per-area figures, the index of this area's variant
  /// (0 and unused for the others). Empty when no group has any.
  std::vector<std::uint32_t> variants;
  /// Names the area's own random streams (head-count error, realised-mode
  /// sampling) when the code alone does not: in a run over several years,
  /// "E08000035 2019", so each year has its own. "" for the code.
  std::string key;
  /// The head-counts of every banded group's age pieces, group after group
  /// in plan order (empty without bands).
  std::vector<double> pieces;
  /// Per group, a count known for this area (its own complete count), or
  /// NaN where the group's count is drawn. Empty when no group has one.
  std::vector<double> known;

  bool is_known(std::size_t g) const { return !known.empty() && known[g] == known[g]; }

  const std::string& stream_name() const noexcept { return key.empty() ? code : key; }
};

/// A total over several areas (an area group: City of London and Hackney, a
/// region, England): each output's count summed over its members within
/// every draw, so its interval comes from the sums' draws, not from adding
/// the members' intervals.
struct PlannedTotal {
  std::vector<std::size_t> members;  ///< indices into Plan::areas, each once
};

struct Plan {
  std::vector<PlannedGroup> groups;
  std::vector<PlannedArea> areas;
  /// Summarised after the areas: results hold areas then totals.
  std::vector<PlannedTotal> totals;
  /// Log-normal sd of each area's head-counts (0: counts are exact). One draw
  /// per (area, draw) scales all of an area's denominators together.
  double population_relative_error = 0.0;

  std::size_t n_outputs() const noexcept {
    std::size_t n = 0;
    for (const PlannedGroup& g : groups) n += g.n_reported();
    return n;
  }

  /// Area a's denominator of group g's band b (-1: the whole).
  double denominator(std::size_t a, std::size_t g, int band) const {
    if (band < 0) return areas[a].denominators[g];
    std::size_t offset = 0;
    for (std::size_t h = 0; h < g; ++h) offset += groups[h].n_pieces;
    double sum = 0.0;
    for (std::size_t p : groups[g].bands[static_cast<std::size_t>(band)]) sum += areas[a].pieces[offset + p];
    return sum;
  }
};

/// A plan group for one single-rate measure (K = 1): its one output is the
/// rate's cell.
PlannedGroup single_rate_group(std::string id, models::RateDistribution rate);

}  // namespace prevalence::montecarlo
