#pragma once
// measures.csv: one row per measure with what does not change from area to
// area (its source and how its uncertainty was formed), written once beside
// estimates.csv instead of in each of its rows. Columns in README.md.

#include "engine/results/run_results.hpp"

#include <ostream>

namespace prevalence::output {

void write_measures_csv(std::ostream& out, const results::RunResults& run);

}  // namespace prevalence::output
