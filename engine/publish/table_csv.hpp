#pragma once
// The published table as tidy CSV: one row per (area, measure), the figures
// as shown after disclosure control, nothing else (no notes or footnote
// rows; the policy is a column). Counts are written without thousands
// separators so that software reads them as numbers; symbols ("[c]") and
// bounds ("<10") are as in the other tables.
//
// Columns: area_code, area_name, measure, label, ages, sex, year,
// denominator (full precision), count, lower_<level> and upper_<level> for
// each level (lower_95, upper_95, lower_99.8, ...), percent, flags ("[u]" or
// empty), sdc (the policy's name), then sentence when the options ask for
// words. The CSV carries counts, their intervals and percentages whatever
// the options' FigureDisplay.

#include "engine/publish/table_input.hpp"
#include "engine/publish/table_options.hpp"

#include <ostream>

namespace prevalence::publish {

void write_table_csv(std::ostream& out, const TableInput& input, const TableOptions& options);

}  // namespace prevalence::publish
