#include "engine/output/terminal_table.hpp"

#include "engine/output/number_format.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <array>
#include <vector>

namespace prevalence::engine {
namespace {

constexpr std::size_t kColumns = 6;
using Row = std::array<std::string, kColumns>;

// Display width in code points, so labels with "–" or "é" still line up.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// More areas than this and only the first kAreasPreviewed are printed.
constexpr std::size_t kMaxAreasInFull = 12;
constexpr std::size_t kAreasPreviewed = 3;

}  // namespace

void write_terminal_table(std::ostream& out, const RunRecord& run) {
  const RunSettings& settings = run.settings;
  const std::string level = format_figure(settings.headline_interval() * 100.0);
  fmt::print(out, "{}\n", run.scenario.title);
  fmt::print(out, "{} counts, mean of {} draws (seed {}), {}% intervals\n",
             settings.mode == Mode::realised ? "Realised" : "Expected",
             format_count(static_cast<double>(settings.draws)), settings.seed, level);

  // A run over many areas (every local authority, every LSOA) would scroll
  // thousands of lines past: the terminal shows the first few, the files
  // hold them all.
  const std::size_t n_areas = run.plan.areas.size();
  const std::size_t shown = n_areas > kMaxAreasInFull ? kAreasPreviewed : n_areas;
  for (std::size_t a = 0; a < shown; ++a) {
    const PlannedArea& area = run.plan.areas[a];
    std::vector<Row> rows{{"measure", "ages", "population", "number", level + "% interval", "%"}};
    for_each_output(run.plan, [&](std::size_t g, const PlannedGroup& group, const PlannedOutput& output,
                                  std::size_t o) {
      const Summary& s = run.results.at(a, o);
      const double denominator = area.denominators[g];
      // An overlap's single cells sit under its headline figures.
      rows.push_back({(output.is_cell ? "  " : "") + output.label, to_string(group.ages),
                      format_count(denominator), format_count(s.mean),
                      is_degenerate(s) ? "none stated"
                                       : format_count(s.lower) + " to " + format_count(s.upper),
                      format_share(percent_of(s.mean, denominator))});
    });
    std::array<std::size_t, kColumns> width{};
    for (const Row& row : rows)
      for (std::size_t c = 0; c < kColumns; ++c) width[c] = std::max(width[c], display_width(row[c]));

    fmt::print(out, "\n{} ({})\n", area.name, area.code);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::string line = "  ";
      for (std::size_t c = 0; c < kColumns; ++c) {
        const std::string pad(width[c] - display_width(rows[r][c]), ' ');
        // Text columns align left, numbers right.
        line += c < 2 ? rows[r][c] + pad : pad + rows[r][c];
        if (c + 1 < kColumns) line += "  ";
      }
      fmt::print(out, "{}\n", line);
    }
  }
  if (shown < n_areas)
    fmt::print(out, "\n... and {} more areas: every area is in estimates.csv and estimates.md.\n",
               format_count(static_cast<double>(n_areas - shown)));
  if (const std::string note = moved_draws_note(run); !note.empty()) fmt::print(out, "\n{}\n", note);
}

}  // namespace prevalence::engine
