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
                 {{"estimates.csv", "de748bbe6297157c40f02a3b6dcf07b0642458978863de290d85a0fa9d63323f"},
                  {"estimates.md", "d3bb821e5ec8fc32494583e55ce7f5e3e821cac92834280e4ec1d1feafe724d5"},
                  {"stdout", "375cce496923c454c18d5ca16b40521ee5935fd2a4fc534a620dc596a9e27945"}});
  const std::string results = quoted((out / "results.h5").string());
  // Every stored level and one computed from the kept draws.
  expect_outputs("table " + results + " --format csv --interval 0.95,0.998,0.5", out,
                 {{"stdout", "2978b9caa9f31d848ab553904264ce1b6f1bd4422d6a414ea4850f84bb322229"}});
  expect_outputs("table " + results + " --format md --sdc ons-10-5 --words", out,
                 {{"stdout", "c9c923b61365c4a79fde26a1bf3b2ddff44c2a29033a41513e8136e01c0ddfec"}});
}

TEST_F(Golden, LeedsRealised) {
  const fs::path out = scratch_.path() / "leeds";
  expect_outputs(run_args("config/leeds-2020.toml", out, "--draws 2000 --mode realised"), out,
                 {{"estimates.csv", "69d2e846758c07c395e6458927b8a7064216c18db0c89e61993083a9721a15b1"},
                  {"estimates.md", "3e31ece459f0159c1525c2c53a300f99119c420badf96a64ba18b8520d73f430"},
                  {"stdout", "e06a4a273cad69952972c422bee42ee62061db49937fb80c28d27baef8aabe85"}});
}

TEST_F(Golden, ReferenceWorkloadExpected) {
  const fs::path out = scratch_.path() / "la";
  expect_outputs(run_args("bench/reference/la.toml", out, "--draws 200 --interval 0.95,0.998 --keep-draws"), out,
                 {{"estimates.csv", "a184d0e368735c1e8e922355a44715311b88b78958de15337d2564079113f017"},
                  {"estimates.md", "b904812f4dab401ac9f1bd7c4d05a344b39c5ca94e0d042a30ae4f57fbca99c9"},
                  {"stdout", "0cccb32582c446732d5ec059c7ca8659ae5b6ecc411c7b67390f6a74c4f9534b"}});
  expect_outputs("table " + quoted((out / "results.h5").string()) + " --format csv --interval 0.95,0.998,0.9", out,
                 {{"stdout", "5886bd245feee339e8665ec38e66875e67271215058318fb46ba801d6d80edca"}});
}

TEST_F(Golden, ReferenceWorkloadRealised) {
  const fs::path out = scratch_.path() / "la";
  expect_outputs(run_args("bench/reference/la.toml", out, "--draws 200 --mode realised"), out,
                 {{"estimates.csv", "75e7cc8e1b603f6a81e623a6bc1a5fc876803d6841699bb91445fee9f59472cb"},
                  {"estimates.md", "3bae689436214161502d57cbb5f2eb5bbad489ed009f7c3a7563e9b0314d2812"},
                  {"stdout", "4368a43bf91f9e58381f7b2700b903bf6d724cb03dac3b340379b171ac2c1ae6"}});
}

}  // namespace
}  // namespace prevalence
