// Tests engine/shard/merge_shards.cpp on results files written here, shard
// by shard: a complete set merges into the whole run's record, areas and
// figures in scenario order, kept draws under their merged indices; and each
// way a set can be wrong is refused, naming the shard's results file.

#include "engine/shard/merge_shards.hpp"

#include "engine/error/input_error.hpp"
#include "engine/io/sha256.hpp"
#include "engine/results/results_file_writer.hpp"
#include "engine/shard/area_shard.hpp"
#include "tests/support/small_run.hpp"
#include "tests/support/temp_dir.hpp"

#include <H5Cpp.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace prevalence::shard {
namespace {

using results::RunResults;
using testing::HasSubstr;
using testing::ThrowsMessage;

// Four areas in the scenario's order, split 2/2 by shard_areas(K/2).
const std::vector<std::string> kCodes{"E00000004", "E00000001", "E00000003", "E00000002"};

class MergeShards : public testing::Test {
 protected:
  MergeShards() {
    scenario_.path = dir_.write("s.toml", "title = \"Small\"\n");
    scenario_.population_files = {dir_.write("population.csv", "area_code,area_name,year,sex,age,count\n")};
    for (const std::string& code : kCodes) planned_.plan.areas.push_back({code, {}});
  }

  // Shard `k` of `n` as `run` would write it, changed by `change`.
  std::string write_shard(std::size_t k, std::size_t n, const std::function<void(RunResults&)>& change = {},
                          const std::string& dir = "") {
    const AreaRange range = shard_areas({k, n}, kCodes.size());
    RunResults run = test::small_run({kCodes.begin() + static_cast<std::ptrdiff_t>(range.first),
                                      kCodes.begin() + static_cast<std::ptrdiff_t>(range.last)});
    run.shard = fmt::format("{}/{}", k, n);
    run.inputs = {{scenario_.path, io::file_sha256(scenario_.path)},
                  {scenario_.population_files.at(0), io::file_sha256(scenario_.population_files.at(0))}};
    run.draws_kept = true;
    // Each area's figures and draws say which area they are, so the merge's
    // order can be checked.
    for (std::size_t a = 0; a < run.areas.size(); ++a)
      for (std::size_t m = 0; m < run.measures.size(); ++m)
        run.mean[run.index(a, m)] = area_value(run.areas[a].code, m);
    if (change) change(run);
    const std::string path = dir_.path(dir.empty() ? fmt::format("s{}", k) : dir);
    std::filesystem::create_directories(path);
    results::ResultsFileWriter writer(path + "/results.h5", run);
    if (run.draws_kept)
      for (std::size_t a = 0; a < run.areas.size(); ++a)
        writer.area_draws(a, std::vector<double>(run.measures.size() * static_cast<std::size_t>(run.draws),
                                                 area_value(run.areas[a].code, 0)));
    writer.finish(run);
    return path;
  }

  static double area_value(const std::string& code, std::size_t measure) {
    return 1000.0 * (code.back() - '0') + static_cast<double>(measure);
  }

  std::vector<RunResults> read(const std::vector<std::string>& dirs) { return read_shards(scenario_, planned_, dirs); }

  void expect_refused(const std::vector<std::string>& dirs, const std::string& where, const std::string& problem) {
    EXPECT_THAT([&] { read(dirs); },
                ThrowsMessage<error::InputError>(testing::AllOf(HasSubstr(where), HasSubstr(problem))));
  }

  test::TempDir dir_;
  scenario::Scenario scenario_;
  scenario::ScenarioPlan planned_;
};

// A sink that keeps what it is handed, by area.
struct KeepingSink : montecarlo::DrawSink {
  void area_draws(std::size_t area, std::span<const double> draws) const override {
    const std::lock_guard<std::mutex> lock(mutex);
    kept[area].assign(draws.begin(), draws.end());
  }
  mutable std::map<std::size_t, std::vector<double>> kept;
  mutable std::mutex mutex;
};

TEST_F(MergeShards, ACompleteSetInAnyOrderIsTheWholeRunInScenarioOrder) {
  const std::string s1 = write_shard(1, 2), s2 = write_shard(2, 2);
  const std::vector<RunResults> shards = read({s2, s1});
  ASSERT_EQ(shards.size(), 2u);
  EXPECT_EQ(shards[0].shard, "1/2");
  const RunResults merged = merge_shards(shards);
  EXPECT_EQ(merged.shard, "");
  ASSERT_EQ(merged.areas.size(), 4u);
  for (std::size_t a = 0; a < 4; ++a) {
    EXPECT_EQ(merged.areas[a].code, kCodes[a]);
    for (std::size_t m = 0; m < merged.measures.size(); ++m)
      EXPECT_EQ(merged.mean[merged.index(a, m)], area_value(kCodes[a], m)) << a << " " << m;
  }
  EXPECT_EQ(merged.denominator.size(), 4 * merged.measures.size());
  EXPECT_EQ(merged.lower.size(), 4 * merged.measures.size() * merged.levels.size());
  EXPECT_EQ(merged.shares, shards[0].shares);
  EXPECT_EQ(merged.groups.size(), shards[0].groups.size());
  EXPECT_TRUE(merged.draws_kept);

  KeepingSink sink;
  copy_kept_draws(shards, sink);
  ASSERT_EQ(sink.kept.size(), 4u);
  for (std::size_t a = 0; a < 4; ++a) EXPECT_EQ(sink.kept[a].front(), area_value(kCodes[a], 0)) << a;
}

TEST_F(MergeShards, KeepsDrawsOnlyWhenEveryShardKeptThem) {
  const std::string s1 = write_shard(1, 2), s2 = write_shard(2, 2, [](RunResults&r) { r.draws_kept = false; });
  EXPECT_FALSE(merge_shards(read({s1, s2})).draws_kept);
}

TEST_F(MergeShards, RefusesAnIncompleteOrRepeatedSet) {
  const std::string s1 = write_shard(1, 3), s2 = write_shard(2, 3), s3 = write_shard(3, 3);
  expect_refused({s1, s3}, "", "shard 2 of 3 is missing (2 of 3 given)");
  expect_refused({s1, s2, s2, s3}, s2 + "/results.h5", fmt::format("shard 2 of 3 is given twice: {} holds it too", s2));
  const std::string five = write_shard(1, 5, {}, "five");
  expect_refused({five}, five + "/results.h5", "a split into 5 shards, but the scenario has only 4 area(s)");
}

TEST_F(MergeShards, RefusesShardsOfAnotherRun) {
  const std::string s1 = write_shard(1, 2);
  write_shard(2, 2);
  const auto refused = [&](const std::function<void(RunResults&)>& change, const std::string& problem) {
    const std::string other = write_shard(2, 2, change, "other");
    expect_refused({s1, other}, other + "/results.h5", problem);
  };
  refused([](RunResults& r) { r.seed = 18; }, "seed 18, but");
  refused(
      [](RunResults& r) {
        r.draws = 4;
        r.shares.resize(12, 0.1);
      },
      "draws 4, but");
  refused([](RunResults& r) { r.mode = montecarlo::Mode::expected; }, "mode expected, but");
  refused([](RunResults& r) { r.levels = {0.95, 0.9}; }, "interval 0.95,0.9, but");
  refused([](RunResults& r) { r.engine_version = "9.9.10"; }, "engine_version 9.9.10, but");
  refused([](RunResults& r) { r.shares[4] = 0.5; }, "parameter draws differ");
  refused([](RunResults& r) { r.groups[0].moved_share = 0.5; }, "parameter draws differ");
  refused([](RunResults& r) { r.measures[2].id = "other"; }, "measures differ");
  refused([&](RunResults& r) { r.inputs[0].sha256 = std::string(64, 'c'); },
          fmt::format("a shard of a different scenario file: {} (SHA-256 cccccccccccc...)", scenario_.path));
  refused([&](RunResults& r) { r.inputs[1].sha256 = std::string(64, 'd'); }, "a shard of a different population file");
  refused([](RunResults& r) { r.shard = "2/3"; }, "shard 2 of 3, but");
  refused([](RunResults& r) { r.shard = ""; }, "not a shard");
}

TEST_F(MergeShards, RefusesAShardWhoseFiguresWereChangedAfterItRan) {
  const std::string s1 = write_shard(1, 2), s2 = write_shard(2, 2);
  {
    H5::H5File file(s2 + "/results.h5", H5F_ACC_RDWR);
    const H5::DataSet mean = file.openDataSet("/summaries/mean");
    std::vector<double> values(6);
    mean.read(values.data(), H5::PredType::NATIVE_DOUBLE);
    values[0] *= 2;
    mean.write(values.data(), H5::PredType::NATIVE_DOUBLE);
  }
  expect_refused({s1, s2}, s2 + "/results.h5", "the file is damaged or was changed after the run wrote it");
}

TEST_F(MergeShards, RefusesAShardHoldingOtherAreasThanItsOwn) {
  const std::string s1 = write_shard(1, 2);
  // Shard 2's record, but shard 1's areas: a file moved, or a scenario edited between runs.
  const std::string moved = write_shard(
      2, 2,
      [](RunResults& r) {
        r.areas = {{kCodes[0], "A"}, {kCodes[1], "B"}};
      },
      "moved");
  expect_refused({s1, moved}, moved + "/results.h5",
                 "holds 2 area(s), E00000004 to E00000001, but shard 2 of 2 of the scenario is 2 area(s), E00000003 "
                 "to E00000002");
}

TEST_F(MergeShards, RefusesWhatIsNotAShardDirectory) {
  const std::string s1 = write_shard(1, 2);
  expect_refused({s1, dir_.path("nowhere")}, dir_.path("nowhere"), "no such shard directory");
  expect_refused({s1, scenario_.path}, scenario_.path, "not a directory");
  std::filesystem::create_directories(dir_.path("empty"));
  expect_refused({s1, dir_.path("empty")}, dir_.path("empty"), "no results.h5 here");
  dir_.write("junk/results.h5", "not HDF5");
  expect_refused({s1, dir_.path("junk")}, dir_.path("junk/results.h5"), "not a sealed prevalence results file");
  EXPECT_THAT([&] { read({}); }, ThrowsMessage<error::InputError>(HasSubstr("no shard directories given")));
}

}  // namespace
}  // namespace prevalence::shard
