#include "engine/shard/merge_shards.hpp"

#include "engine/results/describe_run.hpp"

#include "engine/error/input_error.hpp"
#include "engine/io/sha256.hpp"
#include "engine/results/isolated_read.hpp"
#include "engine/results/results_file.hpp"
#include "engine/results/results_layout.hpp"
#include "engine/shard/area_shard.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <map>

namespace prevalence::shard {
namespace {

// Whether group g's figures vary by area: its measures' shares are NaN.
bool per_area_group(const results::RunResults& run, std::size_t g) {
  const std::vector<std::size_t> group_of = run.group_of_measures();
  for (std::size_t m = 0; m < run.measures.size(); ++m)
    if (group_of[m] == g && !run.shares.empty()) return std::isnan(run.shares[m]);
  return false;
}

namespace fs = std::filesystem;

struct Shard {
  std::string dir;
  results::RunResults run;
  AreaShard which;
};

[[noreturn]] void fail(const Shard& shard, const std::string& problem) {
  throw error::InputError({shard.run.path, 0, 0}, problem);
}

// A shard directory's results file, read and checked, and which shard it is.
Shard read_shard(const std::string& dir) {
  std::error_code error;
  if (!fs::exists(dir, error)) throw error::InputError({dir, 0, 0}, "no such shard directory");
  if (!fs::is_directory(dir, error))
    throw error::InputError({dir, 0, 0}, "not a directory: give each shard's output directory");
  const std::string path = (fs::path(dir) / results::kResultsFile).string();
  if (!fs::exists(path, error))
    throw error::InputError(
        {dir, 0, 0},
        fmt::format("no {} here: not the output directory of prevalence run --areas-shard", results::kResultsFile));
  Shard shard{dir, results::read_results_file_isolated(path), {}};
  const auto which = parse_area_shard(shard.run.shard);
  if (!which) fail(shard, "not a shard: the run was not split with --areas-shard (attribute shard is empty)");
  shard.which = *which;
  return shard;
}

// The first 12 hex digits of a SHA-256: enough to tell files apart in a message.
std::string short_digest(const std::string& sha256) { return sha256.substr(0, 12); }

// The shard was run from this scenario file and its population file.
void expect_same_inputs(const Shard& shard, const std::vector<results::InputFileRecord>& inputs) {
  static constexpr const char* kWhat[] = {"scenario", "population"};
  if (shard.run.inputs.size() != inputs.size())
    fail(shard, fmt::format("records {} input files where a run has {}", shard.run.inputs.size(), inputs.size()));
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (shard.run.inputs[i].sha256 != inputs[i].sha256)
      fail(shard, fmt::format("a shard of a different {} file: {} (SHA-256 {}...), not {} ({}...)", kWhat[i],
                              shard.run.inputs[i].path, short_digest(shard.run.inputs[i].sha256), inputs[i].path,
                              short_digest(inputs[i].sha256)));
}

// The shard belongs to the same split, settings and engine as `reference`.
void expect_same_run(const Shard& shard, const Shard& reference) {
  const results::RunResults& s = shard.run;
  const results::RunResults& r = reference.run;
  if (shard.which.count != reference.which.count)
    fail(shard,
         fmt::format("shard {} of {}, but {} is shard {} of {}: the shards come from different splits",
                     shard.which.index, shard.which.count, r.path, reference.which.index, reference.which.count));
  const auto differ = [&](const char* what, const auto& here, const auto& there) {
    if (here != there)
      fail(shard, fmt::format("{} {}, but {} has {} {}: every shard must be run with the same settings", what, here,
                              r.path, what, there));
  };
  differ("draws", s.draws, r.draws);
  differ("seed", s.seed, r.seed);
  differ("mode", to_string(s.mode), to_string(r.mode));
  differ("headline", to_string(s.headline), to_string(r.headline));
  differ("interval", fmt::format("{}", fmt::join(s.levels, ",")), fmt::format("{}", fmt::join(r.levels, ",")));
  differ("population_relative_error", s.population_relative_error, r.population_relative_error);
  differ("engine_version", s.engine_version, r.engine_version);
  std::vector<std::string> ids, reference_ids;
  for (const results::MeasureRecord& m : s.measures) ids.push_back(m.id);
  for (const results::MeasureRecord& m : r.measures) reference_ids.push_back(m.id);
  if (ids != reference_ids)
    fail(shard, fmt::format("measures differ from {}'s: the shards are not of one run", r.path));
  // Every shard draws every shared table, so their parameter draws are one
  // set (bit for bit: a group with per-area figures records NaN, which no
  // comparison of values would call equal); a group with per-area figures
  // moves its own areas' draws, so its moved share is each shard's own.
  bool same_moved = s.groups.size() == r.groups.size() && s.shares.size() == r.shares.size();
  for (std::size_t g = 0; same_moved && g < s.groups.size(); ++g)
    same_moved = per_area_group(s, g) || s.groups[g].moved_share == r.groups[g].moved_share;
  if (s.shares.size() != r.shares.size() ||
      std::memcmp(s.shares.data(), r.shares.data(), s.shares.size() * sizeof(double)) != 0 || !same_moved)
    fail(shard, fmt::format("parameter draws differ from {}'s: the shards are not of one run", r.path));
}

// Every K of 1..N once; `count` no more than the scenario's areas.
std::map<std::size_t, const Shard*> complete_set(const std::vector<Shard>& shards, std::size_t n_areas) {
  std::map<std::size_t, const Shard*> by_index;
  for (const Shard& shard : shards) {
    const auto [it, added] = by_index.emplace(shard.which.index, &shard);
    if (!added)
      fail(shard, fmt::format("shard {} of {} is given twice: {} holds it too", shard.which.index, shard.which.count,
                              it->second->dir));
  }
  const std::size_t count = shards.front().which.count;
  if (count > n_areas)
    fail(shards.front(), fmt::format("a split into {} shards, but the scenario has only {} area(s)", count, n_areas));
  std::vector<std::size_t> missing;
  for (std::size_t k = 1; k <= count; ++k)
    if (!by_index.count(k)) missing.push_back(k);
  if (missing.size() == 1)
    throw error::InputError(
        fmt::format("shard {} of {} is missing ({} of {} given)", missing.front(), count, shards.size(), count));
  if (!missing.empty()) {
    const std::size_t shown = std::min<std::size_t>(missing.size(), 10);
    throw error::InputError(
        fmt::format("{} of the {} shards are missing: {}{} ({} of {} given)", missing.size(), count,
                    fmt::join(missing.begin(), missing.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                    shown < missing.size() ? ", ..." : "", shards.size(), count));
  }
  return by_index;
}

// The shard holds exactly the areas that shard K of N of this plan holds.
void expect_areas(const Shard& shard, const montecarlo::Plan& plan) {
  const AreaRange range = shard_areas(shard.which, plan.areas.size());
  const std::vector<results::AreaRecord>& got = shard.run.areas;
  bool same = got.size() == range.size();
  for (std::size_t i = 0; same && i < got.size(); ++i) same = got[i].code == plan.areas[range.first + i].code;
  if (same) return;
  const auto ends = [](const std::vector<results::AreaRecord>& areas) {
    return areas.empty() ? std::string("none") : fmt::format("{} to {}", areas.front().code, areas.back().code);
  };
  fail(shard, fmt::format("holds {} area(s), {}, but shard {} of {} of the scenario is {} area(s), {} to {}",
                          got.size(), ends(got), shard.which.index, shard.which.count, range.size(),
                          plan.areas[range.first].code, plan.areas[range.last - 1].code));
}

}  // namespace

std::vector<results::RunResults> read_shards(const scenario::Scenario& scenario, const scenario::ScenarioPlan& planned,
                                             const std::vector<std::string>& shard_dirs) {
  if (shard_dirs.empty()) throw error::InputError("no shard directories given");
  std::vector<Shard> shards;
  for (const std::string& dir : shard_dirs) shards.push_back(read_shard(dir));

  // Every shard against the scenario, then against the first given: one
  // split, one set of settings.
  const std::vector<results::InputFileRecord> inputs = results::run_inputs(scenario);
  for (const Shard& shard : shards) {
    expect_same_inputs(shard, inputs);
    expect_same_run(shard, shards.front());
  }
  std::vector<results::RunResults> ordered;
  for (const auto& [index, shard] : complete_set(shards, planned.plan.areas.size())) {
    expect_areas(*shard, planned.plan);
    ordered.push_back(shard->run);
  }
  return ordered;
}

results::RunResults merge_shards(const std::vector<results::RunResults>& shards) {
  results::RunResults merged = shards.front();
  merged.path.clear();
  merged.shard.clear();
  merged.areas.clear();
  for (std::vector<double>* figures : {&merged.denominator, &merged.mean, &merged.median, &merged.mcse, &merged.lower,
                                      &merged.upper, &merged.published, &merged.fitted, &merged.median_mcse,
                                      &merged.lower_mcse, &merged.upper_mcse, &merged.assumed_share})
    figures->clear();
  const bool any_reconciled = std::any_of(shards.begin(), shards.end(),
                                          [](const results::RunResults& s) { return !s.published.empty(); });
  const bool any_known =
      std::any_of(shards.begin(), shards.end(), [](const results::RunResults& s) { return !s.known.empty(); });
  merged.known.clear();
  // A group with per-area figures: its moved share is the mean over areas.
  double all_areas = 0.0;
  for (const results::RunResults& shard : shards) all_areas += static_cast<double>(shard.areas.size());
  for (std::size_t g = 0; g < merged.groups.size(); ++g)
    if (per_area_group(merged, g)) {
      double moved = 0.0;
      for (const results::RunResults& shard : shards)
        moved += shard.groups[g].moved_share * static_cast<double>(shard.areas.size());
      merged.groups[g].moved_share = all_areas > 0.0 ? moved / all_areas : 0.0;
    }
  for (const results::RunResults& shard : shards) {
    // Reconciled figures, NaN for a shard that had none.
    if (any_reconciled)
      for (auto [to, from] : {std::pair{&merged.published, &shard.published}, std::pair{&merged.fitted, &shard.fitted}}) {
        if (from->empty())
          to->insert(to->end(), shard.denominator.size(), std::numeric_limits<double>::quiet_NaN());
        else
          to->insert(to->end(), from->begin(), from->end());
      }
    if (any_known) {  // 0 for a shard with none
      if (shard.known.empty())
        merged.known.insert(merged.known.end(), shard.denominator.size(), 0);
      else
        merged.known.insert(merged.known.end(), shard.known.begin(), shard.known.end());
    }
    merged.draws_kept = merged.draws_kept && shard.draws_kept;
    merged.areas.insert(merged.areas.end(), shard.areas.begin(), shard.areas.end());
    // Area-major, so one shard's areas follow the previous shard's.
    merged.denominator.insert(merged.denominator.end(), shard.denominator.begin(), shard.denominator.end());
    merged.mean.insert(merged.mean.end(), shard.mean.begin(), shard.mean.end());
    merged.median.insert(merged.median.end(), shard.median.begin(), shard.median.end());
    merged.mcse.insert(merged.mcse.end(), shard.mcse.begin(), shard.mcse.end());
    merged.lower.insert(merged.lower.end(), shard.lower.begin(), shard.lower.end());
    merged.upper.insert(merged.upper.end(), shard.upper.begin(), shard.upper.end());
    merged.median_mcse.insert(merged.median_mcse.end(), shard.median_mcse.begin(), shard.median_mcse.end());
    merged.assumed_share.insert(merged.assumed_share.end(), shard.assumed_share.begin(), shard.assumed_share.end());
    merged.lower_mcse.insert(merged.lower_mcse.end(), shard.lower_mcse.begin(), shard.lower_mcse.end());
    merged.upper_mcse.insert(merged.upper_mcse.end(), shard.upper_mcse.begin(), shard.upper_mcse.end());
  }
  return merged;
}

void copy_kept_draws(const std::vector<results::RunResults>& shards, const montecarlo::DrawSink& sink) {
  std::size_t first = 0;
  for (const results::RunResults& shard : shards) {
    const results::KeptDrawsReader reader(shard);
    for (std::size_t i = 0; i < shard.areas.size(); ++i) sink.area_draws(first + i, reader.area(i));
    first += shard.areas.size();
  }
}

}  // namespace prevalence::shard
