// Tests engine/results/results_file.cpp (and its writer): a run's record
// written and read back is the same record, field for field; a results file
// damaged or foreign in any one object is refused with the file and the
// object named, never read half-way; a file written by another HDF5 writer
// (fixed-length strings), or before the file held its groups, reads as the
// engine's own does.

#include "engine/results/results_file.hpp"

#include "engine/error/input_error.hpp"
#include "engine/results/file_seal.hpp"
#include "engine/results/results_file_writer.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/leeds_scenario.hpp"
#include "tests/support/same_figures.hpp"
#include "tests/support/small_run.hpp"
#include "tests/support/temp_dir.hpp"

#include <H5Cpp.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <tuple>
#include <string>

namespace prevalence::results {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing::ThrowsMessage;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

class ResultsFileTest : public testing::Test {
 protected:
  void SetUp() override {
    const test::CliResult r = test::run_prevalence(
        fmt::format("run {} --draws 300 --quiet --out {}", test::quoted(test::leeds_scenario_on_extract(dir_)),
                    test::quoted(dir_.path("run"))),
        dir_.path());
    ASSERT_EQ(r.status, 0) << r.err;
  }

  // A copy of the run's results file, changed by `damage` and sealed again,
  // as if the engine had written it so: what the reader checks beyond the
  // seal. `reseal` false: changed as by anyone else.
  std::string damaged(const std::function<void(H5::H5File&)>& damage, bool reseal = true) {
    const std::string path = dir_.path("damaged.h5");
    fs::copy_file(dir_.path("run/results.h5"), path, fs::copy_options::overwrite_existing);
    H5::H5File file(path, H5F_ACC_RDWR);
    damage(file);
    file.close();
    if (reseal) seal_results_file(path, path);
    return path;
  }

  test::TempDir dir_;
};

// Every field of a record survives the file: the one record of a run is the
// same in memory and on disk.
TEST_F(ResultsFileTest, WritesAndReadsBackEveryField) {
  RunResults run = test::small_run();
  run.draws_kept = true;
  const std::string path = dir_.path("small.h5");
  {
    ResultsFileWriter writer(path, run);
    for (std::size_t a = 0; a < run.areas.size(); ++a) {
      std::vector<double> draws(run.measures.size() * 3);
      for (std::size_t i = 0; i < draws.size(); ++i) draws[i] = static_cast<double>(100 * a + i);
      writer.area_draws(a, draws);
    }
    writer.finish(run);
  }
  const RunResults back = read_results_file(path);
  EXPECT_EQ(back.path, path);
  EXPECT_EQ(back.title, run.title);
  EXPECT_EQ(back.description, run.description);
  EXPECT_EQ(back.engine_version, run.engine_version);
  EXPECT_EQ(back.git_commit, run.git_commit);
  EXPECT_EQ(back.created, run.created);
  EXPECT_EQ(back.command_line, run.command_line);
  EXPECT_EQ(back.shard, run.shard);
  EXPECT_EQ(back.seed, run.seed);
  EXPECT_EQ(back.draws, run.draws);
  EXPECT_EQ(back.mode, run.mode);
  EXPECT_EQ(back.threads, run.threads);
  EXPECT_EQ(back.population_relative_error, run.population_relative_error);
  EXPECT_TRUE(back.draws_kept);
  EXPECT_EQ(back.scenario_text, run.scenario_text);
  ASSERT_EQ(back.inputs.size(), 2u);
  EXPECT_EQ(back.inputs[1].path, "population.csv");
  EXPECT_EQ(back.inputs[1].sha256, run.inputs[1].sha256);
  ASSERT_EQ(back.areas.size(), 2u);
  EXPECT_EQ(back.areas[1].name, "Area, 2");
  ASSERT_EQ(back.groups.size(), 2u);
  for (std::size_t g = 0; g < 2; ++g) {
    EXPECT_EQ(back.groups[g].id, run.groups[g].id);
    EXPECT_EQ(back.groups[g].label, run.groups[g].label);
    EXPECT_EQ(back.groups[g].is_overlap, run.groups[g].is_overlap);
    EXPECT_EQ(back.groups[g].condition_labels, run.groups[g].condition_labels);
    EXPECT_EQ(back.groups[g].moved_share, run.groups[g].moved_share);
  }
  ASSERT_EQ(back.measures.size(), 3u);
  for (std::size_t m = 0; m < 3; ++m) {
    const MeasureRecord &got = back.measures[m], &want = run.measures[m];
    EXPECT_EQ(std::tie(got.id, got.label, got.phrase, got.group, got.group_cells, got.cells, got.is_cell, got.source,
                       got.uncertainty, got.ages, got.sex, got.year),
              std::tie(want.id, want.label, want.phrase, want.group, want.group_cells, want.cells, want.is_cell,
                       want.source, want.uncertainty, want.ages, want.sex, want.year));
  }
  test::expect_same_figures(back, run);
  const KeptDrawsReader kept(back);
  EXPECT_EQ(kept.area(1), (std::vector<double>{100, 101, 102, 103, 104, 105, 106, 107, 108}));
}

// HDF5 would read as many values as the file has room for, whatever the
// caller passed: a wrong count is a bug, refused before it reads past the end.
TEST_F(ResultsFileTest, RefusesDrawsOfTheWrongCount) {
  RunResults run = test::small_run();
  run.draws_kept = true;
  ResultsFileWriter writer(dir_.path("small.h5"), run);
  EXPECT_THAT([&] { writer.area_draws(0, std::vector<double>(8)); },
              ThrowsMessage<std::logic_error>(HasSubstr("8 values for 3 measures x 3 draws")));
}

// A figure changed after the run wrote the file (here, one median) breaks
// the file's seal; sealed again, it still no longer matches the digest the
// run recorded of its figures, and the file is refused by name.
TEST_F(ResultsFileTest, RefusesFiguresChangedAfterTheRunWroteThem) {
  const auto double_a_median = [](H5::H5File& f) {
    const H5::DataSet median = f.openDataSet("/summaries/median");
    std::vector<double> values(16);
    median.read(values.data(), H5::PredType::NATIVE_DOUBLE);
    values[3] *= 2;
    median.write(values.data(), H5::PredType::NATIVE_DOUBLE);
  };
  const std::string changed = damaged(double_a_median, false);
  EXPECT_THAT([&] { read_results_file(changed); },
              ThrowsMessage<error::InputError>(HasSubstr(changed + ": the file is damaged or was changed after the "
                                                         "run wrote it")));
  const std::string path = damaged(double_a_median);
  EXPECT_THAT([&] { read_results_file(path); },
              ThrowsMessage<error::InputError>(HasSubstr(path + ": attribute figures_sha256: the figures do not match the "
                                                         "digest the run recorded")));
  // Without the digest (a file from before it existed) the figures are read as they are.
  const std::string old = damaged([](H5::H5File& f) { f.openGroup("/").removeAttr("figures_sha256"); });
  EXPECT_EQ(read_results_file(old).median.size(), 16u);
}

// Files written before /groups existed: the groups come back from the
// measures, labelled by their ids, with their moved shares.
TEST_F(ResultsFileTest, ReadsAFileWithoutGroups) {
  const std::string path = damaged([](H5::H5File& f) { f.unlink("/groups"); });
  const RunResults r = read_results_file(path);
  ASSERT_EQ(r.groups.size(), 4u);
  EXPECT_EQ(r.groups[0].id, "trio");
  EXPECT_TRUE(r.groups[0].is_overlap);
  EXPECT_EQ(r.groups[3].id, "homelessness_risk");
  EXPECT_FALSE(r.groups[3].is_overlap);
  EXPECT_EQ(r.group_of_measures().back(), 3u);
}

TEST_F(ResultsFileTest, RefusesAMeasureOfNoGroupAndAnUnknownMode) {
  std::string path = damaged([](H5::H5File& f) {
    f.unlink("/groups/id");
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    const hsize_t n = 4;
    const char* ids[4] = {"trio", "looked_after", "youth_justice", "other"};
    f.openGroup("/groups").createDataSet("id", type, H5::DataSpace(1, &n)).write(ids, type);
  });
  EXPECT_THAT(
      [&] { read_results_file(path); },
      ThrowsMessage<error::InputError>(HasSubstr("/measures/group: \"homelessness_risk\" of measure homelessness_risk "
                                                 "is not in /groups/id")));
  path = damaged([](H5::H5File& f) {
    f.openGroup("/").removeAttr("mode");
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    f.openGroup("/").createAttribute("mode", type, H5::DataSpace(H5S_SCALAR)).write(type, std::string("typical"));
  });
  EXPECT_THAT(
      [&] { read_results_file(path); },
      ThrowsMessage<error::InputError>(HasSubstr("attribute mode: \"typical\" is neither expected nor realised")));
}

TEST_F(ResultsFileTest, ReadsTheRunsOwnFile) {
  const RunResults r = read_results_file(dir_.path("run/results.h5"));
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
              ThrowsMessage<error::InputError>(HasSubstr(path + ": /summaries/mean: missing")));
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
              ThrowsMessage<error::InputError>(HasSubstr("/summaries/median: shape [16] where [1, 16] was expected")));
}

TEST_F(ResultsFileTest, RefusesAnotherKindOfHdf5File) {
  const std::string path = damaged([](H5::H5File& f) {
    f.openGroup("/").removeAttr("format");
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    f.openGroup("/").createAttribute("format", type, H5::DataSpace(H5S_SCALAR)).write(type, std::string("netcdf"));
  });
  EXPECT_THAT([&] { read_results_file(path); },
              ThrowsMessage<error::InputError>(HasSubstr("attribute format: not \"prevalence-results\"")));
  const std::string other = dir_.path("other.h5");
  H5::H5File(other, H5F_ACC_TRUNC).close();
  EXPECT_THAT([&] { read_results_file(other); },
              ThrowsMessage<error::InputError>(HasSubstr("not a sealed prevalence results file")));
}

// A file cut short, or with one byte changed anywhere, is refused by its seal
// before the HDF5 library parses it: a corrupt file could crash the library
// (tests/fuzz/regressions/results holds files that did).
TEST_F(ResultsFileTest, RefusesATruncatedOrDamagedFileByItsSeal) {
  const std::string path = dir_.path("cut.h5");
  const std::string whole = test::slurp(dir_.path("run/results.h5"));
  for (const std::size_t at : {whole.size() / 2, whole.size() - 1, std::size_t{600}}) {
    std::string bytes = whole;
    bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
    dir_.write("cut.h5", bytes);
    EXPECT_THAT([&] { read_results_file(path); },
                ThrowsMessage<error::InputError>(HasSubstr("do not match the SHA-256 sealed in it")))
        << "byte " << at;
  }
  dir_.write("cut.h5", whole.substr(0, whole.size() / 2));
  EXPECT_THAT([&] { read_results_file(path); },
              ThrowsMessage<error::InputError>(HasSubstr("do not match the SHA-256 sealed in it")));
  dir_.write("cut.h5", whole.substr(0, 100));
  EXPECT_THAT([&] { read_results_file(path); },
              ThrowsMessage<error::InputError>(HasSubstr("not a sealed prevalence results file")));
}

TEST_F(ResultsFileTest, RefusesInconsistentFigures) {
  const std::string path = damaged([](H5::H5File& f) {
    const double bad[1] = {1.5};
    f.openDataSet("/summaries/levels").write(bad, H5::PredType::NATIVE_DOUBLE);
  });
  EXPECT_THAT([&] { read_results_file(path); },
              ThrowsMessage<error::InputError>(HasSubstr("/summaries/levels: 1.5 is not a coverage between 0 and 1")));
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
  const RunResults r = read_results_file(dir_.path("run/results.h5"));
  EXPECT_THAT([&] { KeptDrawsReader reader(r); }, ThrowsMessage<error::InputError>(HasSubstr("run with --keep-draws")));
}

}  // namespace
}  // namespace prevalence::results
