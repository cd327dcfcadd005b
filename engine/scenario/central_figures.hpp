#pragma once
// The published figures of an overlap at their central values, as the
// coherence check and the anchor for incoherent draws see them: the value as
// published (or x / n), widened to the band its stated rounding stands for.

#include "engine/scenario/scenario.hpp"
#include "models/overlap/coherence.hpp"

#include <vector>

namespace prevalence::scenario {

/// The figure as published, as a proportion: value / unit, or x / n.
double published_value(const models::PublishedFigure& figure);

/// Half the stated rounding of a figure, as a proportion (0 when exact).
double half_band(const OverlapFigureSpec& figure);

/// Each figure of `overlap` as a band around its published value.
std::vector<models::FigureBand> central_bands(const OverlapSpec& overlap);
/// The same with each figure's values in one area (figures[i] for
/// overlap.figures[i]), for figures that vary by area.
std::vector<models::FigureBand> central_bands(const OverlapSpec& overlap,
                                              const std::vector<models::PublishedFigure>& figures);

}  // namespace prevalence::scenario
