#pragma once
// Secondary suppression: within one area and one group (an overlap's joint
// table, or a single measure's two cells), every figure is a sum of the
// group's cells, and the population (the sum of all cells) is always shown.
// A suppressed figure must not be recoverable from the shown ones: it is
// derivable when its 0/1 vector over the cells lies in the linear span of the
// shown figures' vectors and the all-ones vector. Sums and differences of
// shown figures are all a reader can form, so a figure outside that span has
// more than one value consistent with everything shown.
//
// The rule, applied until no suppressed figure (whether the policy or this
// rule suppressed it) is derivable: suppress one
// more shown figure, the one with the smallest shown value (ties: the earlier
// figure in the table) among the candidates, which are
//   1. the shown figures whose suppression alone makes some derivable figure
//      underivable, or, when no single figure does,
//   2. the shown figures in the minimum-norm derivation (least squares,
//      complete orthogonal decomposition) of some derivable figure.
// Each step removes a shown figure and a derivable figure not equal to 0 or
// to the population always has a candidate, so it ends, after at most as
// many steps as there are shown figures, with nothing derivable. A
// suppressed figure of no cells or of every cell (always 0, or always the
// population) cannot be hidden and is left out of the rule.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace prevalence::publish {

enum class Disclosure {
  shown,       ///< published: a number, 0 or [k]
  suppressed,  ///< hidden: must not be derivable
  absent,      ///< not in the table (or not available): neither reveals nor needs hiding
};

struct GroupFigure {
  std::uint64_t cells = 0;  ///< bit c: the group's cell c is part of the figure
  Disclosure disclosure = Disclosure::absent;
  double shown_value = 0.0;  ///< the figure as published (0 for [k]), for the order of suppression
};

/// True when `target` is a linear combination of `shown` and the all-ones
/// vector over `group_cells` cells (the rank of the shown vectors and the
/// population does not grow when `target` joins them: Eigen's FullPivLU).
/// @throw std::invalid_argument unless 1 <= group_cells <= 64 and every mask
///        lies within the group's cells
bool is_derivable(int group_cells, std::uint64_t target, std::span<const std::uint64_t> shown);

/// The shown figures that must also be suppressed, as indices into
/// `figures`, in the order the rule chose them (empty when nothing is
/// suppressed or nothing suppressed is derivable).
/// @throw std::invalid_argument as is_derivable
std::vector<std::size_t> secondary_suppression(int group_cells, std::span<const GroupFigure> figures);

}  // namespace prevalence::publish
