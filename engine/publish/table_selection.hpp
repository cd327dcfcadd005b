#pragma once
// Which figures of a results file a table shows: chosen areas and measures,
// in the order asked, at the interval levels asked. A level the file does
// not store is computed from its kept draws, when it kept them.

#include "engine/publish/table_input.hpp"
#include "engine/results/results_file.hpp"

#include <string>
#include <vector>

namespace prevalence::publish {

struct TableSelection {
  std::vector<std::string> areas;     ///< area codes; empty: every area, in file order
  std::vector<std::string> measures;  ///< measure ids or group ids (a group brings all its measures); empty: all
  std::vector<double> levels;         ///< interval coverages; empty: every level stored
};

/// The table input for `selection`.
/// @throw UsageError-like InputError naming the file and what is missing:
/// an unknown area or measure, or a level neither stored nor computable
TableInput select_table(const results::RunResults& results, const TableSelection& selection);

}  // namespace prevalence::publish
