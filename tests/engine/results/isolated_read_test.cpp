// Tests engine/results/isolated_read.cpp: files a fuzzer made to carry a
// matching seal, on which HDF5 1.10 crashes or loops forever, are refused
// with the file named, and this process goes on; a good file reads as
// read_results_file reads it.

#include "engine/results/isolated_read.hpp"

#include "engine/error/input_error.hpp"
#include "engine/results/results_file.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/leeds_scenario.hpp"
#include "tests/support/same_figures.hpp"
#include "tests/support/temp_dir.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace prevalence::results {
namespace {

using testing::HasSubstr;
using testing::ThrowsMessage;

const std::string kCrashes = PREVALENCE_SOURCE_DIR "/tests/fuzz/hdf5-crashes/";

TEST(IsolatedRead, AFileThatCrashesTheLibraryIsRefusedByName) {
  const std::string path = kCrashes + "sealed-global-heap-memcpy.h5";
  EXPECT_THAT([&] { read_results_file_isolated(path); },
              ThrowsMessage<error::InputError>(HasSubstr(path + ": the HDF5 library crashed reading this file")));
}

// The limit is short here; the CLI's is two minutes.
TEST(IsolatedRead, AFileThatMakesTheLibraryLoopIsRefusedAtTheLimit) {
  const std::string path = kCrashes + "sealed-endless-loop.h5";
  EXPECT_THAT([&] { read_results_file_isolated(path, std::chrono::seconds(2)); },
              ThrowsMessage<error::InputError>(HasSubstr(path + ": the HDF5 library did not finish reading this file "
                                                                "in 2 s")));
}

TEST(IsolatedRead, AGoodFileReadsAsItDoesDirectly) {
  test::TempDir dir;
  const test::CliResult r = test::run_prevalence(
      fmt::format("run {} --draws 50 --keep-draws --quiet --out {}",
                  test::quoted(test::leeds_scenario_on_extract(dir)), test::quoted(dir.path("run"))),
      dir.path());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string path = dir.path("run/results.h5");
  test::expect_same_figures(read_results_file_isolated(path), read_results_file(path));
}

}  // namespace
}  // namespace prevalence::results
