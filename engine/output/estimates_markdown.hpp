#pragma once
// estimates.md: the table a strategy writer pastes into a document, one per
// area, rounded for reading, with each measure's source as a footnote.

#include "engine/results/run_results.hpp"

#include <ostream>

namespace prevalence::output {

void write_estimates_markdown(std::ostream& out, const results::RunResults& run);

}  // namespace prevalence::output
