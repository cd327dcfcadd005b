#pragma once
// A small dense linear-programme solver: minimise c'x subject to E x = f and
// x >= 0, with f >= 0.
//
// The coherence check of published figures (coherence.hpp) asks one such
// question per set of figures: at most ~130 rows and ~330 columns, solved
// once, never inside a Monte Carlo loop. So this is the textbook method, kept
// simple enough to check by reading: the two-phase simplex method on a dense
// tableau (Chvatal, Linear Programming, 1983, chapters 2 and 8; Vanderbei,
// Linear Programming: Foundations and Extensions, chapter 2).
//
//   Phase 1 adds one artificial variable per row, starting from the basis
//   they form (x = 0, artificials = f, feasible because f >= 0), and
//   minimises their sum. A positive minimum means no x satisfies E x = f,
//   x >= 0: infeasible. Otherwise the artificials are pivoted out of the
//   basis; a row where none can be is a linear combination of the others
//   (redundant) and is dropped.
//   Phase 2 minimises c'x from the feasible basis phase 1 found.
//
// Both phases choose pivots by Bland's rule (Bland, "New finite pivoting
// rules for the simplex method", Mathematics of Operations Research 2(2),
// 1977): the entering variable is the lowest-numbered one whose reduced cost
// is negative, and among rows tied in the ratio test the leaving variable is
// the lowest-numbered one. With that rule the simplex method cannot cycle on
// degenerate problems, which the coherence LPs are (many figures and cells
// are zero at the optimum). It can take more pivots than the largest-
// coefficient rule; at these sizes that costs nothing that matters.

#include <Eigen/Dense>

namespace prevalence::models {

enum class LinearProgramStatus {
  optimal,     ///< x is a minimiser and objective its value
  infeasible,  ///< no x >= 0 satisfies E x = f
  unbounded,   ///< c'x decreases without limit over the feasible set
};

struct LinearProgramResult {
  LinearProgramStatus status = LinearProgramStatus::infeasible;
  /// optimal: a minimising vertex (basic solution), length E.cols(), every
  /// entry >= 0. unbounded: a feasible vertex from which c'x decreases
  /// without limit. infeasible: empty.
  Eigen::VectorXd x;
  /// c'x at x when optimal; -infinity when unbounded; +infinity when
  /// infeasible (the minimum over an empty set).
  double objective = 0.0;
  /// Simplex pivots taken over both phases (for tests and diagnostics).
  int pivots = 0;
};

/// Minimises c'x subject to E x = f, x >= 0.
///
/// Tolerances are relative to the size of the data (see linear_program.cpp);
/// they suit problems whose entries are within a few orders of magnitude of
/// 1, like the 0/1 indicators and proportions of the coherence check. E may
/// have redundant rows (rows that are combinations of others); they are
/// detected and dropped. E may have no rows (then x = 0 is optimal unless
/// some c_j < 0, which makes the problem unbounded).
///
/// @param E constraint matrix, m rows by n columns, n >= 1, finite entries
/// @param f right-hand side, length m, every entry finite and >= 0 (multiply
///          a row of E and f by -1 to make it so)
/// @param c costs, length n, finite
/// @throw std::invalid_argument when the sizes disagree, n is 0, an entry is
///        not finite, or some f_i < 0
/// @throw std::runtime_error if the simplex method has not finished after a
///        very generous number of pivots; with Bland's rule that can only be
///        rounding error on a badly scaled problem
LinearProgramResult solve_linear_program(const Eigen::MatrixXd& E, const Eigen::VectorXd& f,
                                         const Eigen::VectorXd& c);

}  // namespace prevalence::models
