#include "engine/results/run_results.hpp"

#include "engine/io/sha256.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>

namespace prevalence::results {

std::vector<std::size_t> RunResults::group_of_measures() const {
  std::vector<std::size_t> of;
  for (const MeasureRecord& measure : measures) {
    const auto it =
        std::find_if(groups.begin(), groups.end(), [&](const GroupRecord& g) { return g.id == measure.group; });
    if (it == groups.end()) throw std::logic_error("RunResults: measure " + measure.id + " has no group");
    of.push_back(static_cast<std::size_t>(it - groups.begin()));
  }
  return of;
}

bool RunResults::several_years() const {
  return std::any_of(areas.begin(), areas.end(), [&](const AreaRecord& a) { return a.year != areas.front().year; });
}

std::string RunResults::area_title(std::size_t area) const {
  const AreaRecord& row = areas[area];
  std::string title = fmt::format("{} ({})", row.name, row.code);
  if (several_years()) title += fmt::format(", {}", row.year);
  if (row.is_total()) title += fmt::format(": total of {} areas", row.members.size());
  return title;
}

std::string RunResults::figures_sha256() const {
  io::Sha256 hash;
  const auto add = [&](const std::vector<double>& values) {
    for (double value : values) {
      const auto bits = std::bit_cast<std::uint64_t>(value);
      std::array<std::byte, 8> bytes;
      for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::byte>(bits >> (8 * i));
      hash.add(bytes);
    }
  };
  std::vector<double> moved;
  for (const GroupRecord& group : groups) moved.push_back(group.moved_share);
  const std::vector<double> known_figures(known.begin(), known.end());
  for (const std::vector<double>* values : std::initializer_list<const std::vector<double>*>{
           &levels, &denominator, &mean, &median, &mcse, &lower, &upper, &shares, &moved, &published, &fitted,
           &median_mcse, &lower_mcse, &upper_mcse, &known_figures, &assumed_share})
    add(*values);
  return hash.hex();
}

std::string assumed_share_text(const RunResults& run, std::size_t measure) {
  if (run.assumed_share.empty()) return "";
  double low = 2.0, high = -1.0;
  for (std::size_t a = 0; a < run.areas.size(); ++a) {
    const double share = run.assumed_share[run.index(a, measure)];
    if (!(share == share)) continue;
    low = std::min(low, share);
    high = std::max(high, share);
  }
  if (high < 0.0) return "";
  const auto percent = [](double share) { return fmt::format("{:.0f}", 100.0 * share); };
  const std::string range = percent(low) == percent(high) ? percent(low) : percent(low) + "-" + percent(high);
  return fmt::format("assumed uncertainty gives {} % of its interval's variance", range);
}

}  // namespace prevalence::results
