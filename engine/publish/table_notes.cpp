#include "engine/publish/table_notes.hpp"

#include "engine/publish/sentence.hpp"
#include "engine/text/number_format.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <string>
#include <vector>

namespace prevalence::publish {
namespace {

std::string levels_text(const std::vector<double>& levels) {
  std::string text;
  for (std::size_t l = 0; l < levels.size(); ++l) {
    if (l > 0) text += l + 1 == levels.size() ? " and " : ", ";
    text += level_text(levels[l]) + "%";
  }
  return text;
}

}  // namespace

std::string run_note(const PublishedTable& table) {
  const TableInput& input = *table.input;
  std::string note;
  if (input.draws > 0)
    note = fmt::format("Figures are the {} of {} Monte Carlo draws (seed {}) of the {} count{}",
                       to_string(input.headline), text::format_count(static_cast<double>(input.draws)), input.seed,
                       input.mode,
                       input.mode == "realised"   ? " (rates' uncertainty and chance variation in a finite population)"
                       : input.mode == "expected" ? " (uncertainty in the rates only)"
                                                  : "");
  else
    note = input.headline == montecarlo::Headline::mean ? "Figures are Monte Carlo means"
                                                        : "Figures are Monte Carlo medians";
  if (!input.levels.empty())
    note += fmt::format(", with central {} interval{}", levels_text(input.levels), input.levels.size() > 1 ? "s" : "");
  note += ". Percentages are of the population in each measure's age range. ";
  note += describe_rounding(table.options.policy, table.options.significant_figures);
  if (!input.results_file.empty()) note += fmt::format(" Made from {}.", input.results_file);
  return note;
}

std::string source_note(const results::MeasureRecord& measure, const std::string& assumed) {
  std::string note = measure.source;
  if (!measure.uncertainty.empty())
    note += fmt::format(" Uncertainty: {}{}.", measure.uncertainty, assumed.empty() ? "" : "; " + assumed);
  if (measure.year > 0 || !measure.ages.empty()) {
    note += " Population:";
    if (measure.year > 0) note += fmt::format(" {} mid-year estimate,", measure.year);
    note += fmt::format(" ages {}", measure.ages);
    if (measure.sex == "female" || measure.sex == "male") note += ", " + measure.sex;
    note += ".";
  }
  return note;
}

std::vector<std::pair<std::string, std::string>> symbol_notes(const PublishedTable& table) {
  std::vector<std::pair<std::string, std::string>> notes;
  // How many [u] figures owe most of their uncertainty to an assumption.
  std::size_t flagged = 0, assumed = 0;
  for (const PublishedFigure& figure : table.figures)
    if (figure.unreliable) {
      ++flagged;
      assumed += figure.mostly_assumed;
    }
  for (Symbol symbol : table.symbols_used()) {
    std::string meaning(symbol_meaning(symbol));
    if (symbol == Symbol::low_reliability && assumed > 0)
      meaning += fmt::format(" ({} of the {} figures marked so owe over half their uncertainty to an assumed "
                             "precision, not to their sources: the flag then says as much about the assumption)",
                             assumed, flagged);
    notes.emplace_back(std::string(symbol_text(symbol)), std::move(meaning));
  }
  if (table.shows_bounds()) {
    const std::string bound = count_text(ShownValue::below(table.options.policy.bound));
    notes.emplace_back(bound, "an interval end below " + bound.substr(1));
  }
  return notes;
}

std::vector<std::string> interval_headers(const PublishedTable& table) {
  std::vector<std::string> headers;
  const bool percent = table.options.show == FigureDisplay::percentages;
  for (double level : table.input->levels)
    headers.push_back(fmt::format("{}% interval{}", level_text(level), percent ? " (%)" : ""));
  return headers;
}

std::string figure_cell(const PublishedTable& table, const PublishedFigure& figure) {
  const std::string text = table.options.show == FigureDisplay::percentages ? percent_text(figure.percent)
                                                                            : count_text(figure.count);
  return figure.unreliable ? text + " " + std::string(symbol_text(Symbol::low_reliability)) : text;
}

std::string interval_cell(const PublishedTable& table, const PublishedFigure& figure, std::size_t level) {
  if (figure.count.kind == ShownValue::Kind::symbol && !figure.count.is(Symbol::rounds_to_zero))
    return count_text(figure.count);  // [c] or [x]: one symbol for the whole interval
  if (!figure.interval_stated) return figure.known ? "count, not an estimate" : "none stated";
  if (table.options.show == FigureDisplay::percentages)
    return fmt::format("{} to {}", percent_text(figure.percent_lower[level]), percent_text(figure.percent_upper[level]));
  return fmt::format("{} to {}", count_text(figure.lower[level]), count_text(figure.upper[level]));
}

std::string percent_cell(const PublishedFigure& figure) { return percent_text(figure.percent); }

std::string denominator_cell(double denominator) {
  return std::isnan(denominator) ? std::string(symbol_text(Symbol::not_available)) : text::format_count(denominator);
}

std::string reconciled_note(const PublishedTable& table, std::size_t area) {
  std::vector<std::string> figures;
  for (std::size_t m = 0; m < table.measures.size(); ++m)
    if (const TableFigure& source = table.source(area, m); source.published)
      figures.push_back(fmt::format("{} published {}%, fitted {}%", table.measure(m).label,
                                    text::format_percent(100.0 * *source.published, 2),
                                    text::format_percent(100.0 * *source.fitted, 2)));
  if (figures.empty()) return "";
  return fmt::format("(r) Reconciled: the published figures cannot all hold together, so the table honours the "
                     "closest set that can (weighted least squares, each figure weighted by 1 / (p (1 - p))): {}.",
                     fmt::join(figures, "; "));
}

}  // namespace prevalence::publish
