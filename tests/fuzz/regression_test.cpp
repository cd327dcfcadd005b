// Replays every input the fuzzers have found (tests/fuzz/regressions/TARGET/)
// and the fuzzers' seeds through the fuzz targets, under the test suite's
// sanitizers: each must be read or refused with an InputError, never crash
// or throw anything else. A finding of scripts/fuzz.sh is copied there and
// fixed until this passes.

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/support/cli.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace prevalence::fuzz {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = PREVALENCE_SOURCE_DIR;

using Target = int (*)(const std::uint8_t*, std::size_t);

// The files of `folder` (none if it does not exist), in a stable order.
std::vector<fs::path> files_in(const fs::path& folder) {
  std::vector<fs::path> files;
  if (fs::is_directory(folder))
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

void replay(Target target, const std::vector<fs::path>& inputs) {
  for (const fs::path& input : inputs) {
    const std::string bytes = test::slurp(input);
    EXPECT_NO_THROW(target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size())) << input;
  }
}

TEST(FuzzRegressions, ScenarioReader) {
  std::vector<fs::path> inputs = files_in(kSource / "tests/fuzz/regressions/scenario");
  for (const fs::path& seed : files_in(kSource / "config"))
    if (seed.extension() == ".toml") inputs.push_back(seed);
  replay(scenario_file, inputs);
}

TEST(FuzzRegressions, PopulationReader) {
  std::vector<fs::path> inputs = files_in(kSource / "tests/fuzz/regressions/population");
  inputs.push_back(kSource / "tests/data/population-extract.csv");
  replay(population_file, inputs);
}

// Results files that crashed HDF5 1.10's parser, or had it allocate 4 GB,
// before results files were sealed (file_seal.hpp).
TEST(FuzzRegressions, ResultsReader) {
  const std::vector<fs::path> inputs = files_in(kSource / "tests/fuzz/regressions/results");
  EXPECT_GE(inputs.size(), 2u);
  replay(results_file, inputs);
}

}  // namespace
}  // namespace prevalence::fuzz
