#include "engine/scenario/overlap_naming.hpp"

#include <fmt/format.h>

#include <bit>
#include <stdexcept>

namespace prevalence::scenario {

using models::CellSet;
using models::ConditionSet;

std::string number_word(int n) {
  static const char* const kWords[] = {"zero", "one", "two", "three", "four", "five", "six"};
  return n >= 0 && n <= 6 ? kWords[n] : std::to_string(n);
}

OverlapNaming::OverlapNaming(std::vector<std::string> condition_ids,
                             std::vector<std::string> condition_labels, std::string group_label)
    : ids_(std::move(condition_ids)), labels_(std::move(condition_labels)),
      group_label_(std::move(group_label)) {
  if (ids_.size() != labels_.size() || ids_.empty() || ids_.size() > models::kMaxConditions)
    throw std::invalid_argument(fmt::format("an overlap needs 1 to {} conditions, each with a label; got {} and {}",
                                            models::kMaxConditions, ids_.size(), labels_.size()));
}

std::string OverlapNaming::joined_ids(ConditionSet conditions, const char* separator) const {
  std::string out;
  for (int i = 0; i < n_conditions(); ++i)
    if (conditions & (1u << i)) out += (out.empty() ? "" : separator) + ids_[i];
  return out;
}

std::string OverlapNaming::joined_labels(ConditionSet conditions, const char* separator) const {
  std::string out;
  for (int i = 0; i < n_conditions(); ++i)
    if (conditions & (1u << i)) out += (out.empty() ? "" : separator) + labels_[i];
  return out;
}

std::string OverlapNaming::cell_key(unsigned cell) const {
  return cell == 0 ? "none" : joined_ids(cell, "_");
}

std::vector<NamedRegion> OverlapNaming::standard_regions() const {
  const int k = n_conditions();
  const ConditionSet everything = (1u << k) - 1;
  std::vector<NamedRegion> regions;
  for (int i = 0; i < k; ++i)
    regions.push_back({ids_[i], labels_[i], models::cells_with_all_of(k, 1u << i)});
  if (k >= 2) regions.push_back({"any", "any of " + group_label_, models::cells_with_any_of(k, everything)});
  if (k >= 3)
    regions.push_back({"two_or_more", "two or more of " + group_label_, models::cells_with_at_least(k, 2)});
  if (k == 2) regions.push_back({"both", "both of " + group_label_, models::only_cell(everything)});
  if (k >= 3)
    regions.push_back({"all_" + number_word(k), "all " + number_word(k) + " of " + group_label_,
                       models::only_cell(everything)});
  // Every cell but "all K" (reported above) and "none" (last), fewest
  // conditions first, so the table reads from single factors to overlaps.
  for (int size = 1; size < k; ++size)
    for (unsigned cell = 1; cell < everything; ++cell)
      if (std::popcount(cell) == size)
        regions.push_back({joined_ids(cell, "_") + "_only", joined_labels(cell, " + ") + " only",
                           models::only_cell(cell)});
  if (k == 1) regions.push_back({ids_[0] + "_not", "not " + labels_[0], models::only_cell(0)});
  else regions.push_back({"none", "none of " + group_label_, models::only_cell(0)});
  return regions;
}

NamedRegion OverlapNaming::standard_or(NamedRegion fallback) const {
  for (NamedRegion& region : standard_regions())
    if (region.cells == fallback.cells) return region;
  return fallback;
}

NamedRegion OverlapNaming::all_of(ConditionSet conditions) const {
  return standard_or({joined_ids(conditions, "_and_"), joined_labels(conditions, " and "),
                      models::cells_with_all_of(n_conditions(), conditions)});
}

NamedRegion OverlapNaming::any_of(ConditionSet conditions) const {
  return standard_or({joined_ids(conditions, "_or_"), joined_labels(conditions, " or "),
                      models::cells_with_any_of(n_conditions(), conditions)});
}

NamedRegion OverlapNaming::at_least(int count) const {
  return standard_or({"at_least_" + number_word(count),
                      fmt::format("at least {} of {}", number_word(count), group_label_),
                      models::cells_with_at_least(n_conditions(), count)});
}

NamedRegion OverlapNaming::exactly(int count) const {
  return standard_or({"exactly_" + number_word(count),
                      fmt::format("exactly {} of {}", number_word(count), group_label_),
                      models::cells_with_exactly(n_conditions(), count)});
}

NamedRegion OverlapNaming::only(ConditionSet conditions) const {
  return standard_or({joined_ids(conditions, "_") + "_only", joined_labels(conditions, " + ") + " only",
                      models::only_cell(conditions)});
}

}  // namespace prevalence::scenario
