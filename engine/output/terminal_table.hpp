#pragma once
// The table `prevalence run` prints: aligned columns a person reads in a
// terminal. Files (CSV, Markdown) carry the same numbers for other uses, and
// all of the areas: past a dozen, the terminal shows the first three.

#include "engine/results/run_results.hpp"

#include <ostream>

namespace prevalence::output {

void write_terminal_table(std::ostream& out, const results::RunResults& run);

}  // namespace prevalence::output
