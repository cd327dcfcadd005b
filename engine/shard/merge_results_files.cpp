#include "engine/shard/merge_results_files.hpp"

#include "engine/error/input_error.hpp"
#include "engine/results/results_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <unordered_map>

namespace prevalence::engine {
namespace {

std::unordered_map<std::string, std::size_t> area_index(const Plan& plan) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t a = 0; a < plan.areas.size(); ++a) index.emplace(plan.areas[a].code, a);
  return index;
}

}  // namespace

std::vector<ResultsFile> complete_from_results_files(MergedRun& merged, const Plan& plan,
                                                     const std::vector<std::string>& shard_dirs) {
  std::vector<ResultsFile> shards;
  for (const std::string& dir : shard_dirs)
    shards.push_back(read_results_file((std::filesystem::path(dir) / kResultsFile).string()));

  const ResultsFile& first = shards.front();
  const std::size_t n_outputs = plan.n_outputs(), n_levels = first.levels.size();
  const auto index = area_index(plan);
  merged.settings.intervals = first.levels;
  merged.results.n_levels = n_levels;
  merged.results.extra_bounds.assign(plan.areas.size() * n_outputs * (n_levels - 1) * 2, 0.0);
  merged.results.shares = first.shares;
  for (const ResultsFile& shard : shards) {
    const auto fail = [&](const std::string& problem) { throw InputError({shard.path, 0, 0}, problem); };
    if (shard.n_measures() != n_outputs)
      fail(fmt::format("{} measures where the scenario has {}: not a shard of this scenario", shard.n_measures(),
                       n_outputs));
    if (shard.levels != first.levels)
      fail(fmt::format("interval levels differ from {}'s", first.path));
    // Every shard draws every table, so their parameter draws are one set.
    if (shard.shares != first.shares)
      fail(fmt::format("parameter draws differ from {}'s: the shards are not of one run", first.path));
    for (std::size_t i = 0; i < shard.areas.size(); ++i) {
      const auto it = index.find(shard.areas[i].code);
      if (it == index.end()) fail(fmt::format("area {} is not in the scenario", shard.areas[i].code));
      for (std::size_t o = 0; o < n_outputs; ++o)
        for (std::size_t l = 1; l < n_levels; ++l) {
          const std::size_t from = shard.index(i, o) * n_levels + l;
          double* to = merged.results.extra_bounds.data() + ((it->second * n_outputs + o) * (n_levels - 1) + l - 1) * 2;
          to[0] = shard.lower[from];
          to[1] = shard.upper[from];
        }
    }
  }
  return shards;
}

bool all_kept_draws(const std::vector<ResultsFile>& shards) {
  return std::all_of(shards.begin(), shards.end(), [](const ResultsFile& shard) { return shard.draws_kept; });
}

void copy_kept_draws(const std::vector<ResultsFile>& shards, const Plan& plan, const DrawSink& sink) {
  const auto index = area_index(plan);
  for (const ResultsFile& shard : shards) {
    const KeptDrawsReader reader(shard);
    for (std::size_t i = 0; i < shard.areas.size(); ++i) sink.area_draws(index.at(shard.areas[i].code), reader.area(i));
  }
}

}  // namespace prevalence::engine
