#include "engine/shard/merge_shards.hpp"

#include "engine/error/input_error.hpp"
#include "engine/io/file_hash.hpp"
#include "engine/random/stream.hpp"
#include "engine/shard/shard_estimates.hpp"
#include "engine/shard/shard_record.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <span>

namespace prevalence::engine {
namespace {

namespace fs = std::filesystem;

struct Shard {
  std::string dir;
  std::string record_path;
  ShardRecord record;
};

Shard read_shard(const std::string& dir) {
  std::error_code error;
  if (!fs::exists(dir, error)) throw InputError({dir, 0, 0}, "no such shard directory");
  if (!fs::is_directory(dir, error)) throw InputError({dir, 0, 0}, "not a directory: give each shard's output directory");
  const std::string record_path = (fs::path(dir) / kShardRecordFile).string();
  if (!fs::exists(record_path, error))
    throw InputError({dir, 0, 0}, fmt::format("no {} here: not the output directory of prevalence run --areas-shard",
                                              kShardRecordFile));
  return {dir, record_path, read_shard_record(record_path)};
}

// The shard was run from this scenario file and its population file.
void expect_same_inputs(const Shard& shard, const Scenario& scenario, std::uint64_t scenario_hash,
                        std::uint64_t population_hash) {
  const ShardRecord& got = shard.record;
  if (got.scenario_hash != scenario_hash)
    throw InputError({shard.record_path, 0, 0},
                     fmt::format("a shard of a different scenario file: {} (hash {}), not {} (hash {})",
                                 got.scenario_file, hash_text(got.scenario_hash), scenario.path,
                                 hash_text(scenario_hash)));
  if (got.population_hash != population_hash)
    throw InputError({shard.record_path, 0, 0},
                     fmt::format("a shard of a different population file: {} (hash {}), not {} (hash {})",
                                 got.population_file, hash_text(got.population_hash), scenario.population_file,
                                 hash_text(population_hash)));
}

// The shard belongs to the same split and run settings as `reference`.
void expect_same_run(const Shard& shard, const Shard& reference) {
  if (shard.record.shard.count != reference.record.shard.count)
    throw InputError({shard.record_path, 0, 0},
                     fmt::format("shard {} of {}, but {} is shard {} of {}: the shards come from different splits",
                                 shard.record.shard.index, shard.record.shard.count, reference.record_path,
                                 reference.record.shard.index, reference.record.shard.count));
  const RunSettings& s = shard.record.settings;
  const RunSettings& r = reference.record.settings;
  const auto differ = [&](const char* what, const std::string& here, const std::string& there) {
    throw InputError({shard.record_path, 0, 0},
                     fmt::format("{} {}, but {} has {} {}: every shard must be run with the same settings", what,
                                 here, reference.record_path, what, there));
  };
  if (s.draws != r.draws) differ("draws", fmt::format("{}", s.draws), fmt::format("{}", r.draws));
  if (s.seed != r.seed) differ("seed", fmt::format("{}", s.seed), fmt::format("{}", r.seed));
  if (s.mode != r.mode) differ("mode", to_string(s.mode), to_string(r.mode));
  if (s.intervals != r.intervals)
    differ("interval", interval_levels_toml(s.intervals), interval_levels_toml(r.intervals));
  if (shard.record.version != reference.record.version)
    differ("prevalence_version", shard.record.version, reference.record.version);
}

// The shard holds exactly the areas shard K of N of this plan holds.
void expect_areas(const Shard& shard, const ShardRecord& expected) {
  const ShardRecord& got = shard.record;
  if (got.areas_in_run != expected.areas_in_run)
    throw InputError({shard.record_path, 0, 0},
                     fmt::format("a shard of a run of {} areas, but the scenario has {}", got.areas_in_run,
                                 expected.areas_in_run));
  if (got.areas_in_shard != expected.areas_in_shard || got.first_area != expected.first_area ||
      got.last_area != expected.last_area)
    throw InputError({shard.record_path, 0, 0},
                     fmt::format("holds {} area(s), {} to {}, but shard {} of {} of the scenario is {} area(s), "
                                 "{} to {}",
                                 got.areas_in_shard, got.first_area, got.last_area, got.shard.index,
                                 got.shard.count, expected.areas_in_shard, expected.first_area, expected.last_area));
}

}  // namespace

MergedRun merge_shards(const Scenario& scenario, const Plan& plan, const std::vector<std::string>& shard_dirs) {
  if (shard_dirs.empty()) throw InputError("no shard directories given");
  std::vector<Shard> shards;
  for (const std::string& dir : shard_dirs) shards.push_back(read_shard(dir));

  // Every shard against the scenario, then against the first: one split,
  // one set of settings.
  const std::uint64_t scenario_hash = stable_hash(scenario.text);
  const std::uint64_t population_hash = file_hash(scenario.population_file);
  const Shard& reference = shards.front();
  std::map<std::size_t, const Shard*> by_index;
  for (const Shard& shard : shards) {
    expect_same_inputs(shard, scenario, scenario_hash, population_hash);
    expect_same_run(shard, reference);
    const auto [it, added] = by_index.emplace(shard.record.shard.index, &shard);
    if (!added)
      throw InputError({shard.record_path, 0, 0},
                       fmt::format("shard {} of {} is given twice: {} holds it too", shard.record.shard.index,
                                   shard.record.shard.count, it->second->dir));
  }
  const std::size_t count = reference.record.shard.count;
  if (count > plan.areas.size())
    throw InputError({reference.record_path, 0, 0},
                     fmt::format("a split into {} shards, but the scenario has only {} area(s)", count,
                                 plan.areas.size()));
  std::vector<std::size_t> missing;
  for (std::size_t k = 1; k <= count; ++k)
    if (!by_index.count(k)) missing.push_back(k);
  if (missing.size() == 1)
    throw InputError(fmt::format("shard {} of {} is missing ({} of {} given)", missing.front(), count,
                                 shards.size(), count));
  if (!missing.empty()) {
    const std::size_t shown = std::min<std::size_t>(missing.size(), 10);
    throw InputError(fmt::format("{} of the {} shards are missing: {}{} ({} of {} given)", missing.size(), count,
                                 fmt::join(missing.begin(), missing.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                                 shown < missing.size() ? ", ..." : "", shards.size(), count));
  }

  MergedRun merged;
  merged.settings = reference.record.settings;
  // Each shard's estimates.csv holds the headline interval only, so the
  // merged results do too, and their settings say so: no writer asks them
  // for a level they do not hold.
  merged.settings.intervals.resize(1);
  merged.results.n_levels = 1;
  merged.results.n_outputs = plan.n_outputs();
  merged.results.summaries.resize(plan.areas.size() * plan.n_outputs());
  const Shard* moved_from = nullptr;
  for (const auto& [index, shard] : by_index) {
    const AreaShard which{index, count};
    expect_areas(*shard, make_shard_record(scenario, population_hash, plan, which, merged.settings));
    const AreaRange areas = shard_areas(which, plan.areas.size());
    const std::string csv_path = (fs::path(shard->dir) / "estimates.csv").string();
    const std::vector<double> moved = read_shard_estimates(
        csv_path, plan, areas, merged.settings,
        std::span<Summary>(merged.results.summaries).subspan(areas.first * plan.n_outputs(),
                                                             areas.size() * plan.n_outputs()));
    // A group's draws are shared by all areas, so every shard moved the same ones.
    if (!moved_from) {
      merged.results.moved_share = moved;
      moved_from = shard;
    } else if (moved != merged.results.moved_share) {
      throw InputError({csv_path, 0, 0},
                       fmt::format("moved_draws differ from those of {}: the shards cannot be from one run",
                                   moved_from->dir));
    }
  }
  return merged;
}

}  // namespace prevalence::engine
