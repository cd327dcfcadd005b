#include "engine/output/estimates_markdown.hpp"

#include "engine/output/number_format.hpp"
#include "engine/output/uncertainty_text.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace prevalence::engine {
namespace {

// Table cells must not break the row: pipes are escaped, line breaks folded.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace

void write_estimates_markdown(std::ostream& out, const RunRecord& run) {
  const RunSettings& settings = run.settings;
  const std::string level = format_figure(settings.interval * 100.0);
  fmt::print(out, "# {}\n\n", cell(run.scenario.title));
  if (!run.scenario.description.empty()) fmt::print(out, "{}\n\n", run.scenario.description);
  fmt::print(out,
             "Numbers are the mean of {} Monte Carlo draws (seed {}) of the {} count{}, with "
             "central {}% intervals. Percentages are of the population in each measure's age "
             "range.\n\n",
             format_count(static_cast<double>(settings.draws)), settings.seed,
             to_string(settings.mode),
             settings.mode == Mode::realised ? " (rates' uncertainty and chance variation in a "
                                               "finite population)"
                                             : " (uncertainty in the rates only)",
             level);

  for (std::size_t a = 0; a < run.plan.areas.size(); ++a) {
    const PlannedArea& area = run.plan.areas[a];
    fmt::print(out, "## {} ({})\n\n", cell(area.name), area.code);
    fmt::print(out, "| Measure | Ages | Population | Number | {}% interval | % |\n", level);
    fmt::print(out, "|---|---|--:|--:|--:|--:|\n");
    for (std::size_t m = 0; m < run.scenario.measures.size(); ++m) {
      const MeasureSpec& spec = run.scenario.measures[m];
      const Summary& s = run.results.at(a, m);
      const double denominator = area.denominators[m];
      const std::string interval =
          is_degenerate(s) ? "none stated"
                           : fmt::format("{} to {}", format_count(s.lower), format_count(s.upper));
      fmt::print(out, "| {} [^{}] | {} | {} | {} | {} | {} |\n", cell(spec.label), m + 1,
                 to_string(spec.ages), format_count(denominator), format_count(s.mean), interval,
                 format_share(percent_of(s.mean, denominator)));
    }
    fmt::print(out, "\n");
  }

  for (std::size_t m = 0; m < run.scenario.measures.size(); ++m) {
    const MeasureSpec& spec = run.scenario.measures[m];
    fmt::print(out, "[^{}]: {} Uncertainty: {}. Population: {} mid-year estimate, ages {}{}.\n",
               m + 1, cell(spec.source), cell(describe_uncertainty(spec.figure)), spec.year,
               to_string(spec.ages), spec.sex == Sex::all ? "" : fmt::format(", {}", to_string(spec.sex)));
  }
}

}  // namespace prevalence::engine
