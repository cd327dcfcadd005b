#include "engine/output/terminal_table.hpp"

#include "engine/output/run_text.hpp"
#include "engine/text/number_format.hpp"
#include "engine/text/utf8.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace prevalence::output {
namespace {

constexpr std::size_t kColumns = 6;
using Row = std::array<std::string, kColumns>;

// More areas than this and only the first kAreasPreviewed are printed.
constexpr std::size_t kMaxAreasInFull = 12;
constexpr std::size_t kAreasPreviewed = 3;

}  // namespace

void write_terminal_table(std::ostream& out, const results::RunResults& run) {
  const std::string level = text::format_figure(run.headline_level() * 100.0);
  fmt::print(out, "{}\n", run.title);
  fmt::print(out, "{} counts, {} of {} draws (seed {}), {}% intervals\n",
             run.mode == montecarlo::Mode::realised ? "Realised" : "Expected", to_string(run.headline),
             text::format_count(static_cast<double>(run.draws)), run.seed, level);

  // A run over many areas (every local authority, every LSOA) would scroll
  // thousands of lines past: the terminal shows the first few, the files
  // hold them all.
  const std::size_t n_areas = run.areas.size();
  const std::size_t shown = n_areas > kMaxAreasInFull ? kAreasPreviewed : n_areas;
  for (std::size_t a = 0; a < shown; ++a) {
    std::vector<Row> rows{{"measure", "ages", "population", "number", level + "% interval", "%"}};
    for (std::size_t m = 0; m < run.n_measures(); ++m) {
      const results::MeasureRecord& measure = run.measures[m];
      const HeadlineFigure f = headline_figure(run, a, m);
      // An overlap's single cells sit under its headline figures.
      rows.push_back(
          {(measure.is_cell ? "  " : "") + measure.label + (run.reconciled(a, m) ? " (r)" : ""), measure.ages,
           text::format_count(f.denominator), text::format_count(f.point),
           f.is_degenerate() ? f.no_interval_text()
                             : text::format_count(f.lower) + " to " + text::format_count(f.upper),
           text::format_share(f.percent())});
    }
    std::array<std::size_t, kColumns> width{};
    for (const Row& row : rows)
      for (std::size_t c = 0; c < kColumns; ++c) width[c] = std::max(width[c], text::display_width(row[c]));

    fmt::print(out, "\n{}\n", run.area_title(a));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::string line = "  ";
      for (std::size_t c = 0; c < kColumns; ++c) {
        const std::string pad(width[c] - text::display_width(rows[r][c]), ' ');
        // Text columns align left, numbers right.
        line += c < 2 ? rows[r][c] + pad : pad + rows[r][c];
        if (c + 1 < kColumns) line += "  ";
      }
      fmt::print(out, "{}\n", line);
    }
  }
  if (shown < n_areas)
    fmt::print(out, "\n... and {} more areas: every area is in estimates.csv and estimates.md.\n",
               text::format_count(static_cast<double>(n_areas - shown)));
  if (const std::string note = moved_draws_note(run); !note.empty()) fmt::print(out, "\n{}\n", note);
  if (!run.published.empty())
    fmt::print(out,
               "\n(r) reconciled: the published figures cannot all hold together, so the table honours the "
               "closest set that can; estimates.md and estimates.csv give each published and fitted value.\n");
  // How much of the intervals is assumption, group by group (an overlap by
  // its label): those where it is over half the variance somewhere.
  std::vector<std::string> mostly_assumed;
  const std::vector<std::size_t> group_of = run.group_of_measures();
  for (std::size_t m = 0; m < run.n_measures(); ++m) {
    bool over_half = false;
    for (std::size_t a = 0; a < run.areas.size() && !run.assumed_share.empty(); ++a)
      over_half = over_half || run.assumed_share[run.index(a, m)] > 0.5;
    const std::string& label = run.groups[group_of[m]].label;
    if (over_half && std::find(mostly_assumed.begin(), mostly_assumed.end(), label) == mostly_assumed.end())
      mostly_assumed.push_back(label);
  }
  if (!mostly_assumed.empty())
    fmt::print(out,
               "\nAssumed uncertainty gives over half the interval's variance for: {}. The intervals there say as "
               "much about the scenario's assumptions as about its sources (assumed_share in estimates.csv).\n",
               fmt::join(mostly_assumed, "; "));
}

}  // namespace prevalence::output
