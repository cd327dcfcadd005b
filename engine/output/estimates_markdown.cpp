#include "engine/output/estimates_markdown.hpp"

#include "engine/output/footnotes.hpp"
#include "engine/output/markdown_cell.hpp"
#include "engine/output/run_text.hpp"
#include "engine/text/number_format.hpp"
#include "models/overlap/cell_set.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <bit>
#include <string>
#include <vector>

namespace prevalence::output {
namespace {

// More rows than this and only the totals and the first kAreasPreviewed
// rows are written.
constexpr std::size_t kRowsInFull = 60;
constexpr std::size_t kAreasPreviewed = 10;

std::string interval_text(const HeadlineFigure& f) {
  return f.is_degenerate() ? f.no_interval_text()
                           : fmt::format("{} to {}", text::format_count(f.lower), text::format_count(f.upper));
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

std::string footnote_text(const results::RunResults& run, std::size_t m) {
  const results::MeasureRecord& measure = run.measures[m];
  const std::string assumed = results::assumed_share_text(run, m);
  return fmt::format("{} Uncertainty: {}{}. Population: {} mid-year estimate, ages {}{}.",
                     markdown_cell(measure.source), markdown_cell(measure.uncertainty),
                     assumed.empty() ? "" : "; " + assumed,
                     measure.year != 0 ? std::to_string(measure.year) : std::string("each row's year's"), measure.ages,
                     measure.sex == "all" ? "" : fmt::format(", {}", measure.sex));
}

// The overlap's cells as a grid: one row per combination of conditions,
// marked with a dot, from single conditions to all of them, then none. The
// group's measures are [first, last).
void write_overlap_block(std::ostream& out, const results::RunResults& run, std::size_t area,
                         const results::GroupRecord& group, std::size_t first, std::size_t last,
                         const std::string& level) {
  const int n_conditions = static_cast<int>(group.condition_labels.size());
  const double denominator = run.denominator[run.index(area, first)];
  const models::CellSet everything = models::only_cell((1u << n_conditions) - 1);
  fmt::print(out, "\n**{} in {}: every combination** (ages {}, {})\n\n", capitalised(markdown_cell(group.label)),
             markdown_cell(run.areas[area].name), run.measures[first].ages, run.year_of(area, first));
  std::string header = "|", rule = "|";
  for (const std::string& label : group.condition_labels) {
    header += fmt::format(" {} |", markdown_cell(capitalised(label)));
    rule += ":-:|";
  }
  fmt::print(out, "{} Number | {}% interval | % |\n{}--:|--:|--:|\n", header, level, rule);

  std::vector<std::size_t> rows, none;
  // The whole's combinations (life stages repeat them for their own ages).
  for (std::size_t m = first; m < last; ++m) {
    if (run.measures[m].ages != run.measures[first].ages) continue;
    if (run.measures[m].cells == models::only_cell(0))
      none.push_back(m);
    else if (run.measures[m].is_cell)
      rows.push_back(m);
  }
  for (std::size_t m = first; m < last; ++m)
    if (run.measures[m].cells == everything && run.measures[m].ages == run.measures[first].ages) rows.push_back(m);
  rows.insert(rows.end(), none.begin(), none.end());

  for (std::size_t m : rows) {
    const auto cell_index = static_cast<unsigned>(std::countr_zero(run.measures[m].cells));
    std::string marks = "|";
    for (int i = 0; i < n_conditions; ++i) marks += (cell_index >> i) & 1u ? " ● |" : "   |";
    const HeadlineFigure f = headline_figure(run, area, m);
    fmt::print(out, "{} {} | {} | {} |\n", marks, text::format_count(f.point), interval_text(f),
               text::format_share(f.percent()));
  }
  fmt::print(out,
             "\nEach row counts people with exactly the marked conditions and none of the others; "
             "the rows add up to the whole population in the age range ({}){}.\n",
             text::format_count(denominator),
             run.headline == montecarlo::Headline::median
                 ? " in every draw, and so do their means; the medians shown need not add up exactly"
                 : "");
}

}  // namespace

void write_estimates_markdown(std::ostream& out, const results::RunResults& run) {
  const std::string level = text::format_figure(run.headline_level() * 100.0);
  fmt::print(out, "# {}\n\n", markdown_cell(run.title));
  if (!run.description.empty()) fmt::print(out, "{}\n\n", run.description);
  fmt::print(out,
             "Numbers are the {} of {} Monte Carlo draws (seed {}) of the {} count{}, with "
             "central {}% intervals. Percentages are of the population in each measure's age "
             "range.\n\n",
             to_string(run.headline), text::format_count(static_cast<double>(run.draws)), run.seed,
             to_string(run.mode),
             run.mode == montecarlo::Mode::realised
                 ? " (rates' uncertainty and chance variation in a finite population)"
                 : " (uncertainty in the rates only)",
             level);

  // Footnotes are numbered in order of first use, and every area uses them
  // in the same order: numbered once here, not looked up row by row.
  Footnotes footnotes;
  std::vector<std::size_t> footnote_of;
  for (std::size_t m = 0; m < run.n_measures(); ++m)
    footnote_of.push_back(run.measures[m].is_cell ? 0 : footnotes.number(footnote_text(run, m)));
  // Each overlap's measures, [first, last), for its block of combinations.
  const std::vector<std::size_t> group_of = run.group_of_measures();
  struct Block {
    std::size_t group, first, last;
  };
  std::vector<Block> overlaps;
  for (std::size_t m = 0; m < run.n_measures(); ++m) {
    if (!run.groups[group_of[m]].is_overlap) continue;
    if (overlaps.empty() || overlaps.back().group != group_of[m]) overlaps.push_back({group_of[m], m, m});
    overlaps.back().last = m + 1;
  }

  // A run over hundreds of areas would make a file nobody reads: then the
  // totals and the first areas are written, and where the rest are.
  std::vector<std::size_t> shown;
  for (std::size_t a = 0; a < run.areas.size(); ++a)
    if (run.areas.size() <= kRowsInFull || run.areas[a].is_total() || a < kAreasPreviewed) shown.push_back(a);
  if (shown.size() < run.areas.size())
    fmt::print(out,
               "This run has {} rows; this file shows its {} totals and its first {} areas. Every row is in "
               "estimates.csv and results.h5, and `prevalence table results.h5 --format md` writes them all.\n\n",
               text::format_count(static_cast<double>(run.areas.size())),
               text::format_count(static_cast<double>(std::count_if(
                   run.areas.begin(), run.areas.end(), [](const results::AreaRecord& r) { return r.is_total(); }))),
               kAreasPreviewed);
  for (std::size_t a : shown) {
    fmt::print(out, "## {}\n\n", markdown_cell(run.area_title(a)));
    if (!run.areas[a].note.empty()) fmt::print(out, "{}\n\n", capitalised(markdown_cell(run.areas[a].note)) + ".");
    fmt::print(out, "| Measure | Ages | Population | Number | {}% interval | % |\n", level);
    fmt::print(out, "|---|---|--:|--:|--:|--:|\n");
    std::vector<std::string> reconciled;
    for (std::size_t m = 0; m < run.n_measures(); ++m) {
      const results::MeasureRecord& measure = run.measures[m];
      if (measure.is_cell) continue;
      const HeadlineFigure f = headline_figure(run, a, m);
      const bool moved = run.reconciled(a, m);
      fmt::print(out, "| {}{} [^{}] | {} | {} | {} | {} | {} |\n", markdown_cell(measure.label), moved ? " (r)" : "",
                 footnote_of[m], measure.ages, text::format_count(f.denominator), text::format_count(f.point),
                 interval_text(f), text::format_share(f.percent()));
      if (moved)
        reconciled.push_back(fmt::format("{} published {}%, fitted {}%", markdown_cell(measure.label),
                                         text::format_percent(100.0 * run.published[run.index(a, m)], 2),
                                         text::format_percent(100.0 * run.fitted[run.index(a, m)], 2)));
    }
    if (!reconciled.empty())
      fmt::print(out, "\n(r) Reconciled: the published figures cannot all hold together, so the table honours the "
                      "closest set that can (weighted least squares, each figure weighted by 1 / (p (1 - p))): {}.\n",
                 fmt::format("{}", fmt::join(reconciled, "; ")));
    for (const Block& block : overlaps)
      write_overlap_block(out, run, a, run.groups[block.group], block.first, block.last, level);
    fmt::print(out, "\n");
  }
  if (const std::string note = moved_draws_note(run); !note.empty()) fmt::print(out, "{}\n\n", note);
  for (std::size_t i = 0; i < footnotes.texts().size(); ++i)
    fmt::print(out, "[^{}]: {}\n", i + 1, footnotes.texts()[i]);
}

}  // namespace prevalence::output
