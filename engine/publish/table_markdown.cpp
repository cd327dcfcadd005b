#include "engine/publish/table_markdown.hpp"

#include "engine/output/footnotes.hpp"
#include "engine/output/markdown_cell.hpp"
#include "engine/publish/published_table.hpp"
#include "engine/publish/reliability.hpp"
#include "engine/publish/sentence.hpp"
#include "engine/publish/table_notes.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <map>
#include <string>
#include <vector>

namespace prevalence::publish {
namespace {

constexpr const char* kIndent = "&emsp;";

// The column headings and the rule under them.
std::pair<std::string, std::string> heading_rows(const PublishedTable& table, FigureDisplay show) {
  std::string header = "| Measure | Ages | Population |";
  std::string rule = "|---|---|--:|";
  header += show != FigureDisplay::percentages ? " Number |" : " % |";
  rule += "--:|";
  for (const std::string& interval : interval_headers(table)) {
    header += fmt::format(" {} |", interval);
    rule += "--:|";
  }
  if (show == FigureDisplay::both) {
    header += " % |";
    rule += "--:|";
  }
  return {header, rule};
}

// The notes: the policy and reliability rule, sources, symbols, limitations.
void write_notes(std::ostream& out, const PublishedTable& table, const TableOptions& options,
                 const output::Footnotes& footnotes, const std::string& mode) {
  fmt::print(out, "{}\n\n", describe_sdc_policy(options.policy));
  if (const std::string rule_text = describe_reliability_rule(options.max_cv); !rule_text.empty())
    fmt::print(out, "{}\n\n", rule_text);
  for (std::size_t i = 0; i < footnotes.texts().size(); ++i)
    fmt::print(out, "[^{}]: {}\n", i + 1, output::markdown_cell(footnotes.texts()[i]));
  if (const auto symbols = symbol_notes(table); !symbols.empty()) {
    fmt::print(out, "\nSymbols:\n\n");
    // "- [c] confidential": no colon straight after the brackets, which
    // Markdown could read as a link definition.
    for (const auto& [symbol, meaning] : symbols) fmt::print(out, "- {} {}\n", symbol, meaning);
  }
  fmt::print(out, "\n{}\n", limitations_note(mode, table.has_known_counts()));
}

}  // namespace

void write_table_markdown(std::ostream& out, const TableInput& input, const TableOptions& options) {
  const PublishedTable table = publish_table(input, options);
  fmt::print(out, "# {}\n\n", output::markdown_cell(input.title));
  if (!input.description.empty()) fmt::print(out, "{}\n\n", input.description);
  fmt::print(out, "{}\n\n", run_note(table));

  output::Footnotes footnotes;
  std::vector<std::size_t> footnote_of;
  for (std::size_t m = 0; m < table.measures.size(); ++m) {
    const std::string note = source_note(table.measure(m), table.assumed_note(m));
    footnote_of.push_back(note.empty() ? 0 : footnotes.number(note));
  }
  const auto [header, rule] = heading_rows(table, options.show);
  for (std::size_t a = 0; a < table.areas.size(); ++a) {
    fmt::print(out, "## {}\n\n", output::markdown_cell(table.area_title(a)));
    if (!table.area(a).note.empty()) fmt::print(out, "Note: {}.\n\n", output::markdown_cell(table.area(a).note));
    fmt::print(out, "{}\n{}\n", header, rule);
    for (std::size_t m = 0; m < table.measures.size(); ++m) {
      const results::MeasureRecord& measure = table.measure(m);
      const PublishedFigure& figure = table.at(a, m);
      const bool reconciled = table.source(a, m).published.has_value();
      std::string row = fmt::format(
          "| {}{}{}{} | {} | {} | {} |", measure.is_cell ? kIndent : "", output::markdown_cell(measure.label),
          reconciled ? " (r)" : "", footnote_of[m] ? fmt::format(" [^{}]", footnote_of[m]) : "",
          output::markdown_cell(measure.ages), denominator_cell(table.source(a, m).denominator),
          figure_cell(table, figure));
      for (std::size_t l = 0; l < input.levels.size(); ++l) row += fmt::format(" {} |", interval_cell(table, figure, l));
      if (options.show == FigureDisplay::both) row += fmt::format(" {} |", percent_cell(figure));
      fmt::print(out, "{}\n", row);
    }
    if (const std::string note = reconciled_note(table, a); !note.empty()) fmt::print(out, "\n{}\n", note);
    if (options.words) {
      fmt::print(out, "\n");
      for (std::size_t m = 0; m < table.measures.size(); ++m) fmt::print(out, "- {}\n", table.at(a, m).sentence);
    }
    fmt::print(out, "\n");
  }
  write_notes(out, table, options, footnotes, input.mode);
}

}  // namespace prevalence::publish
