#pragma once
// `prevalence table RESULTS.h5`: a published table from a results file,
// without rerunning: CSV, Markdown or one self-contained HTML page, chosen
// areas, measures and interval levels, under a named disclosure control
// policy, with reliability flags and, if asked, a sentence per figure.

#include <ostream>
#include <string>
#include <vector>

namespace prevalence::cli {

/// Runs the verb with its arguments (after "table"). The table goes to `out`
/// unless --out names a file.
/// @return exit status (see exit_code.hpp)
/// @throw UsageError, error::InputError for bad usage or input
int table_command(const std::vector<std::string>& args, std::ostream& out);

}  // namespace prevalence::cli
