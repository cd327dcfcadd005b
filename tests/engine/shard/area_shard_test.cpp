// Tests engine/shard/area_shard.cpp: "K/N" read strictly, and shards that
// cover every area once, in order, in blocks that differ by at most one.

#include "engine/shard/area_shard.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>

namespace prevalence::shard {
namespace {

TEST(ParseAreaShard, ReadsKOfN) {
  const auto shard = parse_area_shard("2/8");
  ASSERT_TRUE(shard);
  EXPECT_EQ(shard->index, 2u);
  EXPECT_EQ(shard->count, 8u);
  EXPECT_TRUE(parse_area_shard("1/1"));
  for (const char* bad : {"0/3", "4/3", "1/0", "abc", "1/3/4", "", "1/", "/3", "-1/3", "1.5/3", " 1/3", "1/3 "})
    EXPECT_FALSE(parse_area_shard(bad)) << bad;
}

TEST(ShardAreas, CoverEveryAreaOnceInBlocksDifferingByAtMostOne) {
  for (std::size_t n_areas : {1u, 7u, 317u, 33755u})
    for (std::size_t count = 1; count <= n_areas && count <= 40; ++count) {
      std::size_t next = 0, smallest = n_areas, largest = 0;
      for (std::size_t k = 1; k <= count; ++k) {
        const AreaRange range = shard_areas({k, count}, n_areas);
        EXPECT_EQ(range.first, next) << k << "/" << count << " of " << n_areas;
        next = range.last;
        smallest = std::min(smallest, range.size());
        largest = std::max(largest, range.size());
      }
      EXPECT_EQ(next, n_areas);
      EXPECT_GE(smallest, 1u) << "no shard is empty when N <= areas";
      EXPECT_LE(largest - smallest, 1u);
    }
}

}  // namespace
}  // namespace prevalence::shard
