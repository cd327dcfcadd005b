#pragma once
// The maximum-entropy joint table that honours a set of published figures.
//
// Each figure is the sum of the table over a set of cells (cell_set.hpp). Of
// all tables that reproduce the figures, the engine uses the one closest to a
// reference table in Kullback-Leibler divergence; with a uniform reference
// that is the maximum-entropy table. It is log-linear,
//     cells[c] = base[c] exp(sum_j lambda_j [c in set_j]) / Z(lambda),
// and lambda minimises the convex dual log Z(lambda) - lambda . targets, a
// problem with one unknown per figure, solved here by Newton's method with a
// backtracking line search. With only each condition's prevalence the
// solution is the independence table; with a complete specification it is
// the unique table.
//
// A figure may also be a band, lower <= sum <= upper (a figure rounded to a
// stated precision): bands are handled by an active set, each band either
// inactive or held at the end it would cross, until the signs of the
// multipliers confirm the choice (Karush-Kuhn-Tucker conditions). When
// banded figures depend on each other ("two or more" is "exactly two" plus
// "all three") an active set can hold contradictory ends; the fit then falls
// back to cyclic coordinate descent on the dual, which is generalised
// iterative proportional fitting with bands (Bregman's row-action method;
// Censor and Lent 1981): slower, but indifferent to dependence.
//
// Sizes are bounded (at most kMaxConditions conditions, kMaxCells cells, as
// many figures as cells), so every vector and matrix lives inside the solver:
// fitting allocates nothing. The previous solution is the next fit's starting
// point (warm start), which is what makes fitting once per Monte Carlo draw
// cheap.

#include "models/overlap/cell_set.hpp"
#include "models/overlap/max_entropy_options.hpp"

#include <Eigen/Dense>

#include <array>
#include <span>
#include <vector>

namespace prevalence::models {

class MaxEntropySolver {
 public:
  /// @param n_conditions K, 1 to kMaxConditions
  /// @param constraint_sets one cell set per figure, at most kMaxCells
  /// @throw std::invalid_argument for sizes outside those bounds
  MaxEntropySolver(int n_conditions, std::span<const CellSet> constraint_sets,
                   MaxEntropyOptions options = {});

  struct Outcome {
    bool converged = false;  ///< false: no table with all cells positive fits the figures
    int newton_steps = 0;
    double max_violation = 0.0;  ///< largest distance of a fitted figure from its target or band
  };

  /// Fits the table. Figure j must satisfy lower[j] <= sum <= upper[j]
  /// (lower == upper: an equality). `log_base` is the log of the reference
  /// table up to a constant (all zeros: maximum entropy). Writes the table,
  /// which sums to 1, to `cells` (length 2^K). Starts from the previous fit.
  Outcome fit(std::span<const double> lower, std::span<const double> upper,
              std::span<const double> log_base, std::span<double> cells);

  /// Forgets the warm start: the next fit starts from the reference table.
  void reset_warm_start();

  int n_conditions() const noexcept { return n_conditions_; }
  int n_cells() const noexcept { return n_cells_; }
  int n_constraints() const noexcept { return static_cast<int>(sets_.size()); }

 private:
  using Vector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, kMaxCells, 1>;
  using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, kMaxCells, kMaxCells>;

  // Newton on the dual over the active figures; false if it cannot converge.
  bool solve_active(std::span<const double> log_base, int& steps);
  // The fallback for dependent bands; false if it cannot converge.
  bool solve_by_coordinate_descent(std::span<const double> lower, std::span<const double> upper,
                                   std::span<const double> log_base, Outcome& outcome);
  // log Z(lambda) - lambda . targets for the active figures, and the table.
  double dual_and_cells(const Vector& lambda, std::span<const double> log_base, Vector& cells) const;

  int n_conditions_;
  int n_cells_;
  MaxEntropyOptions options_;
  std::vector<CellSet> sets_;
  Matrix indicator_;  // figures x cells, 1 where the cell is in the figure's set

  // Per figure: -1 held at its lower end, +1 at its upper end, 0 inactive,
  // 2 an equality. Kept between fits as part of the warm start.
  std::array<signed char, kMaxCells> state_{};
  Vector multiplier_;  // lambda per figure (0 when inactive); the warm start

  // Workspace for the active problem, sized once.
  std::array<int, kMaxCells> active_{};
  int n_active_ = 0;
  Matrix active_indicator_;
  Vector active_target_, lambda_, trial_, gradient_, step_, cells_, trial_cells_;
  Matrix hessian_;
  Eigen::LDLT<Matrix> factor_;
};

}  // namespace prevalence::models
