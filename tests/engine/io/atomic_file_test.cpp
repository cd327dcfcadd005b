// Tests engine/io/atomic_file.cpp: output files appear whole on commit, or
// not at all.

#include "engine/io/atomic_file.hpp"

#include "engine/error/input_error.hpp"

#include "tests/support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace prevalence::io {
namespace {

namespace fs = std::filesystem;
using testing::AllOf;
using testing::HasSubstr;
using testing::ThrowsMessage;

using test::TempDir;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every entry in `directory`, hidden dot-files included.
std::vector<std::string> entries(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(AtomicOutputDirectory, AReservedFileWrittenByAnotherLibraryAppearsOnCommit) {
  TempDir dir;
  AtomicOutputDirectory out(dir.path().string());
  const std::string temporary = out.reserve("results.h5");
  EXPECT_NE(temporary, out.path("results.h5"));
  std::ofstream(temporary, std::ios::binary) << "HDF";
  EXPECT_FALSE(fs::exists(dir.path() / "results.h5"));
  out.commit();
  EXPECT_EQ(read(dir.path() / "results.h5"), "HDF");
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"results.h5"});
}

TEST(AtomicOutputDirectory, AReservedFileNeverWrittenFailsTheCommit) {
  TempDir dir;
  AtomicOutputDirectory out(dir.path().string());
  out.open("estimates.csv") << "a\n";
  out.reserve("results.h5");
  EXPECT_THAT([&] { out.commit(); },
              ThrowsMessage<error::InputError>(HasSubstr("results.h5: the file was not written")));
  EXPECT_FALSE(fs::exists(dir.path() / "estimates.csv"));
}

TEST(AtomicOutputDirectory, AnUncommittedReservedFileIsRemoved) {
  TempDir dir;
  {
    AtomicOutputDirectory out(dir.path().string());
    std::ofstream(out.reserve("results.h5"), std::ios::binary) << "half";
  }
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(AtomicOutputDirectory, FilesAppearOnlyAfterCommit) {
  TempDir dir;
  AtomicOutputDirectory out(dir.path().string());
  out.open("estimates.csv") << "area,count\n";
  out.open("estimates.md") << "# Estimates\n";
  EXPECT_FALSE(fs::exists(dir.path() / "estimates.csv"));
  EXPECT_FALSE(fs::exists(dir.path() / "estimates.md"));
  out.commit();
  EXPECT_EQ(read(dir.path() / "estimates.csv"), "area,count\n");
  EXPECT_EQ(read(dir.path() / "estimates.md"), "# Estimates\n");
  // Nothing else is left behind: no temporary or probe files.
  EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"estimates.csv", "estimates.md"}));
}

TEST(AtomicOutputDirectory, PathNamesTheFinalFile) {
  TempDir dir;
  const AtomicOutputDirectory out(dir.path().string());
  EXPECT_EQ(out.path("estimates.csv"), (dir.path() / "estimates.csv").string());
  EXPECT_EQ(out.directory(), dir.path().string());
}

TEST(AtomicOutputDirectory, DestroyingWithoutCommitLeavesNoFiles) {
  TempDir dir;
  {
    AtomicOutputDirectory out(dir.path().string());
    out.open("estimates.csv") << "area,count\n";
    out.open("estimates.md") << "# Estimates\n";
  }
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{});
}

TEST(AtomicOutputDirectory, DestroyingWithoutCommitLeavesAnEarlierResultUntouched) {
  TempDir dir;
  std::ofstream(dir.path() / "estimates.csv", std::ios::binary) << "earlier run\n";
  {
    AtomicOutputDirectory out(dir.path().string());
    out.open("estimates.csv") << "failed run\n";
  }
  EXPECT_EQ(read(dir.path() / "estimates.csv"), "earlier run\n");
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"estimates.csv"});
}

TEST(AtomicOutputDirectory, CommitReplacesAnEarlierResult) {
  TempDir dir;
  std::ofstream(dir.path() / "estimates.csv", std::ios::binary) << "earlier run\n";
  AtomicOutputDirectory out(dir.path().string());
  out.open("estimates.csv") << "new run\n";
  out.commit();
  EXPECT_EQ(read(dir.path() / "estimates.csv"), "new run\n");
}

TEST(AtomicOutputDirectory, ConstructorCreatesNestedDirectories) {
  TempDir dir;
  const fs::path nested = dir.path() / "results" / "2020" / "leeds";
  AtomicOutputDirectory out(nested.string());
  EXPECT_TRUE(fs::is_directory(nested));
  out.open("estimates.csv") << "x\n";
  out.commit();
  EXPECT_EQ(read(nested / "estimates.csv"), "x\n");
}

TEST(AtomicOutputDirectory, ThrowsForAPathUnderARegularFile) {
  TempDir dir;
  std::ofstream(dir.path() / "file.txt") << "not a directory\n";
  const std::string bad = (dir.path() / "file.txt" / "sub").string();
  EXPECT_THAT([&] { AtomicOutputDirectory out(bad); },
              ThrowsMessage<error::InputError>(HasSubstr(bad + ": cannot create the output directory")));
}

TEST(AtomicOutputDirectory, ThrowsForAPathThatIsARegularFile) {
  TempDir dir;
  const std::string file = (dir.path() / "file.txt").string();
  std::ofstream(file) << "not a directory\n";
  EXPECT_THAT([&] { AtomicOutputDirectory out(file); },
              ThrowsMessage<error::InputError>(HasSubstr(file + ": cannot create the output directory")));
}

// One run at a time in a directory: a second is refused while the first
// holds it, and the directory is free again once the first is done.
TEST(AtomicOutputDirectory, ASecondRunIntoTheSameDirectoryIsRefusedWhileTheFirstHoldsIt) {
  TempDir dir;
  const std::string out = dir.path("out");
  {
    AtomicOutputDirectory first(out);
    first.open("estimates.csv") << "first\n";
    EXPECT_THAT([&] { AtomicOutputDirectory second(out); },
                ThrowsMessage<error::InputError>(HasSubstr(out + ": another prevalence run is writing to this directory")));
    first.commit();
  }
  AtomicOutputDirectory third(out);
  third.open("estimates.csv") << "third\n";
  third.commit();
  EXPECT_EQ(read(fs::path(out) / "estimates.csv"), "third\n");
}

// A file that cannot move in (here, a directory stands where it goes) undoes
// the moves already made: the folder holds the earlier run's files, not a mix
// of two runs, and nothing of the failed one.
TEST(AtomicOutputDirectory, AFailedMoveRestoresEveryEarlierFile) {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  {
    AtomicOutputDirectory earlier(out.string());
    earlier.open("a.csv") << "earlier a\n";
    earlier.open("b.h5") << "earlier b\n";
    earlier.commit();
  }
  fs::create_directories(out / "c.md" / "in the way");
  {
    AtomicOutputDirectory later(out.string());
    later.open("a.csv") << "later a\n";
    std::ofstream(later.reserve("b.h5")) << "later b\n";
    later.open("c.md") << "later c\n";
    EXPECT_THAT([&] { later.commit(); },
                ThrowsMessage<error::InputError>(AllOf(
                    HasSubstr((out / "c.md").string() + ": cannot move the finished file into place"),
                    HasSubstr("the folder's earlier results are as they were"))));
  }  // the failed run's temporary files go with it
  EXPECT_EQ(read(out / "a.csv"), "earlier a\n");
  EXPECT_EQ(read(out / "b.h5"), "earlier b\n");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(out)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a.csv", "b.h5", "c.md"})) << "no temporary or set-aside file is left";
}

}  // namespace
}  // namespace prevalence::io
