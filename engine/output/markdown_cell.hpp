#pragma once
// Text inside a Markdown table cell, as every Markdown table writes it.

#include <string>

namespace prevalence::output {

/// `text` safe in a table cell: pipes escaped, line breaks folded to spaces,
/// so no text can break the row.
inline std::string markdown_cell(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

}  // namespace prevalence::output
