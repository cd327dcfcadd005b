#pragma once
// A figure in words, in the form public-health guidance uses for synthetic
// estimates: "Given the characteristics of the local population, we would
// expect about 33,600 children aged 0-17 in Leeds (95 % interval 31,900 to
// 35,300) to be living with any of the toxic trio." The numbers are the
// strings the table shows for the figure (same rounding, same policy); a
// suppressed figure is said to be suppressed, without numbers.

#include "engine/publish/published_figure.hpp"
#include "engine/publish/table_input.hpp"
#include "engine/publish/table_options.hpp"

#include <span>
#include <string>
#include <string_view>

namespace prevalence::publish {

/// Who an age range and sex count: "children", "girls", "boys" when the
/// range ends at 17 or below; "people", "women", "men" when it starts at 18
/// or above; "people", "girls and women", "boys and men" when it spans both
/// (or cannot be read). `ages` is "a-b", "a+" or "a"; `sex` "all", "female"
/// or "male".
std::string people_noun(std::string_view ages, std::string_view sex);

/// "95", "99.8": a coverage as a percentage, for sentences and column names.
std::string level_text(double level);

/// The sentence for one figure. `levels` are the table's interval coverages
/// (TableInput::levels); the figure's fields must have one entry each.
std::string figure_sentence(const results::AreaRecord& area, const results::MeasureRecord& measure, double denominator,
                            const PublishedFigure& figure, std::span<const double> levels, const TableOptions& options);

/// What synthetic estimates are and are not, in a few plain sentences, for
/// the end of a table. `mode` is the run's "expected" or "realised";
/// `has_counts`: some figures are areas' own complete counts, not estimates.
std::string limitations_note(std::string_view mode, bool has_counts = false);

}  // namespace prevalence::publish
