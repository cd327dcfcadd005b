#include "engine/shard/area_shard.hpp"

#include "engine/text/parse_number.hpp"

namespace prevalence::shard {

std::optional<AreaShard> parse_area_shard(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto index = text::parse_number<std::size_t>(text.substr(0, slash));
  const auto count = text::parse_number<std::size_t>(text.substr(slash + 1));  // "1/3/4" fails here
  if (!index || !count || *index < 1 || *index > *count) return std::nullopt;
  return AreaShard{*index, *count};
}

AreaRange shard_areas(const AreaShard& shard, std::size_t n_areas) {
  // Products stay below n_areas squared, far from overflow for any real run.
  return {(shard.index - 1) * n_areas / shard.count, shard.index * n_areas / shard.count};
}

}  // namespace prevalence::shard
