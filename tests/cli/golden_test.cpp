// Byte-for-byte guard on what users see: the shipped Leeds scenario and the
// reference workload, in both modes, produce exactly the files, terminal
// tables and published tables they produced when this test was written.
// Refactoring must not move a single digit; a change that means to (a new
// statistic, a fixed bug) updates the digests below in the same commit and
// says why. On a mismatch the test prints the new digest.
//
// Last updated: estimates.csv gained its published_percent and
// fitted_percent columns (reconciled figures) and gave each measure's
// source and uncertainty texts to measures.csv; estimates.md of a run over
// more than 60 rows shows its totals and first 10 areas; table's CSV gained
// the same two columns. No figure moved.

#include "engine/io/sha256.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using test::quoted;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

struct Expected {
  std::string output;  ///< a file in the run's directory, or "stdout"
  std::string sha256;  ///< of the output with the scratch directory written as <DIR>
};

class Golden : public testing::Test {
 protected:
  // SHA-256 of `text` once the scratch directory is replaced by "<DIR>" (a
  // table's notes name the results file it read).
  std::string digest(std::string text) const {
    const std::string dir = scratch_.path().string();
    for (std::size_t at = text.find(dir); at != std::string::npos; at = text.find(dir, at))
      text.replace(at, dir.size(), "<DIR>");
    const std::string file = scratch_.write("digest.txt", text);
    return io::file_sha256(file);
  }

  // Runs `prevalence ARGS`, which must succeed, and checks each expected
  // output's digest.
  void expect_outputs(const std::string& args, const fs::path& out, const std::vector<Expected>& expected) {
    const test::CliResult r = test::run_prevalence(args, scratch_.path());
    ASSERT_EQ(r.status, 0) << args << "\n" << r.err;
    for (const Expected& e : expected) {
      const std::string text = e.output == "stdout" ? r.out : test::slurp(out / e.output);
      EXPECT_EQ(digest(text), e.sha256) << args << ": " << e.output << " changed";
    }
  }

  std::string run_args(const char* scenario, const fs::path& out, const std::string& options) const {
    return "run " + quoted((kSource / scenario).string()) + " --quiet --threads 2 --out " + quoted(out.string()) + " " +
           options;
  }

  test::TempDir scratch_;
};

TEST_F(Golden, LeedsExpectedWithTwoLevelsAndKeptDraws) {
  const fs::path out = scratch_.path() / "leeds";
  expect_outputs(run_args("config/leeds-2020.toml", out, "--draws 2000 --interval 0.95,0.998 --keep-draws"), out,
                 {{"estimates.csv", "d161fa4751e4773c141fa9d495d7240060c86e940832a59fd8940ccc52b8dc94"},
                  {"estimates.md", "75e97de0f568a7d6b0ec8c2be181e7c3be219c9e4c19a81fb9bfb82f1ba3cf93"},
                  {"stdout", "2efba3567b3d2ccadd253d20a302701a1309c25fc2a166cf14f0b11eb0400906"}});
  const std::string results = quoted((out / "results.h5").string());
  // Every stored level and one computed from the kept draws.
  expect_outputs("table " + results + " --format csv --interval 0.95,0.998,0.5", out,
                 {{"stdout", "2978b9caa9f31d848ab553904264ce1b6f1bd4422d6a414ea4850f84bb322229"}});
  expect_outputs("table " + results + " --format md --sdc ons-10-5 --words", out,
                 {{"stdout", "31b8a4a0ac6079c4207a70dca2ed00cbd17a5225c73994205368b63d3e3217be"}});
}

TEST_F(Golden, LeedsRealised) {
  const fs::path out = scratch_.path() / "leeds";
  expect_outputs(run_args("config/leeds-2020.toml", out, "--draws 2000 --mode realised"), out,
                 {{"estimates.csv", "d22899ff8626a877e001c4bed4f6b47300b7da52d0d7098198a8c6ff8bbcd96b"},
                  {"estimates.md", "ef859c29b2105240006c0a403e75d685fef60034c239ea24942848a01f9ca35a"},
                  {"stdout", "049542441001b81766595c88e80bd35e58da2a9b4d12a9e269675f83fa4cd571"}});
}

TEST_F(Golden, ReferenceWorkloadExpected) {
  const fs::path out = scratch_.path() / "la";
  expect_outputs(run_args("bench/reference/la.toml", out, "--draws 200 --interval 0.95,0.998 --keep-draws"), out,
                 {{"estimates.csv", "29ddffc19badd5fb03af984c712aa3639de734f0462b9c1e74fe3ab79ceb7700"},
                  {"estimates.md", "a63e2862d59c8de0537a847b40ab37d19a79e12524f93fd386bfec2fa44a7d8b"},
                  {"stdout", "e10b6af85e8cd878ea518f14aa4b44f5822eafff9373af15604d435e9bf0d61e"}});
  expect_outputs("table " + quoted((out / "results.h5").string()) + " --format csv --interval 0.95,0.998,0.9", out,
                 {{"stdout", "5886bd245feee339e8665ec38e66875e67271215058318fb46ba801d6d80edca"}});
}

TEST_F(Golden, ReferenceWorkloadRealised) {
  const fs::path out = scratch_.path() / "la";
  expect_outputs(run_args("bench/reference/la.toml", out, "--draws 200 --mode realised"), out,
                 {{"estimates.csv", "bbb1a952064556258241ef75665e96d909311b5448d93c967820737e9f7ac6b2"},
                  {"estimates.md", "f326679b6484e2530ad39c813603a0c61cef4dda3e1830b0edb0ad088dd5ea2a"},
                  {"stdout", "84d8fb68c7b65b9c2f7b74d0dbe4332a0e9d15e06af2f3696e35deefd50d0531"}});
}

}  // namespace
}  // namespace prevalence
