#pragma once
// shard.toml: what a shard's output directory holds, written next to its
// estimates by `prevalence run --areas-shard K/N`. `prevalence merge` reads
// it to check that the shards it is given are one complete set, cut from the
// same scenario, population file and run settings.

#include "engine/montecarlo/plan.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/shard/area_shard.hpp"

#include <cstdint>
#include <ostream>
#include <span>
#include <string>

namespace prevalence::engine {

/// The record's file name inside a shard's output directory.
inline constexpr const char* kShardRecordFile = "shard.toml";

struct ShardRecord {
  AreaShard shard;
  std::size_t areas_in_shard = 0;
  std::size_t areas_in_run = 0;  ///< the whole scenario's, before sharding
  std::string first_area;        ///< code of the shard's first area in plan order
  std::string last_area;

  std::string scenario_file;  ///< file name only: for messages, not for matching
  std::uint64_t scenario_hash = 0;
  std::string population_file;
  std::uint64_t population_hash = 0;

  RunSettings settings;
  std::string version;  ///< of the prevalence that ran the shard
};

/// The record of shard `shard` of a run of `scenario` whose whole plan (every
/// area, before sharding) is `plan`. Requires shard.count <= plan.areas.size().
/// @param population_hash file_hash of scenario.population_file
ShardRecord make_shard_record(const Scenario& scenario, std::uint64_t population_hash, const Plan& plan,
                              const AreaShard& shard, const RunSettings& settings);

void write_shard_record(std::ostream& out, const ShardRecord& record);

/// Interval levels as the record (and a scenario's [run]) writes them: one
/// level as a number, "0.95"; several as an array, "[0.95, 0.998]"; each
/// coverage exactly (shortest round-trip text).
std::string interval_levels_toml(std::span<const double> levels);

/// Reads and checks a record written by write_shard_record.
/// @throw InputError at the file, line and column of the first problem
ShardRecord read_shard_record(const std::string& path);

}  // namespace prevalence::engine
