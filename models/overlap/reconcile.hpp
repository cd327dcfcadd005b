#pragma once
// Reconciling published figures that cannot all hold. Sources do publish
// such sets (the Children's Commissioner's narrow "exactly two" + "all three"
// differs from its "two or more" in every one of its 151 authorities). When
// a scenario asks for it, the figures are replaced by the closest set that
// some joint table reproduces:
//
//     minimise   sum_j w_j (g_j - f_j)^2,   g_j = sum_{c in S_j} p_c,
//     over       tables p >= 0 with sum_c p_c = 1,
//
// f_j the published figure j (a proportion, the middle of its rounding
// band), S_j its cells, and w_j = 1 / (f_j (1 - f_j)) its precision as a
// proportion from one sample: a figure of 1.2 % moves about a quarter as far
// as one of 20 % for the same weight of evidence. The objective is a
// weighted least-squares (Neyman chi-square) divergence; the fitted figures
// g are unique (a projection onto a convex set), the table p need not be.
//
// Solved by non-negative least squares (Lawson and Hanson, Solving Least
// Squares Problems, 1974, chapter 23) on the weighted rows with the sum to 1
// as a heavily weighted extra row: at most 64 cells, solved once per set of
// figures, never inside a Monte Carlo loop.

#include "models/overlap/coherence.hpp"

#include <span>
#include <vector>

namespace prevalence::models {

struct ReconciledFigures {
  std::vector<double> fitted;   ///< each figure's closest coherent value, in proportions
  std::vector<double> weights;  ///< w_j = 1 / (f_j (1 - f_j)), as used
  /// sum_j w_j (g_j - f_j)^2: 0 for figures that already hold together.
  double divergence = 0.0;
  /// One table reproducing `fitted` (cells sum to 1).
  std::vector<double> cells;
};

/// The closest coherent figures to `figures` (see above). Figures of 0 or 1
/// exactly are weighted as if 1e-6 from the edge, where their precision
/// would otherwise be infinite.
/// @throw std::invalid_argument as check_coherence does for malformed input
ReconciledFigures reconcile_figures(int n_conditions, std::span<const FigureBand> figures);

}  // namespace prevalence::models
