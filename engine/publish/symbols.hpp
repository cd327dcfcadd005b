#pragma once
// The symbols a published table puts where a number is not shown, or beside
// one, following the GSS guidance "Symbols, figures and abbreviations in
// tables": a letter in square brackets, the same in every output.

#include <string_view>

namespace prevalence::publish {

enum class Symbol {
  confidential,     ///< [c] not shown: disclosure control
  rounds_to_zero,   ///< [k] rounds to zero but is not zero
  low_reliability,  ///< [u] shown, but its uncertainty is large (beside the figure)
  not_available,    ///< [x] the results hold no such figure
  not_applicable,   ///< [z] nothing to show: a percentage of a zero population
};

/// "[c]", "[k]", "[u]", "[x]", "[z]".
std::string_view symbol_text(Symbol symbol);

/// What a table's note says the symbol means, e.g. "confidential: not shown
/// under the disclosure control policy".
std::string_view symbol_meaning(Symbol symbol);

}  // namespace prevalence::publish
