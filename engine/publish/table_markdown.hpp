#pragma once
// The published table as Markdown, in the look of estimates.md: a heading and
// one table per area, numbers right-aligned, each measure's source as a
// footnote; the cells of an overlap indented with a leading "&emsp;" (an em
// space: Markdown trims ordinary leading spaces in a table cell). Under each
// table, the figures' sentences as a bullet list when the options ask for
// words. Then the notes: the disclosure control policy, the reliability rule,
// the sources, the symbols used, and the limitations of synthetic estimates.

#include "engine/publish/table_input.hpp"
#include "engine/publish/table_options.hpp"

#include <ostream>

namespace prevalence::publish {

void write_table_markdown(std::ostream& out, const TableInput& input, const TableOptions& options);

}  // namespace prevalence::publish
