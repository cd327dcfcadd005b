#pragma once
// What `prevalence table` is asked to publish: the disclosure control policy,
// rounding, which figures and columns, and which areas and measures in which
// order. Every renderer (CSV, Markdown, HTML) takes the same options and
// shows the same numbers.

#include "engine/publish/reliability.hpp"
#include "engine/publish/sdc_policy.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace prevalence::publish {

/// What a table's figure columns (and its sentences) give: counts with their
/// intervals, percentages with theirs, or counts with intervals and a
/// percentage. The CSV always carries all of them.
enum class FigureDisplay { counts, percentages, both };

struct TableOptions {
  SdcPolicy policy;                 ///< default: none
  int significant_figures = 3;      ///< 0: rounded to the policy's base only
  FigureDisplay show = FigureDisplay::both;
  double max_cv = kDefaultMaxCv;    ///< [u] above it; kNoReliabilityFlag: never
  bool words = false;               ///< a sentence for every figure
  std::vector<std::size_t> areas;     ///< indices into TableInput::areas, in the order given; empty: all
  std::vector<std::size_t> measures;  ///< indices into TableInput::measures, in the order given; empty: all
};

/// "counts", "percentages" or "both".
/// @throw std::invalid_argument otherwise
FigureDisplay parse_figure_display(std::string_view text);

}  // namespace prevalence::publish
