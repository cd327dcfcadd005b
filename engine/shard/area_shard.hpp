#pragma once
// One shard of a run's areas, for splitting a large run across the tasks of
// a cluster job array. Shard K of N takes a contiguous block of the plan's
// areas, so merging the shards is concatenation in shard order. An area's
// results never depend on which other areas run with it (its random numbers
// are keyed by its code), so a merged run equals the unsharded one.

#include <cstddef>
#include <optional>
#include <string_view>

namespace prevalence::shard {

struct AreaShard {
  std::size_t index = 1;  ///< K, 1-based
  std::size_t count = 1;  ///< N
};

/// Parses "K/N" with whole numbers 1 <= K <= N; std::nullopt otherwise.
std::optional<AreaShard> parse_area_shard(std::string_view text);

/// Positions [first, last) of a shard's areas in plan order.
struct AreaRange {
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t size() const noexcept { return last - first; }
};

/// Shard K of N over `n_areas` areas: [floor((K-1) A / N), floor(K A / N)).
/// Blocks differ in size by at most one, and none is empty when N <= A.
/// Requires 1 <= K <= N <= n_areas.
AreaRange shard_areas(const AreaShard& shard, std::size_t n_areas);

}  // namespace prevalence::shard
