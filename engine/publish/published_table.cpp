#include "engine/publish/published_table.hpp"

#include "engine/publish/reliability.hpp"
#include "engine/publish/secondary_suppression.hpp"
#include "engine/publish/sentence.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

namespace prevalence::publish {
namespace {

std::vector<std::size_t> selection(const std::vector<std::size_t>& asked, std::size_t size, const char* what) {
  if (asked.empty()) {
    std::vector<std::size_t> all(size);
    std::iota(all.begin(), all.end(), std::size_t{0});
    return all;
  }
  for (std::size_t index : asked)
    if (index >= size)
      throw std::invalid_argument(fmt::format("table: {} index {} is out of range (there are {})", what, index, size));
  return asked;
}

void check_input(const TableInput& input, const TableOptions& options) {
  if (input.figures.size() != input.areas.size() * input.measures.size())
    throw std::invalid_argument(fmt::format("table: {} figures for {} areas x {} measures", input.figures.size(),
                                            input.areas.size(), input.measures.size()));
  for (const TableFigure& figure : input.figures)
    if (figure.intervals.size() != input.levels.size())
      throw std::invalid_argument(fmt::format("table: a figure has {} intervals for {} levels",
                                              figure.intervals.size(), input.levels.size()));
  if (options.significant_figures < 0 || options.significant_figures > 15)
    throw std::invalid_argument(
        fmt::format("table: significant figures must be 0 to 15, not {}", options.significant_figures));
  std::map<std::string, int> cells_of_group;
  for (const results::MeasureRecord& measure : input.measures) {
    if (measure.group_cells < 1 || measure.group_cells > 64)
      throw std::invalid_argument(
          fmt::format("table: measure {} has a group of {} cells (1 to 64)", measure.id, measure.group_cells));
    const auto [it, added] = cells_of_group.try_emplace(measure.group, measure.group_cells);
    if (!added && it->second != measure.group_cells)
      throw std::invalid_argument(fmt::format("table: measures of group {} disagree on its number of cells ({} and {})",
                                              measure.group, it->second, measure.group_cells));
  }
}

bool is_shown(const ShownValue& count) { return count.is_number() || count.is(Symbol::rounds_to_zero); }

// Secondary suppression in one area: each group's selected measures, in table order.
void suppress_secondary(PublishedTable& table, std::size_t a,
                        const std::vector<std::pair<std::string, std::vector<std::size_t>>>& groups) {
  for (const auto& [group, positions] : groups) {
    std::vector<GroupFigure> figures;
    for (std::size_t m : positions) {
      const ShownValue& count = table.at(a, m).count;
      GroupFigure figure;
      figure.cells = table.measure(m).cells;
      figure.disclosure = is_shown(count)                      ? Disclosure::shown
                          : count.is(Symbol::confidential) ? Disclosure::suppressed
                                                               : Disclosure::absent;
      figure.shown_value = count.is_number() ? count.value : 0.0;
      figures.push_back(figure);
    }
    for (std::size_t k : secondary_suppression(table.measure(positions.front()).group_cells, figures)) {
      PublishedFigure& figure = table.figures[a * table.measures.size() + positions[k]];
      figure.count = ShownValue::of(Symbol::confidential);
      figure.secondary = true;
    }
  }
}

}  // namespace

std::string PublishedTable::area_title(std::size_t a) const {
  const bool several_years = std::any_of(areas.begin(), areas.end(), [&](std::size_t i) {
    return input->areas[i].year != input->areas[areas.front()].year;
  });
  const results::AreaRecord& row = area(a);
  std::string title = fmt::format("{} ({})", row.name, row.code);
  if (several_years) title += fmt::format(", {}", row.year);
  if (row.is_total()) title += fmt::format(": total of {} areas", row.members.size());
  return title;
}

namespace {

// The measures of each group, groups in order of first appearance: the units
// of secondary suppression.
std::vector<std::pair<std::string, std::vector<std::size_t>>> measure_groups(const PublishedTable& table) {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
  for (std::size_t m = 0; m < table.measures.size(); ++m) {
    const std::string& group = table.measure(m).group;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == group; });
    if (it == groups.end())
      groups.push_back({group, {m}});
    else
      it->second.push_back(m);
  }
  return groups;
}

// Everything that follows from a figure's count as shown: its interval ends
// (at the count's rounding step), percentages, reliability and sentence.
void complete_figure(PublishedTable& table, std::size_t a, std::size_t m, double step) {
  const TableInput& input = *table.input;
  const TableOptions& options = table.options;
  const TableFigure& source = table.source(a, m);
  PublishedFigure& figure = table.figures[a * table.measures.size() + m];
  figure.interval_stated = false;
  figure.known = source.known;
  for (std::size_t l = 0; l < input.levels.size(); ++l) {
    const TableInterval& interval = source.intervals[l];
    figure.interval_stated = figure.interval_stated || interval.lower != interval.upper;
    if (is_shown(figure.count)) {
      figure.lower.push_back(disclose_interval_end(options.policy, interval.lower, step));
      figure.upper.push_back(disclose_interval_end(options.policy, interval.upper, step));
    } else {
      figure.lower.push_back(figure.count);
      figure.upper.push_back(figure.count);
    }
    figure.percent_lower.push_back(disclose_percent(figure.lower.back(), source.denominator));
    figure.percent_upper.push_back(disclose_percent(figure.upper.back(), source.denominator));
  }
  figure.percent = disclose_percent(figure.count, source.denominator);
  figure.unreliable =
      figure.count.is_number() && figure.count.value > 0.0 && is_unreliable(source.mean, source.sd, options.max_cv);
  figure.mostly_assumed = source.assumed_share > 0.5;
  if (options.words)
    figure.sentence =
        figure_sentence(table.area(a), table.measure(m), source.denominator, figure, input.levels, options);
}

}  // namespace

PublishedTable publish_table(const TableInput& input, const TableOptions& options) {
  check_input(input, options);
  PublishedTable table;
  table.input = &input;
  table.options = options;
  table.areas = selection(options.areas, input.areas.size(), "area");
  table.measures = selection(options.measures, input.measures.size(), "measure");
  const std::size_t n_measures = table.measures.size();

  // The policy, figure by figure; the steps are kept for the interval ends.
  std::vector<double> steps(table.areas.size() * n_measures, 0.0);
  table.figures.resize(steps.size());
  for (std::size_t a = 0; a < table.areas.size(); ++a)
    for (std::size_t m = 0; m < n_measures; ++m) {
      const DisclosedCount count =
          disclose_count(options.policy, input.point(table.source(a, m)), options.significant_figures);
      table.figures[a * n_measures + m].count = count.shown;
      steps[a * n_measures + m] = count.step;
    }
  // Secondary suppression, area by area, group by group.
  if (options.policy.suppresses_anything()) {
    const auto groups = measure_groups(table);
    for (std::size_t a = 0; a < table.areas.size(); ++a) suppress_secondary(table, a, groups);
  }
  for (std::size_t a = 0; a < table.areas.size(); ++a)
    for (std::size_t m = 0; m < n_measures; ++m) complete_figure(table, a, m, steps[a * n_measures + m]);
  return table;
}

std::vector<Symbol> PublishedTable::symbols_used() const {
  const bool counts = options.show != FigureDisplay::percentages;
  const bool percents = options.show != FigureDisplay::counts;
  bool used[5] = {false, false, false, false, false};
  auto note = [&](const ShownValue& value) {
    if (value.kind == ShownValue::Kind::symbol) used[static_cast<int>(value.symbol)] = true;
  };
  for (const PublishedFigure& figure : figures) {
    if (counts) {
      note(figure.count);
      for (const ShownValue& end : figure.lower) note(end);
      for (const ShownValue& end : figure.upper) note(end);
    }
    if (percents) note(figure.percent);
    if (!counts) {
      for (const ShownValue& end : figure.percent_lower) note(end);
      for (const ShownValue& end : figure.percent_upper) note(end);
    }
    if (figure.unreliable) used[static_cast<int>(Symbol::low_reliability)] = true;
  }
  std::vector<Symbol> symbols;
  for (Symbol symbol : {Symbol::confidential, Symbol::rounds_to_zero, Symbol::low_reliability,
                        Symbol::not_available, Symbol::not_applicable})
    if (used[static_cast<int>(symbol)]) symbols.push_back(symbol);
  return symbols;
}

bool PublishedTable::shows_bounds() const {
  for (const PublishedFigure& figure : figures)
    if (figure.interval_stated && figure.count.is_number())
      for (const auto* ends : {&figure.lower, &figure.upper})
        for (const ShownValue& end : *ends)
          if (end.kind == ShownValue::Kind::below) return true;
  return false;
}

}  // namespace prevalence::publish
