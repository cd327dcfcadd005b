#include "engine/shard/shard_record.hpp"

#include "engine/io/file_hash.hpp"
#include "engine/output/number_format.hpp"
#include "engine/random/stream.hpp"
#include "engine/scenario/strict_table.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <toml++/toml.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <iterator>
#include <sstream>

namespace prevalence::engine {
namespace {

// A string as a TOML value, escaped by toml++ so any file name survives.
std::string toml_string(const std::string& text) {
  std::ostringstream out;
  out << toml::value<std::string>(text);
  return out.str();
}

StrictTable required_table(const StrictTable& top, const char* name) {
  auto table = top.optional_table(name);
  if (!table) throw InputError(top.where(), fmt::format("[{}]: required table is missing", name));
  return *table;
}

std::uint64_t parse_unsigned(const StrictTable& table, const char* key, int base) {
  const std::string text = table.required_string(key);
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || ptr != text.data() + text.size())
    table.fail(key, fmt::format("\"{}\" is not a whole number{}", text, base == 16 ? " in hex" : ""));
  return value;
}

std::size_t positive_count(const StrictTable& table, const char* key) {
  const std::int64_t value = table.required_integer(key);
  if (value < 1) table.fail(key, fmt::format("{} must be at least 1", value));
  return static_cast<std::size_t>(value);
}

}  // namespace

std::string interval_levels_toml(std::span<const double> levels) {
  if (levels.size() == 1) return format_exact(levels.front());
  std::string text = "[";
  for (std::size_t l = 0; l < levels.size(); ++l) text += (l ? ", " : "") + format_exact(levels[l]);
  return text + "]";
}

ShardRecord make_shard_record(const Scenario& scenario, std::uint64_t population_hash, const Plan& plan,
                              const AreaShard& shard, const RunSettings& settings) {
  const AreaRange areas = shard_areas(shard, plan.areas.size());
  ShardRecord record;
  record.shard = shard;
  record.areas_in_shard = areas.size();
  record.areas_in_run = plan.areas.size();
  record.first_area = plan.areas[areas.first].code;
  record.last_area = plan.areas[areas.last - 1].code;
  record.scenario_file = std::filesystem::path(scenario.path).filename().string();
  record.scenario_hash = stable_hash(scenario.text);
  record.population_file = std::filesystem::path(scenario.population_file).filename().string();
  record.population_hash = population_hash;
  record.settings = settings;
  record.version = PREVALENCE_VERSION;
  return record;
}

void write_shard_record(std::ostream& out, const ShardRecord& record) {
  const RunSettings& settings = record.settings;
  fmt::print(out,
             "# One shard of a prevalence run, written by `prevalence run --areas-shard K/N`.\n"
             "# `prevalence merge` checks it against the scenario and the other shards.\n"
             "\n"
             "[shard]\n"
             "index = {}  # K of N, 1-based\n"
             "count = {}\n"
             "areas = {}  # in this shard, a contiguous block of the run's areas\n"
             "areas_in_run = {}\n"
             "first_area = {}\n"
             "last_area = {}\n"
             "\n"
             "[scenario]  # hashes: 64-bit FNV-1a of each file's bytes\n"
             "file = {}\n"
             "hash = {}\n"
             "population_file = {}\n"
             "population_hash = {}\n"
             "\n"
             "[run]\n"
             "draws = {}\n"
             "seed = {}  # a string: seeds reach 2^64 - 1, beyond TOML's whole numbers\n"
             "mode = {}\n"
             "interval = {}  # coverages, the headline first\n"
             "prevalence_version = {}\n",
             record.shard.index, record.shard.count, record.areas_in_shard, record.areas_in_run,
             toml_string(record.first_area), toml_string(record.last_area), toml_string(record.scenario_file),
             toml_string(hash_text(record.scenario_hash)), toml_string(record.population_file),
             toml_string(hash_text(record.population_hash)), settings.draws,
             toml_string(fmt::format("{}", settings.seed)), toml_string(to_string(settings.mode)),
             interval_levels_toml(settings.intervals), toml_string(record.version));
}

ShardRecord read_shard_record(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, 0, 0}, fmt::format("cannot open the file: {}", std::strerror(errno)));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw InputError(position_of(e.source(), path), std::string(e.description()));
  }
  const StrictTable top(root, path, "");
  ShardRecord record;

  const StrictTable shard = required_table(top, "shard");
  record.shard.index = positive_count(shard, "index");
  record.shard.count = positive_count(shard, "count");
  if (record.shard.index > record.shard.count)
    shard.fail("index", fmt::format("shard {} of {} does not exist", record.shard.index, record.shard.count));
  record.areas_in_shard = positive_count(shard, "areas");
  record.areas_in_run = positive_count(shard, "areas_in_run");
  record.first_area = shard.required_string("first_area");
  record.last_area = shard.required_string("last_area");

  const StrictTable scenario = required_table(top, "scenario");
  record.scenario_file = scenario.required_string("file");
  record.scenario_hash = parse_unsigned(scenario, "hash", 16);
  record.population_file = scenario.required_string("population_file");
  record.population_hash = parse_unsigned(scenario, "population_hash", 16);

  const StrictTable run = required_table(top, "run");
  record.settings.draws = static_cast<std::int64_t>(positive_count(run, "draws"));
  record.settings.seed = parse_unsigned(run, "seed", 10);
  const std::string mode = run.required_string("mode");
  if (const auto parsed = parse_mode(mode)) record.settings.mode = *parsed;
  else run.fail("mode", fmt::format("\"{}\" must be expected or realised", mode));
  record.settings.intervals = read_interval_levels(run, "interval");
  record.version = run.required_string("prevalence_version");
  return record;
}

}  // namespace prevalence::engine
