#include "engine/scenario/area_totals.hpp"

#include "engine/io/csv_columns.hpp"
#include "engine/text/nearest_names.hpp"
#include "engine/text/parse_number.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace prevalence::scenario {
namespace {

// The [[group]]s in one year: members are the run's codes or earlier
// groups, flattened to rows.
void explicit_totals(const Scenario& scenario, const std::vector<AreaRow>& rows, int year,
                     std::vector<TotalRow>& totals) {
  std::map<std::string, std::size_t> row_of;
  std::vector<std::string> codes;
  for (std::size_t r = 0; r < rows.size(); ++r)
    if (rows[r].year == year) {
      row_of.emplace(rows[r].area.code, r);
      codes.push_back(rows[r].area.code);
    }
  std::map<std::string, std::vector<std::size_t>> members_of;  // earlier groups, this year
  for (const AreaGroupSpec& group : scenario.area_groups) {
    std::set<std::size_t> members;
    for (std::size_t i = 0; i < group.members.size(); ++i) {
      const std::string& member = group.members[i];
      if (const auto row = row_of.find(member); row != row_of.end()) {
        members.insert(row->second);
      } else if (const auto earlier = members_of.find(member); earlier != members_of.end()) {
        members.insert(earlier->second.begin(), earlier->second.end());
      } else {
        const std::vector<std::string> near = text::nearest_names(member, codes);
        throw error::InputError(group.member_where[i],
                                fmt::format("group {}: {} is not one of the run's areas{}{}", group.id, member,
                                            scenario.population_years.size() > 1 ? fmt::format(" in {}", year) : "",
                                            near.empty() ? "" : fmt::format(" (nearest: {})", fmt::join(near, ", "))));
      }
    }
    TotalRow total{group.id, group.name, year, {members.begin(), members.end()}};
    members_of[group.id] = total.members;
    totals.push_back(std::move(total));
  }
}

// The lookup's parents of every code, by year: parents[year][code][level]
// is the code of its parent at that level ("" when it has none, or is
// itself at or above it).
struct Parents {
  std::map<int, std::map<std::string, std::vector<std::string>>> of;
  std::map<std::string, std::string> names;
};

Parents read_parents(const GroupLookupSpec& lookup) {
  std::vector<std::string> columns{"year", "area_code"};
  for (const std::string& level : lookup.levels) {
    columns.push_back(level + "_code");
    columns.push_back(level + "_name");
  }
  // Other levels' codes (upper_tier_code, say): areas of the run may be
  // those parents themselves (a shire county read directly).
  std::vector<std::string> other_codes;
  for (const std::string& column : io::csv_header(lookup.file, "lookup file"))
    if (column.size() > 5 && column.ends_with("_code") && column != "area_code" &&
        std::find(columns.begin(), columns.end(), column) == columns.end())
      other_codes.push_back(column);
  columns.insert(columns.end(), other_codes.begin(), other_codes.end());
  const io::CsvColumns read = io::read_csv_columns(lookup.file, columns, "lookup file");
  const std::size_t n_levels = lookup.levels.size();
  Parents parents;
  for (std::size_t r = 0; r < read.values.size(); ++r) {
    const std::vector<std::string>& row = read.values[r];
    const auto year = text::parse_number<int>(row[0]);
    if (!year)
      throw error::InputError({lookup.file, read.lines[r], 0}, fmt::format("year \"{}\" is not a year", row[0]));
    auto& codes = parents.of[*year];
    std::vector<std::string> chain(n_levels);
    for (std::size_t l = 0; l < n_levels; ++l) {
      chain[l] = row[2 + 2 * l];
      if (!chain[l].empty()) parents.names[chain[l]] = row[3 + 2 * l];
    }
    codes[row[1]] = chain;
    // A parent's own parents are the levels above it; a code of a level not
    // listed (an upper tier) has the row's listed levels above it.
    for (std::size_t l = 0; l < n_levels; ++l) {
      if (chain[l].empty() || chain[l] == row[1]) continue;
      std::vector<std::string> above(n_levels);
      for (std::size_t m = l + 1; m < n_levels; ++m) above[m] = chain[m];
      codes.try_emplace(chain[l], above);
    }
    for (std::size_t c = 2 + 2 * n_levels; c < row.size(); ++c)
      if (!row[c].empty() && row[c] != row[1]) codes.try_emplace(row[c], chain);
  }
  return parents;
}

void lookup_totals(const Scenario& scenario, const Parents& parents, const std::vector<AreaRow>& rows, int year,
                   std::vector<TotalRow>& totals) {
  const GroupLookupSpec& lookup = *scenario.group_lookup;
  const auto in_year = parents.of.find(year);
  std::set<std::string> in_run;
  for (const AreaRow& row : rows)
    if (row.year == year) in_run.insert(row.area.code);
  for (std::size_t l = 0; l < lookup.levels.size(); ++l) {
    std::map<std::string, std::vector<std::size_t>> members;
    std::vector<std::string> order;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (rows[r].year != year) continue;
      const std::string& code = rows[r].area.code;
      const std::vector<std::string>* chain = nullptr;
      if (in_year != parents.of.end())
        if (const auto found = in_year->second.find(code); found != in_year->second.end()) chain = &found->second;
      if (!chain)
        throw error::InputError(lookup.where, fmt::format("groups: area {} {} is not in the lookup {} for {}", code,
                                                          rows[r].area.name, lookup.file, year));
      for (const std::string& parent : *chain)
        if (!parent.empty() && parent != code && in_run.count(parent))
          throw error::InputError(
              lookup.where,
              fmt::format("groups: both {} and {}, which contains {} {}, are areas of the run in {}: a total over "
                          "both would count the same children twice; run one level or the other",
                          parent, parents.names.at(parent), code, rows[r].area.name, year));
      const std::string& parent = (*chain)[l];
      if (parent.empty()) continue;
      auto [it, added] = members.try_emplace(parent);
      if (added) order.push_back(parent);
      it->second.push_back(r);
    }
    for (const std::string& parent : order) {
      const std::vector<std::size_t>& m = members[parent];
      if (m.size() == 1 && rows[m.front()].area.code == parent) continue;  // an area that is its own parent
      totals.push_back({parent, display_name(parents.names.at(parent)), year, m});
    }
  }
}

}  // namespace

std::vector<TotalRow> area_totals(const Scenario& scenario, const std::vector<AreaRow>& rows) {
  std::vector<TotalRow> totals;
  if (scenario.area_groups.empty() && !scenario.group_lookup) return totals;
  Parents parents;
  if (scenario.group_lookup) parents = read_parents(*scenario.group_lookup);
  for (const int year : scenario.population_years) {
    explicit_totals(scenario, rows, year, totals);
    if (scenario.group_lookup) lookup_totals(scenario, parents, rows, year, totals);
  }
  return totals;
}

std::vector<std::size_t> output_order(const std::vector<AreaRow>& rows, const std::vector<TotalRow>& totals) {
  // Each total goes after the member that comes last; ties by size.
  std::map<std::size_t, std::vector<std::size_t>> after;
  for (std::size_t t = 0; t < totals.size(); ++t) after[totals[t].members.back()].push_back(t);
  std::vector<std::size_t> order;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    order.push_back(r);
    auto it = after.find(r);
    if (it == after.end()) continue;
    std::stable_sort(it->second.begin(), it->second.end(),
                     [&](std::size_t a, std::size_t b) { return totals[a].members.size() < totals[b].members.size(); });
    for (std::size_t t : it->second) order.push_back(rows.size() + t);
  }
  return order;
}

std::string display_name(const std::string& name) {
  if (std::any_of(name.begin(), name.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); }))
    return name;
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string lower;
    for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool small = !out.empty() && (lower == "and" || lower == "of" || lower == "the" || lower == "upon");
    if (!small) lower[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(lower[0])));
    out += lower;
    word.clear();
  };
  for (char c : name) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      flush();
      out += c;
    }
  }
  flush();
  return out;
}

}  // namespace prevalence::scenario
