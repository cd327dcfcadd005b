#include "engine/publish/table_html.hpp"

#include "engine/output/footnotes.hpp"
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

constexpr const char* kStyle = R"(:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #0b0c0c; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 75rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: 0 0 0.4rem; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #b1b4b6; vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid #0b0c0c; vertical-align: bottom; }
tbody th { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums lining-nums; white-space: nowrap; }
tr.cell th { padding-left: 1.8rem; }
sup { line-height: 0; }
sup a { text-decoration: none; }
.sentences li, .sources li { margin-bottom: 0.3rem; }
.notes { font-size: 0.9rem; border-top: 1px solid #b1b4b6; margin-top: 2rem; }
dl.symbols { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.symbols dt { font-variant-numeric: tabular-nums; }
dl.symbols dd { margin: 0; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  h2 { break-after: avoid; }
  table { break-inside: auto; }
}
)";


}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// The table's column headings, one row.
std::string heading_row(const PublishedTable& table, FigureDisplay show) {
  std::string head = "<tr><th scope=\"col\">Measure</th><th scope=\"col\">Ages</th>"
                     "<th scope=\"col\" class=\"num\">Population</th>";
  head += show == FigureDisplay::percentages ? "<th scope=\"col\" class=\"num\">%</th>"
                                             : "<th scope=\"col\" class=\"num\">Number</th>";
  for (const std::string& interval : interval_headers(table))
    head += fmt::format("<th scope=\"col\" class=\"num\">{}</th>", html_escape(interval));
  if (show == FigureDisplay::both) head += "<th scope=\"col\" class=\"num\">%</th>";
  return head + "</tr>";
}

// One area: its table, one row per measure, and its sentences if asked.
void write_area(std::ostream& out, const PublishedTable& table, std::size_t a, const TableOptions& options,
                const std::string& title, const std::string& head, const std::vector<std::size_t>& source_of) {
  const std::string name = html_escape(table.area_title(a));
  fmt::print(out, "<section class=\"area\" id=\"area-{}\">\n<h2>{}</h2>\n", a + 1, name);
  if (!table.area(a).note.empty()) fmt::print(out, "<p>Note: {}.</p>\n", html_escape(table.area(a).note));
  fmt::print(out, "<table>\n<caption>{}: {}</caption>\n", title, name);
  fmt::print(out, "<thead>\n{}\n</thead>\n<tbody>\n", head);
  for (std::size_t m = 0; m < table.measures.size(); ++m) {
    const results::MeasureRecord& measure = table.measure(m);
    const PublishedFigure& figure = table.at(a, m);
    std::string row = fmt::format("<tr{}><th scope=\"row\">{}{}", measure.is_cell ? " class=\"cell\"" : "",
                                  html_escape(measure.label), table.source(a, m).published ? " (r)" : "");
    if (source_of[m])
      row += fmt::format("<sup><a href=\"#source-{0}\" aria-label=\"source {0}\">{0}</a></sup>", source_of[m]);
    row += fmt::format("</th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>", html_escape(measure.ages),
                       denominator_cell(table.source(a, m).denominator), html_escape(figure_cell(table, figure)));
    for (std::size_t l = 0; l < table.input->levels.size(); ++l)
      row += fmt::format("<td class=\"num\">{}</td>", html_escape(interval_cell(table, figure, l)));
    if (options.show == FigureDisplay::both)
      row += fmt::format("<td class=\"num\">{}</td>", html_escape(percent_cell(figure)));
    fmt::print(out, "{}</tr>\n", row);
  }
  fmt::print(out, "</tbody>\n</table>\n");
  if (const std::string note = reconciled_note(table, a); !note.empty())
    fmt::print(out, "<p>{}</p>\n", html_escape(note));
  if (options.words) {
    fmt::print(out, "<ul class=\"sentences\">\n");
    for (std::size_t m = 0; m < table.measures.size(); ++m)
      fmt::print(out, "<li>{}</li>\n", html_escape(table.at(a, m).sentence));
    fmt::print(out, "</ul>\n");
  }
  fmt::print(out, "</section>\n");
}

// The notes: the policy and reliability rule, sources, symbols, limitations.
void write_notes(std::ostream& out, const PublishedTable& table, const TableOptions& options,
                 const output::Footnotes& sources, const std::string& mode) {
  fmt::print(out, "<section class=\"notes\">\n<h2>Notes</h2>\n<p>{}</p>\n", html_escape(describe_sdc_policy(options.policy)));
  if (const std::string rule = describe_reliability_rule(options.max_cv); !rule.empty())
    fmt::print(out, "<p>{}</p>\n", html_escape(rule));
  if (!sources.texts().empty()) {
    fmt::print(out, "<h3>Sources</h3>\n<ol class=\"sources\">\n");
    for (std::size_t i = 0; i < sources.texts().size(); ++i)
      fmt::print(out, "<li id=\"source-{}\">{}</li>\n", i + 1, html_escape(sources.texts()[i]));
    fmt::print(out, "</ol>\n");
  }
  if (const auto symbols = symbol_notes(table); !symbols.empty()) {
    fmt::print(out, "<h3>Symbols</h3>\n<dl class=\"symbols\">\n");
    for (const auto& [symbol, meaning] : symbols)
      fmt::print(out, "<dt>{}</dt><dd>{}</dd>\n", html_escape(symbol), html_escape(meaning));
    fmt::print(out, "</dl>\n");
  }
  fmt::print(out, "<p class=\"limitations\">{}</p>\n</section>\n",
             html_escape(limitations_note(mode, table.has_known_counts())));
}

}  // namespace

void write_table_html(std::ostream& out, const TableInput& input, const TableOptions& options) {
  const PublishedTable table = publish_table(input, options);
  const std::string title = html_escape(input.title.empty() ? "Estimates" : input.title);
  fmt::print(out,
             "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
             title, kStyle, title);
  if (!input.description.empty()) fmt::print(out, "<p>{}</p>\n", html_escape(input.description));
  fmt::print(out, "<p>{}</p>\n", html_escape(run_note(table)));

  output::Footnotes sources;
  std::vector<std::size_t> source_of;
  for (std::size_t m = 0; m < table.measures.size(); ++m) {
    const std::string note = source_note(table.measure(m), table.assumed_note(m));
    source_of.push_back(note.empty() ? 0 : sources.number(note));
  }
  const std::string head = heading_row(table, options.show);
  for (std::size_t a = 0; a < table.areas.size(); ++a) write_area(out, table, a, options, title, head, source_of);
  write_notes(out, table, options, sources, input.mode);
  fmt::print(out, "</main>\n</body>\n</html>\n");
}

}  // namespace prevalence::publish
