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
                 {{"estimates.csv", "7e3acbc8d3b998f799ab97354952c721a4d1e891023b8514ff455683dcba925f"},
                  {"estimates.md", "0f683aa7521b42a481430da7ec8aea5129fef5a7fa7f1a0cbf1ebe54395ee4b5"},
                  {"stdout", "6a7c30933489d395a536eb6e00ee7142668fb8b4f5834eb034d676b7082abad9"}});
  const std::string results = quoted((out / "results.h5").string());
  // Every stored level and one computed from the kept draws.
  expect_outputs("table " + results + " --format csv --interval 0.95,0.998,0.5", out,
                 {{"stdout", "be122588fdfaa6734d41cd724e514eecfd390fb2bb5b76cb9d35585351abbff4"}});
  expect_outputs("table " + results + " --format md --sdc ons-10-5 --words", out,
                 {{"stdout", "7443cbb55d1c1a0cc4abd123c86b72bac400c5daa6534a0fe42610ce4e2ce685"}});
}

TEST_F(Golden, LeedsRealised) {
  const fs::path out = scratch_.path() / "leeds";
  expect_outputs(run_args("config/leeds-2020.toml", out, "--draws 2000 --mode realised"), out,
                 {{"estimates.csv", "63b1611ed31e641d06a33788e809e60eb21cedfa6abb118d783c18588a927779"},
                  {"estimates.md", "19ce53bf88f4deb615c55e29092da45b563dd51bfc42b8063b0b709a844217b7"},
                  {"stdout", "1f3514cc2a27af751836d315256b0f09f9c436b4e0925d2a6d86d89b849629d1"}});
}

TEST_F(Golden, ReferenceWorkloadExpected) {
  const fs::path out = scratch_.path() / "la";
  expect_outputs(run_args("bench/reference/la.toml", out, "--draws 200 --interval 0.95,0.998 --keep-draws"), out,
                 {{"estimates.csv", "c75464cf9aee7b416f975a4b502bb5858e98f244ab688de9005f4e4297f026c3"},
                  {"estimates.md", "a63e2862d59c8de0537a847b40ab37d19a79e12524f93fd386bfec2fa44a7d8b"},
                  {"stdout", "e10b6af85e8cd878ea518f14aa4b44f5822eafff9373af15604d435e9bf0d61e"}});
  expect_outputs("table " + quoted((out / "results.h5").string()) + " --format csv --interval 0.95,0.998,0.9", out,
                 {{"stdout", "5886bd245feee339e8665ec38e66875e67271215058318fb46ba801d6d80edca"}});
}

TEST_F(Golden, ReferenceWorkloadRealised) {
  const fs::path out = scratch_.path() / "la";
  expect_outputs(run_args("bench/reference/la.toml", out, "--draws 200 --mode realised"), out,
                 {{"estimates.csv", "0808fa2707a21fd2615ac06e7a5c9529463452ef4f0e5f88d3c0e4662186c60b"},
                  {"estimates.md", "f326679b6484e2530ad39c813603a0c61cef4dda3e1830b0edb0ad088dd5ea2a"},
                  {"stdout", "84d8fb68c7b65b9c2f7b74d0dbe4332a0e9d15e06af2f3696e35deefd50d0531"}});
}

}  // namespace
}  // namespace prevalence
