#pragma once
// Hand-built table inputs for the publication tests: the toxic trio as its
// eight joint-table cells (cell c has condition i when bit i of c is set:
// DV = bit 0, MH = bit 1, SM = bit 2) and the measures `prevalence run`
// reports for it, plus single measures; each area's figures made from its
// cell counts, so they add up exactly as a run's do.

#include "engine/publish/table_input.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace prevalence::test {

using publish::TableFigure;
using publish::TableInput;
using publish::TableInterval;
using results::AreaRecord;
using results::MeasureRecord;

/// The trio's 13 standard regions, in output order: id suffix, label, cells.
struct TrioRegion {
  const char* id;
  const char* label;
  std::uint64_t cells;
  bool is_cell;
};

inline const std::array<TrioRegion, 13>& trio_regions() {
  static const std::array<TrioRegion, 13> regions = {{
      {"dv", "domestic violence and abuse", 0xAA, false},
      {"mh", "parental mental ill-health", 0xCC, false},
      {"sm", "parental substance misuse", 0xF0, false},
      {"any", "any of the toxic trio", 0xFE, false},
      {"two_or_more", "two or more of the toxic trio", 0xE8, false},
      {"all_three", "all three of the toxic trio", 0x80, false},
      {"dv_only", "domestic violence and abuse only", 0x02, true},
      {"mh_only", "parental mental ill-health only", 0x04, true},
      {"sm_only", "parental substance misuse only", 0x10, true},
      {"dv_mh_only", "domestic violence and abuse + parental mental ill-health only", 0x08, true},
      {"dv_sm_only", "domestic violence and abuse + parental substance misuse only", 0x20, true},
      {"mh_sm_only", "parental mental ill-health + parental substance misuse only", 0x40, true},
      {"none", "none of the toxic trio", 0x01, true},
  }};
  return regions;
}

inline results::MeasureRecord trio_measure(const TrioRegion& region) {
  results::MeasureRecord measure;
  measure.id = std::string("trio.") + region.id;
  measure.label = region.label;
  measure.phrase = std::string("living with ") + region.label;
  measure.group = "trio";
  measure.group_cells = 8;
  measure.cells = region.cells;
  measure.is_cell = region.is_cell;
  measure.source = "Trio source.";
  measure.uncertainty = "assumed";
  measure.ages = "0-17";
  measure.sex = "all";
  measure.year = 2018;
  return measure;
}

/// A figure with a relative sd and symmetric intervals at z per level.
inline TableFigure figure(double denominator, double mean, double relative_sd, const std::vector<double>& z) {
  TableFigure f;
  f.denominator = denominator;
  f.mean = mean;
  f.median = mean;
  f.sd = relative_sd * mean;
  for (double zl : z) f.intervals.push_back({std::max(0.0, mean - zl * f.sd), mean + zl * f.sd});
  return f;
}

inline double sum_cells(const std::array<double, 8>& cells, std::uint64_t mask) {
  double sum = 0.0;
  for (int c = 0; c < 8; ++c)
    if ((mask >> c) & 1u) sum += cells[static_cast<std::size_t>(c)];
  return sum;
}

/// Leeds's 2020 table, cell by cell (README), in cell order 0..7.
inline std::array<double, 8> leeds_cells() {
  return {134594, 4689, 15534, 4882, 2757, 865, 2861, 1994};
}

/// An input of the trio's 13 measures over `areas`, each area given by its
/// cells; sd 8 % of each figure, levels 95 % (z 1.96) and 99.8 % (z 3.09).
inline TableInput trio_input(const std::vector<std::pair<results::AreaRecord, std::array<double, 8>>>& areas,
                             double relative_sd = 0.08) {
  TableInput input;
  input.title = "Trio";
  input.mode = "expected";
  input.draws = 1000;
  input.seed = 1;
  input.levels = {0.95, 0.998};
  for (const TrioRegion& region : trio_regions()) input.measures.push_back(trio_measure(region));
  for (const auto& [area, cells] : areas) {
    input.areas.push_back(area);
    const double denominator = sum_cells(cells, 0xFF);
    for (const results::MeasureRecord& measure : input.measures)
      input.figures.push_back(figure(denominator, sum_cells(cells, measure.cells), relative_sd, {1.96, 3.09}));
  }
  return input;
}

/// A small table for the renderers: Leeds and Smalltown, three of the trio's
/// measures (one an indented cell) and two single measures, at 95 % and
/// 99.8 %. Under ons-10-5 Leeds shows everything (DV+SM only flagged [u]);
/// Smalltown hides all three, DV+SM only and looked after, and shows youth
/// justice with a lower end below 10.
inline TableInput small_input() {
  TableInput input;
  input.title = "Leeds 2020: children living with adversity";
  input.description = "A hand-built table.";
  input.mode = "expected";
  input.draws = 20000;
  input.seed = 2020;
  input.results_file = "results.h5";
  input.levels = {0.95, 0.998};
  input.areas = {{"E08000035", "Leeds"}, {"E06000099", "Smalltown"}};
  auto measure = [](const char* id, const char* label, const char* phrase, const char* group, int group_cells,
                    std::uint64_t cells, bool is_cell, const char* source, const char* uncertainty, const char* ages,
                    const char* sex, int year) {
    results::MeasureRecord m;
    m.id = id;
    m.label = label;
    m.phrase = phrase;
    m.group = group;
    m.group_cells = group_cells;
    m.cells = cells;
    m.is_cell = is_cell;
    m.source = source;
    m.uncertainty = uncertainty;
    m.ages = ages;
    m.sex = sex;
    m.year = year;
    return m;
  };
  const char* trio_source = "Children's Commissioner (2019), toxic-trio projections.";
  const char* trio_uncertainty = "assumed as precise as a sample of 2,000";
  input.measures = {
      measure("trio.any", "any of the toxic trio", "living with any of the toxic trio", "trio", 8, 0xFE, false,
              trio_source, trio_uncertainty, "0-17", "all", 2018),
      measure("trio.all_three", "all three of the toxic trio", "living with all three of the toxic trio", "trio", 8,
              0x80, false, trio_source, trio_uncertainty, "0-17", "all", 2018),
      measure("trio.dv_sm_only", "domestic violence and abuse + parental substance misuse only",
              "living with domestic violence and abuse and parental substance misuse only", "trio", 8, 0x20, true,
              "Derived: the maximum-entropy joint table.", trio_uncertainty, "0-17", "all", 2018),
      measure("looked_after", "looked after (in care)", "looked after by the local authority", "looked_after", 2,
              0b10, false, "Leeds strategy table.", "1,288 of 169,422, Jeffreys Beta", "0-17", "all", 2019),
      measure("youth_justice", "involved with the youth justice service", "involved with the youth justice service",
              "youth_justice", 2, 0b10, false, "Leeds strategy table.", "676 of 69,065, Jeffreys Beta", "10-17",
              "male", 2019),
  };
  auto f = [](double denominator, double mean, double sd, TableInterval i95, TableInterval i998) {
    TableFigure figure;
    figure.denominator = denominator;
    figure.mean = figure.median = mean;
    figure.sd = sd;
    figure.intervals = {i95, i998};
    return figure;
  };
  input.figures = {
      // Leeds
      f(168176, 33582, 1460, {30733, 36567}, {29100, 38200}),
      f(168176, 1994, 380, {1273, 2874}, {900, 3300}),
      f(168176, 865, 270, {422, 1471}, {250, 1800}),
      f(169422, 1289, 35.7, {1219, 1359}, {1180, 1400}),
      f(35000, 676, 26, {627, 728}, {600, 760}),
      // Smalltown
      f(600, 120.4, 10, {101.2, 140.3}, {90.1, 151.7}),
      f(600, 7.1, 1.5, {4.6, 10.1}, {3.0, 12.5}),
      f(600, 3.1, 1.2, {1.2, 5.6}, {0.5, 7.5}),
      f(610, 4.6, 2.0, {1.5, 8.9}, {0.6, 11.3}),
      f(900, 15.2, 4.1, {8.2, 23.9}, {4.9, 28.4}),
  };
  return input;
}

}  // namespace prevalence::test
