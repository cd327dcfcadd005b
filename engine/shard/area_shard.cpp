#include "engine/shard/area_shard.hpp"

#include <charconv>

namespace prevalence::shard {
namespace {

std::optional<std::size_t> parse_whole(std::string_view text) {
  std::size_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<AreaShard> parse_area_shard(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto index = parse_whole(text.substr(0, slash));
  const auto count = parse_whole(text.substr(slash + 1));  // "1/3/4" fails here
  if (!index || !count || *index < 1 || *index > *count) return std::nullopt;
  return AreaShard{*index, *count};
}

AreaRange shard_areas(const AreaShard& shard, std::size_t n_areas) {
  // Products stay below n_areas squared, far from overflow for any real run.
  return {(shard.index - 1) * n_areas / shard.count, shard.index * n_areas / shard.count};
}

}  // namespace prevalence::shard
