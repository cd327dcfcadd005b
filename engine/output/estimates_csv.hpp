#pragma once
// estimates.csv: one tidy row per (area, measure), full precision, for
// analysts' own tools; the measures' texts are in measures.csv, once.
// Column meanings are documented in README.md.

#include "engine/results/run_results.hpp"

#include <ostream>

namespace prevalence::output {

void write_estimates_csv(std::ostream& out, const results::RunResults& run);

}  // namespace prevalence::output
