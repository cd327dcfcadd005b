#pragma once
// One coherent joint table per Monte Carlo draw. Each draw samples the
// published figures independently, so a draw can hold figures no table
// reproduces (all three above one factor, say). The fitter then applies the
// documented rule (config/README.md, "Draws whose figures admit no table"):
// the draw's figures are moved in a straight line towards the central
// figures, just far enough that a table with every cell positive exists, and
// that table is used. Draws so moved are counted and reported.

#include "models/overlap/cell_set.hpp"
#include "models/overlap/max_entropy_options.hpp"

#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace prevalence::models {

class MaxEntropySolver;

struct JointTableSpec {
  int n_conditions = 1;
  std::vector<CellSet> figure_cells;
  /// Half-width of each figure's band, in proportions: half its stated
  /// rounding (a figure published as 7.3 % to 0.1 point stands for 7.25 to
  /// 7.35 %), 0 for an exact figure.
  std::vector<double> figure_half_band;
  /// Central value of each figure (its distribution's mean), in proportions.
  std::vector<double> central_figures;
  /// Pairs of conditions (indices) with a stated odds ratio: the reference
  /// table carries log(odds ratio) as their two-way interaction.
  std::vector<std::pair<int, int>> odds_ratio_pairs;
  /// Central log odds ratio of each pair.
  std::vector<double> central_log_odds_ratios;
};

class JointTableFitter {
 public:
  /// Fits the central table once, as the anchor for incoherent draws.
  /// @throw std::invalid_argument when the spec is malformed or the central
  ///        figures admit no table with every cell positive
  explicit JointTableFitter(JointTableSpec spec, MaxEntropyOptions options = {});
  // The solver lives behind a pointer, so the many files that carry a fitter
  // do not compile the solver's linear algebra; copies are deep (one per
  // worker thread).
  JointTableFitter(const JointTableFitter& other);
  JointTableFitter& operator=(const JointTableFitter& other);
  JointTableFitter(JointTableFitter&&) noexcept;
  JointTableFitter& operator=(JointTableFitter&&) noexcept;
  ~JointTableFitter();

  struct Outcome {
    bool moved = false;  ///< the draw's figures admitted no table and were moved
    double move = 0.0;   ///< share of the way to the central figures, 0 to 1
    int newton_steps = 0;
  };

  /// The table for one draw's figures (proportions) and log odds ratios.
  /// Writes 2^K cells summing to 1. Uses the previous draw's solution as the
  /// starting point: call reset_warm_start() where results must not depend on
  /// which draws came before (the start of each block of draws).
  Outcome fit(std::span<const double> figures, std::span<const double> log_odds_ratios,
              std::span<double> cells);

  void reset_warm_start();

  const JointTableSpec& spec() const noexcept { return spec_; }
  /// The table fitted to the central figures.
  std::span<const double> central_cells() const noexcept { return central_cells_; }

 private:
  void set_reference(std::span<const double> log_odds_ratios);
  bool try_fit(std::span<const double> targets, std::span<double> cells, int& steps);

  JointTableSpec spec_;
  std::unique_ptr<MaxEntropySolver> solver_;
  std::vector<double> central_cells_;
  std::vector<double> anchor_;  // the central table's figures: strictly feasible
  // Workspace, sized once.
  std::vector<double> log_base_, lower_, upper_, targets_;
};

}  // namespace prevalence::models
