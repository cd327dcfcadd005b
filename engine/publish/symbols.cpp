#include "engine/publish/symbols.hpp"

namespace prevalence::publish {

std::string_view symbol_text(Symbol symbol) {
  switch (symbol) {
    case Symbol::confidential: return "[c]";
    case Symbol::rounds_to_zero: return "[k]";
    case Symbol::low_reliability: return "[u]";
    case Symbol::not_available: return "[x]";
    case Symbol::not_applicable: return "[z]";
  }
  return "[x]";
}

std::string_view symbol_meaning(Symbol symbol) {
  switch (symbol) {
    case Symbol::confidential: return "confidential: not shown under the disclosure control policy";
    case Symbol::rounds_to_zero: return "rounds to zero, but is not zero";
    case Symbol::low_reliability: return "low reliability";
    case Symbol::not_available: return "not available";
    case Symbol::not_applicable: return "not applicable";
  }
  return "not available";
}

}  // namespace prevalence::publish
