#pragma once
// A table ready to write: the chosen areas and measures, in the order asked
// for, each figure after disclosure control (the policy, then secondary
// suppression within each area and group), rounding, percentages of the
// rounded figures, the reliability flag and, when asked, its sentence. The
// CSV, Markdown and HTML renderers only format what this holds, so they
// always agree.

#include "engine/publish/published_figure.hpp"
#include "engine/publish/table_input.hpp"
#include "engine/publish/table_options.hpp"

#include <cstddef>
#include <vector>

namespace prevalence::publish {

struct PublishedTable {
  const TableInput* input = nullptr;
  TableOptions options;
  std::vector<std::size_t> areas;     ///< indices into input->areas, in table order
  std::vector<std::size_t> measures;  ///< indices into input->measures, in table order
  std::vector<PublishedFigure> figures;  ///< area-major over the selection: figures[a * measures.size() + m]

  const results::AreaRecord& area(std::size_t a) const { return input->areas[areas[a]]; }
  const results::MeasureRecord& measure(std::size_t m) const { return input->measures[measures[m]]; }
  /// Whether some figure is an area's own complete count, not an estimate.
  bool has_known_counts() const {
    for (const PublishedFigure& figure : figures)
      if (figure.known) return true;
    return false;
  }
  /// How much of measure m's interval is assumption ("" for none).
  std::string assumed_note(std::size_t m) const {
    return input->assumed_notes.empty() ? "" : input->assumed_notes[measures[m]];
  }
  const TableFigure& source(std::size_t a, std::size_t m) const { return input->at(areas[a], measures[m]); }
  const PublishedFigure& at(std::size_t a, std::size_t m) const { return figures[a * measures.size() + m]; }
  /// The population year of a figure: its measure's, or its row's over several years.
  int year_of(std::size_t a, std::size_t m) const {
    return measure(m).year != 0 ? measure(m).year : area(a).year;
  }
  /// How tables head row a: "Leeds (E08000035)", with ", 2019" when the table's rows span years.
  std::string area_title(std::size_t a) const;

  /// Symbols the table shows, [c] [k] [u] [x] [z] in that order: for its notes.
  std::vector<Symbol> symbols_used() const;
  /// True when some interval end is shown as "<bound".
  bool shows_bounds() const;
};

/// Publishes `input` under `options`. The returned table refers to `input`,
/// which must outlive it.
/// @throw std::invalid_argument for figures that do not match the areas,
///        measures and levels, an index out of range, a negative count, or a
///        group whose measures disagree on its number of cells
PublishedTable publish_table(const TableInput& input, const TableOptions& options);

}  // namespace prevalence::publish
