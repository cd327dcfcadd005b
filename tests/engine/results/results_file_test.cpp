// Tests engine/results/results_file.cpp: a results file damaged or foreign in
// any one object is refused with the file and the object named, never read
// half-way; and a file written by another HDF5 writer (fixed-length strings)
// reads as the engine's own does.

#include "engine/results/results_file.hpp"

#include "engine/error/input_error.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"

#include <H5Cpp.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>

namespace prevalence::engine {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing::ThrowsMessage;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

class ResultsFileTest : public testing::Test {
 protected:
  void SetUp() override {
    const test::CliResult r = test::run_prevalence(
        fmt::format("run {} --draws 300 --quiet --out {}", test::quoted((kSource / "config" / "leeds-2020.toml").string()),
                    test::quoted(dir_.path("run"))),
        dir_.path());
    ASSERT_EQ(r.status, 0) << r.err;
  }

  // A copy of the run's results file, changed by `damage`.
  std::string damaged(const std::function<void(H5::H5File&)>& damage) {
    const std::string path = dir_.path("damaged.h5");
    fs::copy_file(dir_.path("run/results.h5"), path, fs::copy_options::overwrite_existing);
    H5::H5File file(path, H5F_ACC_RDWR);
    damage(file);
    file.close();
    return path;
  }

  test::TempDir dir_;
};

TEST_F(ResultsFileTest, ReadsTheRunsOwnFile) {
  const ResultsFile r = read_results_file(dir_.path("run/results.h5"));
  EXPECT_EQ(r.areas.size(), 1u);
  EXPECT_EQ(r.areas.front().code, "E08000035");
  EXPECT_EQ(r.measures.size(), 16u);
  EXPECT_EQ(r.measures.front().id, "trio.dv");
  EXPECT_EQ(r.measures.front().phrase, "living with domestic violence and abuse");
  EXPECT_EQ(r.measures.front().group_cells, 8);
  EXPECT_EQ(r.measures.back().cells, 2u) << "a single measure's cell 1 of (without, with)";
  EXPECT_EQ(r.levels, std::vector<double>{0.95});
}

TEST_F(ResultsFileTest, NamesAMissingObject) {
  const std::string path = damaged([](H5::H5File& f) { f.unlink("/summaries/mean"); });
  EXPECT_THAT([&] { read_results_file(path); },
              ThrowsMessage<InputError>(HasSubstr(path + ": /summaries/mean: missing")));
}

TEST_F(ResultsFileTest, NamesADatasetOfTheWrongShape) {
  const std::string path = damaged([](H5::H5File& f) {
    f.unlink("/summaries/median");
    const hsize_t dims[1] = {16};
    const double zeros[16] = {};
    f.openGroup("/summaries").createDataSet("median", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, dims))
        .write(zeros, H5::PredType::NATIVE_DOUBLE);
  });
  EXPECT_THAT([&] { read_results_file(path); },
              ThrowsMessage<InputError>(HasSubstr("/summaries/median: shape [16] where [1, 16] was expected")));
}

TEST_F(ResultsFileTest, RefusesAnotherKindOfHdf5File) {
  const std::string path = damaged([](H5::H5File& f) {
    f.openGroup("/").removeAttr("format");
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    f.openGroup("/").createAttribute("format", type, H5::DataSpace(H5S_SCALAR)).write(type, std::string("netcdf"));
  });
  EXPECT_THAT([&] { read_results_file(path); },
              ThrowsMessage<InputError>(HasSubstr("attribute format: not \"prevalence-results\"")));
  const std::string other = dir_.path("other.h5");
  H5::H5File(other, H5F_ACC_TRUNC).close();
  EXPECT_THAT([&] { read_results_file(other); }, ThrowsMessage<InputError>(HasSubstr("attribute format: missing")));
}

TEST_F(ResultsFileTest, RefusesInconsistentFigures) {
  const std::string path = damaged([](H5::H5File& f) {
    const double bad[1] = {1.5};
    f.openDataSet("/summaries/levels").write(bad, H5::PredType::NATIVE_DOUBLE);
  });
  EXPECT_THAT([&] { read_results_file(path); },
              ThrowsMessage<InputError>(HasSubstr("/summaries/levels: 1.5 is not a coverage between 0 and 1")));
}

TEST_F(ResultsFileTest, ReadsFixedLengthStringsAsOtherWritersStoreThem) {
  const std::string path = damaged([](H5::H5File& f) {
    f.unlink("/areas/name");
    H5::StrType type(H5::PredType::C_S1, 16);
    const hsize_t dims[1] = {1};
    char name[16] = "Leeds";
    f.openGroup("/areas").createDataSet("name", type, H5::DataSpace(1, dims)).write(name, type);
  });
  EXPECT_EQ(read_results_file(path).areas.front().name, "Leeds");
}

TEST_F(ResultsFileTest, KeptDrawsAreRefusedWhenTheRunKeptNone) {
  const ResultsFile r = read_results_file(dir_.path("run/results.h5"));
  EXPECT_THAT([&] { KeptDrawsReader reader(r); }, ThrowsMessage<InputError>(HasSubstr("run with --keep-draws")));
}

}  // namespace
}  // namespace prevalence::engine
