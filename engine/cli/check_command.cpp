#include "engine/cli/check_command.hpp"

#include "engine/cli/exit_code.hpp"
#include "engine/cli/usage_error.hpp"
#include "engine/cli/verb_arguments.hpp"
#include "engine/io/population_table.hpp"
#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/central_figures.hpp"
#include "engine/scenario/per_area_figures.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/text/number_format.hpp"
#include "models/overlap/central_table.hpp"
#include "models/overlap/reconcile.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <map>
#include <set>
#include <optional>

namespace prevalence::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kPurpose =
    "Say whether the published figures of each overlap in a scenario can all be true\n"
    "at once (some joint table reproduces them, within any stated rounding), and if\n"
    "not, which figures conflict, by how much, and the smallest change that would make\n"
    "them possible. Then validate the rest of the scenario as `run` would.";

constexpr const char* kDetails =
    "Example:\n"
    "  prevalence check config/leeds-2020-incoherent.toml\n";

constexpr const char* kExitStatus =
    "Exit status: 0 the figures are coherent and the scenario valid; 2 they are not,\n"
    "or the input is bad; 1 internal error.\n";

std::string percent(double proportion) { return text::format_percent(proportion * 100.0, 2) + "%"; }

// A band as the published value and its rounding: "7.3920% ± 0.0005".
std::string band_text(const models::FigureBand& band) {
  if (band.lower == band.upper) return percent(band.lower);
  const double middle = (band.lower + band.upper) / 2.0 * 100.0;
  const double half = (band.upper - band.lower) / 2.0 * 100.0;
  const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(half))), 2, 6);
  return fmt::format("{}% ± {}", text::format_percent(middle, decimals), text::format_figure(half));
}

// The coherent central table, for the analyst to see what the figures imply.
void write_central_table(std::ostream& out, const scenario::OverlapSpec& overlap,
                         const std::vector<models::FigureBand>& bands) {
  const int k = static_cast<int>(overlap.condition_ids.size());
  const std::optional<std::vector<double>> cells = models::central_table(k, bands);
  if (!cells) {
    fmt::print(out,
               "  They are possible only with some combination at exactly 0%, at the edge of what they allow; "
               "the run fits them there if it can, and says so below if not.\n");
    return;
  }
  fmt::print(out, "  The maximum-entropy table they imply (before any odds ratio is applied):\n");
  for (int c = 0; c < models::cell_count(k); ++c) {
    std::string name;
    for (int i = 0; i < k; ++i)
      if (c & (1 << i)) name += fmt::format("{}{}", name.empty() ? "" : " + ", overlap.condition_ids[i]);
    const bool all = c == models::cell_count(k) - 1;
    fmt::print(out, "    {:<28} {:>8}\n", name.empty() ? "none" : all ? name : name + " only", percent((*cells)[c]));
  }
}

// Up to this many areas, check shows each one's reconciled figures.
constexpr std::size_t kAreasReconciledInFull = 10;

// What reconcile = true makes of figures that cannot all hold: each
// figure published and fitted, the weights and the divergence.
void write_reconciliation(std::ostream& out, const scenario::OverlapSpec& overlap,
                          const std::vector<models::FigureBand>& bands) {
  const models::ReconciledFigures fit =
      models::reconcile_figures(static_cast<int>(overlap.condition_ids.size()), bands);
  fmt::print(out,
             "  Reconciled (reconcile = true): the run uses the closest figures that can all hold, by weighted "
             "least squares with each figure weighted by 1 / (p (1 - p)):\n");
  for (std::size_t j = 0; j < bands.size(); ++j)
    fmt::print(out, "    {:<44} published {:>9}  fitted {:>9}  weight {}\n", bands[j].name,
               percent((bands[j].lower + bands[j].upper) / 2.0), percent(fit.fitted[j]),
               text::format_figure(fit.weights[j]));
  fmt::print(out, "  Divergence (weighted sum of squares, proportions): {}\n", text::format_figure(fit.divergence));
}

// An overlap whose figures vary by area: the figures of every area the run
// uses (its own row, or the rows it draws on) checked on their own, and the
// areas that fail listed under each rule they break. Returns whether every
// area's figures are coherent.
bool check_by_area(std::ostream& out, const scenario::Scenario& scenario, const scenario::OverlapSpec& overlap,
                   const std::vector<scenario::AreaRow>& rows, const io::PopulationTable& population) {
  std::vector<const scenario::PerAreaFigure*> per_area;
  for (const scenario::OverlapFigureSpec& figure : overlap.figures)
    if (figure.per_area) per_area.push_back(&*figure.per_area);
  const auto sources = scenario::figure_sources(
      scenario, per_area, rows,
      [&](const std::string& code, int year) { return population.count(code, year, overlap.ages, overlap.sex); },
      fmt::format("overlap {}", overlap.id));
  std::set<std::string> used;
  for (const auto& [area, source] : sources)
    for (const auto& [row, weight] : source.rows) used.insert(row);

  std::map<std::string, std::vector<std::string>> areas_by_rule;
  std::vector<std::string> rule_order;
  std::size_t incoherent = 0;
  for (const std::string& code : used) {
    const std::string name = scenario::row_name(scenario, *per_area.front(), code, rows);
    std::vector<models::PublishedFigure> figures;
    for (const scenario::OverlapFigureSpec& figure : overlap.figures)
      figures.push_back(
          figure.per_area ? scenario::figure_in_row(scenario, figure.figure, *figure.per_area, code,
                                                    fmt::format("overlap {} ({}) in {}", overlap.id, figure.name, name))
                          : figure.figure);
    const std::vector<models::FigureBand> bands = scenario::central_bands(overlap, figures);
    const models::CoherenceReport report =
        models::check_coherence(static_cast<int>(overlap.condition_ids.size()), bands);
    if (report.coherent) continue;
    ++incoherent;
    // A few areas: each one's reconciliation in full.
    if (overlap.reconcile && used.size() <= kAreasReconciledInFull) {
      fmt::print(out, "  {}:\n", name);
      write_reconciliation(out, overlap, bands);
    }
    for (const std::string& rule : report.broken_rules) {
      auto [it, added] = areas_by_rule.try_emplace(rule);
      if (added) rule_order.push_back(rule);
      it->second.push_back(name);
    }
  }
  fmt::print(out, "  Figures by area: {} area(s) checked, {} coherent, {} incoherent{}.\n", used.size(),
             used.size() - incoherent, incoherent,
             overlap.reconcile && incoherent > 0 ? " (reconciled by the run: reconcile = true)" : "");
  if (incoherent > 0) {
    fmt::print(out, "  Rules broken, with the areas that break each:\n");
    for (const std::string& rule : rule_order) {
      const std::vector<std::string>& names = areas_by_rule[rule];
      fmt::print(out, "  - {} ({} area{}): {}\n", rule, names.size(), names.size() == 1 ? "" : "s",
                 fmt::join(names, "; "));
    }
  }
  return incoherent == 0 || overlap.reconcile;
}

}  // namespace

int check_command(const std::vector<std::string>& args, std::ostream& out) {
  po::options_description options("Options");
  options.add_options()("help,h", "show this help");
  const VerbArguments verb =
      parse_verb_arguments("check", args, options, {"prevalence check SCENARIO.toml", kPurpose, kDetails, kExitStatus},
                           {"scenario file"}, out);
  if (verb.help) return kSuccess;

  const scenario::Scenario scenario = scenario::load_scenario(verb.words.front());
  // Figures that vary by area are checked in each of the run's areas.
  std::optional<io::PopulationTable> population;
  std::vector<scenario::AreaRow> rows;
  if (std::any_of(scenario.overlaps.begin(), scenario.overlaps.end(),
                  [](const scenario::OverlapSpec& o) { return o.per_area(); })) {
    population = io::PopulationTable::load(scenario.population_files);
    rows = scenario::scenario_rows(scenario, *population);
  }
  bool coherent = true;
  // Each overlap, then each of its bands with figures of its own.
  std::vector<std::pair<const scenario::OverlapSpec*, bool>> tables;  // with whether it is a band's
  for (const scenario::OverlapSpec& overlap : scenario.overlaps) {
    tables.emplace_back(&overlap, false);
    for (const scenario::OverlapSpec& band : overlap.band_figures) tables.emplace_back(&band, true);
  }
  for (const auto& [table, is_band] : tables) {
    const scenario::OverlapSpec& overlap = *table;
    fmt::print(out, "{}: overlap {} ({}{}), {} condition(s)\n", to_string(overlap.where), overlap.id, overlap.label,
               is_band ? fmt::format(", band {} with figures of its own", to_string(overlap.ages)) : "",
               overlap.condition_ids.size());
    if (overlap.survey) {
      fmt::print(out, "  A survey cross-tabulation of every cell: coherent by construction.\n\n");
      continue;
    }
    if (overlap.per_area()) {
      if (!check_by_area(out, scenario, overlap, rows, *population)) coherent = false;
      fmt::print(out, "\n");
      continue;
    }
    const std::vector<models::FigureBand> bands = scenario::central_bands(overlap);
    for (const models::FigureBand& band : bands)
      fmt::print(out, "  published: {:<44} {}\n", band.name, band_text(band));
    const models::CoherenceReport report =
        models::check_coherence(static_cast<int>(overlap.condition_ids.size()), bands);
    if (report.coherent) {
      fmt::print(out, "  Coherent: some joint table reproduces every figure{}.\n",
                 std::any_of(bands.begin(), bands.end(), [](const auto& b) { return b.lower < b.upper; })
                     ? " (within its stated rounding)"
                     : "");
      write_central_table(out, overlap, bands);
    } else {
      fmt::print(out, "  Incoherent: no joint table reproduces all {} figures.\n", bands.size());
      for (const std::string& finding : report.findings) fmt::print(out, "  - {}\n", finding);
      if (overlap.reconcile)
        write_reconciliation(out, overlap, bands);
      else
        coherent = false;
    }
    fmt::print(out, "\n");
  }
  if (scenario.overlaps.empty()) fmt::print(out, "{}: no overlaps to check.\n", scenario.path);
  if (!coherent) {
    fmt::print(out,
               "Not run: `prevalence run` rejects figures that cannot all hold. Correct or drop the "
               "figures above, or state the precision they were rounded to (rounded = ...).\n");
    return kBadInput;
  }

  if (!population) population = io::PopulationTable::load(scenario.population_files);
  const montecarlo::Plan plan = scenario::build_plan(scenario, *population).plan;
  fmt::print(out, "Valid: {} area(s), {} output(s) per area; `prevalence run {}` will run it.\n", plan.areas.size(),
             plan.n_outputs(), scenario.path);
  return kSuccess;
}

}  // namespace prevalence::cli
