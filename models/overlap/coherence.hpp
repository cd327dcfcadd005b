#pragma once
// Can a set of published figures about overlapping conditions all be true?
//
// Each figure is the sum of the joint table over a set of cells
// (cell_set.hpp). The figures are coherent when some table (cells >= 0,
// summing to 1) puts every figure inside its band. Sources do publish
// incoherent sets: the Children's Commissioner's 2019 Leeds projections give
// "exactly two" 4.71 % and "all three" 1.19 %, which add up to 5.89 %, beside
// "two or more" 6.02 %. Fitting a table to such a set fails (max_entropy.hpp
// reports no convergence); this check says why, and what is the least that
// must change.
//
// Feasibility is decided by a linear programme (linear_program.hpp): the
// least total movement of the figures, in proportions, that makes them
// possible,
//     minimise   sum_j (s+_j + s-_j)
//     subject to sum_c cells_c = 1, cells >= 0, s+ >= 0, s- >= 0,
//                lower_j <= sum_{c in set_j} cells_c + s+_j - s-_j <= upper_j.
// Its optimum is 0 exactly when the figures are coherent. Minimising the sum
// of absolute moves (not, say, their squares) favours moving few figures,
// usually one or two, which is what an analyst can act on.
//
// On top of that, the findings explain in words which rules the figures
// break: a figure above one that counts everyone it counts (subset), a
// figure that is the sum of two others but does not equal it (disjoint
// union), an overlap or a union outside the bounds its parts allow (Frechet
// bounds), and so on; see check_coherence.

#include "models/overlap/cell_set.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace prevalence::models {

/// Figures within this distance (in proportions) of their bands count as
/// inside them. A billionth of a proportion (1e-7 of a percentage point) is
/// far below any published precision and far above the rounding of the LP
/// on tables of at most 64 cells (about 1e-13).
constexpr double kCoherenceTolerance = 1e-9;

/// One published figure, as a proportion.
struct FigureBand {
  /// How sentences name it, e.g. "two or more of the toxic trio".
  std::string name;
  /// The cells it sums; nonempty, within the table.
  CellSet cells = 0;
  /// lower == upper: an exact figure. lower < upper: the band it stands for,
  /// e.g. a figure published to 0.1 % is [x - 0.0005, x + 0.0005]. Both in
  /// [0, 1].
  double lower = 0.0;
  double upper = 0.0;
};

/// A figure that must move for the set to be possible.
struct FigureAdjustment {
  std::size_t figure = 0;         ///< index into the figures passed in
  double published_lower = 0.0;   ///< the figure's band as published, in proportions
  double published_upper = 0.0;
  double nearest_possible = 0.0;  ///< where the least-change table puts it, in proportions
};

struct CoherenceReport {
  bool coherent = true;
  /// One plain-language sentence each, for an analyst. Empty when coherent.
  /// When incoherent: every broken rule among single figures, pairs and
  /// triples; a general sentence if none is broken; and last, the smallest
  /// change.
  std::vector<std::string> findings;
  /// Each broken rule in words without the figures' values ("exactly two of
  /// the toxic trio + all three should equal two or more"), so the same rule
  /// broken in many areas reads the same and areas can be grouped by it.
  /// Empty when coherent.
  std::vector<std::string> broken_rules;
  /// The figures that must move, and to what: one least-total-movement
  /// solution (ties between equally small changes are broken by the simplex
  /// method's deterministic pivoting). Empty when coherent.
  std::vector<FigureAdjustment> smallest_change;
  /// Sum of |moves| over smallest_change, in proportions (0.0013 is 0.13
  /// percentage points). 0 when coherent.
  double total_change = 0.0;
};

/// Checks whether some joint table over `n_conditions` conditions has every
/// figure inside its band (within kCoherenceTolerance).
///
/// Rules behind the findings, each broken only if no values inside the
/// bands satisfy it:
///  - a figure over every cell must be 100 %;
///  - two figures over the same cells must be equal;
///  - if figure i's cells are a subset of figure j's, i <= j;
///  - two figures with no cell in common add up to at most 100 %, and to
///    exactly 100 % when between them they cover every cell;
///  - if figure k's cells are the disjoint union of i's and j's, k = i + j;
///  - if k's cells are the intersection of (overlapping, not nested) i's and
///    j's, k >= i + j - 100 %; if their union, k <= i + j. (k <= min and
///    k >= max are the subset rule.)
/// Sentences give figures as percentages to 2 decimals ("7.39%", a band as
/// "7.34% to 7.44%") and differences in percentage points ("0.13 points").
///
/// @param n_conditions K, 1 to kMaxConditions
/// @param figures any number (none is coherent); names should be nonempty
///        (an empty name is called "figure N", counting from 1)
/// @throw std::invalid_argument if n_conditions is outside 1..kMaxConditions,
///        or a figure has no cells, a cell outside the 2^K-cell table, a band
///        end that is not a number in [0, 1], or lower > upper
CoherenceReport check_coherence(int n_conditions, std::span<const FigureBand> figures);

}  // namespace prevalence::models
