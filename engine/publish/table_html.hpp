#pragma once
// The published table as one self-contained UTF-8 HTML5 page: inline CSS
// only (no scripts, no external resources), print-friendly (@media print),
// everything inside one <main> element so that a report can add its charts
// before </main>. One <section> per area with a <table> (<caption>, <thead>
// with <th scope="col">, a <th scope="row"> per measure), numbers
// right-aligned in tabular figures, the cells of an overlap indented; the
// sentences as a list under each table when the options ask for words; then
// the notes: the disclosure control policy, the reliability rule, the
// sources, the symbols used and the limitations of synthetic estimates.
// Every text from the input is escaped.

#include "engine/publish/table_input.hpp"
#include "engine/publish/table_options.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace prevalence::publish {

void write_table_html(std::ostream& out, const TableInput& input, const TableOptions& options);

/// `text` with &, <, >, " and ' as character references: safe in element
/// content and in quoted attribute values.
std::string html_escape(std::string_view text);

}  // namespace prevalence::publish
