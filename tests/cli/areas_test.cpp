// End-to-end tests of `prevalence areas`: the areas of population files with
// their years and kinds, found by name or code, and the nearest names when
// nothing matches.

#include "engine/cli/exit_code.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing::Not;

const fs::path kSource = PREVALENCE_SOURCE_DIR;

class AreasCli : public testing::Test {
 protected:
  test::CliResult areas(const std::string& options) {
    return test::run_prevalence(
        "areas " + test::quoted((kSource / "data/population/england-la-single-year-of-age-2017-2021.csv").string()) +
            " " +
            test::quoted(
                (kSource / "data/population/england-county-region-single-year-of-age-2017-2021.csv").string()) +
            " " + options,
        scratch_.path());
  }
  test::TempDir scratch_;
};

TEST_F(AreasCli, FindsAreasByNameWithTheirYearsAndKinds) {
  const test::CliResult r = areas("--search northamptonshire");
  EXPECT_EQ(r.status, 0) << r.err;
  // The boundary change of 2020 (data/geography/README.md): the county and
  // its districts until 2019, the two unitary authorities from 2020.
  EXPECT_THAT(r.out, HasSubstr("E06000061  North Northamptonshire  2020-2021   unitary authority"));
  EXPECT_THAT(r.out, HasSubstr("E10000021  Northamptonshire        2017-2019   county"));
  EXPECT_THAT(r.out, HasSubstr("Also close:\n  E07000154  Northampton"));
}

TEST_F(AreasCli, AMisspeltNameGetsTheNearestNamesOfThatYear) {
  const test::CliResult r = areas("--search bournmouth --year 2020");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("No area's name or code holds \"bournmouth\"."));
  EXPECT_THAT(r.out, HasSubstr("E06000058  Bournemouth, Christchurch and Poole  2020"));
  EXPECT_THAT(r.out, Not(HasSubstr("E06000028")));  // Bournemouth alone ended in 2017
}

TEST_F(AreasCli, AYearWithoutAreasIsAUsageError) {
  const test::CliResult r = areas("--year 2031");
  EXPECT_EQ(r.status, cli::kBadInput);
  EXPECT_THAT(r.err, HasSubstr("no areas for year 2031 (the files have 2017-2021)"));
}

}  // namespace
}  // namespace prevalence
