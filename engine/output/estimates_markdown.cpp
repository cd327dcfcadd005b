#include "engine/output/estimates_markdown.hpp"

#include "engine/output/footnotes.hpp"
#include "engine/output/markdown_cell.hpp"
#include "engine/output/number_format.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <bit>
#include <map>

namespace prevalence::engine {
namespace {

std::string interval_text(const Summary& s) {
  return is_degenerate(s) ? "none stated" : fmt::format("{} to {}", format_count(s.lower), format_count(s.upper));
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}


std::string footnote_text(const PlannedGroup& group, const PlannedOutput& output) {
  return fmt::format("{} Uncertainty: {}. Population: {} mid-year estimate, ages {}{}.", markdown_cell(output.source),
                     markdown_cell(output.uncertainty), group.year, to_string(group.ages),
                     group.sex == Sex::all ? "" : fmt::format(", {}", to_string(group.sex)));
}

// The overlap's cells as a grid: one row per combination of conditions,
// marked with a dot, from single conditions to all of them, then none.
void write_overlap_block(std::ostream& out, const RunRecord& run, std::size_t area, std::size_t g,
                         std::size_t first_output, const std::string& level) {
  const PlannedGroup& group = run.plan.groups[g];
  const double denominator = run.plan.areas[area].denominators[g];
  const models::CellSet everything = models::only_cell((1u << group.n_conditions) - 1);
  fmt::print(out, "\n**{} in {}: every combination** (ages {}, {})\n\n", capitalised(markdown_cell(group.label)),
             markdown_cell(run.plan.areas[area].name), to_string(group.ages), group.year);
  std::string header = "|", rule = "|";
  for (const std::string& label : group.condition_labels) {
    header += fmt::format(" {} |", markdown_cell(capitalised(label)));
    rule += ":-:|";
  }
  fmt::print(out, "{} Number | {}% interval | % |\n{}--:|--:|--:|\n", header, level, rule);

  std::vector<std::size_t> rows, none;
  for (std::size_t k = 0; k < group.outputs.size(); ++k) {
    const PlannedOutput& output = group.outputs[k];
    if (output.cells == models::only_cell(0)) none.push_back(k);
    else if (output.is_cell) rows.push_back(k);
  }
  for (std::size_t k = 0; k < group.outputs.size(); ++k)
    if (group.outputs[k].cells == everything) rows.push_back(k);
  rows.insert(rows.end(), none.begin(), none.end());

  for (std::size_t k : rows) {
    const auto cell_index = static_cast<unsigned>(std::countr_zero(group.outputs[k].cells));
    std::string marks = "|";
    for (int i = 0; i < group.n_conditions; ++i) marks += (cell_index >> i) & 1u ? " ● |" : "   |";
    const Summary& s = run.results.at(area, first_output + k);
    fmt::print(out, "{} {} | {} | {} |\n", marks, format_count(s.mean), interval_text(s),
               format_share(percent_of(s.mean, denominator)));
  }
  fmt::print(out, "\nEach row counts people with exactly the marked conditions and none of the others; "
                  "the rows add up to the whole population in the age range ({}).\n",
             format_count(denominator));
}

}  // namespace

void write_estimates_markdown(std::ostream& out, const RunRecord& run) {
  const RunSettings& settings = run.settings;
  const std::string level = format_figure(settings.headline_interval() * 100.0);
  fmt::print(out, "# {}\n\n", markdown_cell(run.scenario.title));
  if (!run.scenario.description.empty()) fmt::print(out, "{}\n\n", run.scenario.description);
  fmt::print(out,
             "Numbers are the mean of {} Monte Carlo draws (seed {}) of the {} count{}, with "
             "central {}% intervals. Percentages are of the population in each measure's age "
             "range.\n\n",
             format_count(static_cast<double>(settings.draws)), settings.seed, to_string(settings.mode),
             settings.mode == Mode::realised ? " (rates' uncertainty and chance variation in a finite population)"
                                             : " (uncertainty in the rates only)",
             level);

  // Footnotes are numbered in order of first use, and every area uses them
  // in the same order: numbered once here, not looked up row by row.
  Footnotes footnotes;
  std::vector<std::size_t> footnote_of;
  for_each_output(run.plan, [&](std::size_t, const PlannedGroup& group, const PlannedOutput& output, std::size_t) {
    footnote_of.push_back(output.is_cell ? 0 : footnotes.number(footnote_text(group, output)));
  });
  for (std::size_t a = 0; a < run.plan.areas.size(); ++a) {
    const PlannedArea& area = run.plan.areas[a];
    fmt::print(out, "## {} ({})\n\n", markdown_cell(area.name), area.code);
    fmt::print(out, "| Measure | Ages | Population | Number | {}% interval | % |\n", level);
    fmt::print(out, "|---|---|--:|--:|--:|--:|\n");
    std::vector<std::pair<std::size_t, std::size_t>> overlaps;  // group, first output
    for_each_output(run.plan, [&](std::size_t g, const PlannedGroup& group, const PlannedOutput& output,
                                  std::size_t o) {
      if (group.is_overlap() && (overlaps.empty() || overlaps.back().first != g)) overlaps.emplace_back(g, o);
      if (output.is_cell) return;
      const Summary& s = run.results.at(a, o);
      const double denominator = area.denominators[g];
      fmt::print(out, "| {} [^{}] | {} | {} | {} | {} | {} |\n", markdown_cell(output.label),
                 footnote_of[o], to_string(group.ages),
                 format_count(denominator), format_count(s.mean), interval_text(s),
                 format_share(percent_of(s.mean, denominator)));
    });
    for (const auto& [g, first] : overlaps) write_overlap_block(out, run, a, g, first, level);
    fmt::print(out, "\n");
  }
  if (const std::string note = moved_draws_note(run); !note.empty()) fmt::print(out, "{}\n\n", note);
  for (std::size_t i = 0; i < footnotes.texts().size(); ++i)
    fmt::print(out, "[^{}]: {}\n", i + 1, footnotes.texts()[i]);
}

}  // namespace prevalence::engine
