// Tests engine/output/number_format.cpp: numbers as tables show them, and the
// exact form machine-readable outputs use.

#include "engine/text/number_format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

namespace prevalence::text {
namespace {

TEST(FormatCount, RoundsToTheNearestWholeNumberAndGroupsThousands) {
  EXPECT_EQ(format_count(33580.4), "33,580");
  EXPECT_EQ(format_count(1234567), "1,234,567");
  EXPECT_EQ(format_count(999.4), "999");
  EXPECT_EQ(format_count(100000), "100,000");
}

TEST(FormatCount, RoundsHalvesAwayFromZeroIntoANewGroup) { EXPECT_EQ(format_count(999.5), "1,000"); }

TEST(FormatCount, ShowsZeroWithoutASign) {
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(-0.4), "0");  // rounds to -0, which must not print as "-0"
}

TEST(FormatCount, KeepsTheSignOfNegativeCounts) {
  EXPECT_EQ(format_count(-1234.4), "-1,234");
  EXPECT_EQ(format_count(-999.5), "-1,000");
}

TEST(FormatShare, UsesOneDecimalFromOnePercentUp) {
  EXPECT_EQ(format_share(19.97), "20.0");
  EXPECT_EQ(format_share(1.0), "1.0");
  EXPECT_EQ(format_share(7.392), "7.4");
}

TEST(FormatShare, UsesTwoDecimalsBelowOnePercent) {
  EXPECT_EQ(format_share(0.757), "0.76");
  EXPECT_EQ(format_share(0.13), "0.13");
}

TEST(FormatPercent, UsesTheGivenDecimals) {
  EXPECT_EQ(format_percent(19.9674, 2), "19.97");
  EXPECT_EQ(format_percent(19.9674, 0), "20");
}

TEST(FormatExact, ReadsBackAsTheSameDouble) {
  const double awkward[] = {
      0.1,
      0.1 + 0.2,  // 0.30000000000000004
      1.0 / 3.0,
      19.9674293972202,
      1e23,  // not a double: printing 17 digits gives 9.9999999999999992e+22
      168176.0 * 0.199674293972202,
      std::numeric_limits<double>::denorm_min(),
      std::numeric_limits<double>::min(),
      std::numeric_limits<double>::max(),
      std::numeric_limits<double>::epsilon(),
      -2.5e-7,
  };
  for (double value : awkward) {
    const std::string text = format_exact(value);
    SCOPED_TRACE(text);
    // std::strtod rather than std::stod: stod throws out_of_range for
    // subnormals such as denorm_min, although strtod converts them exactly.
    const double back = std::strtod(text.c_str(), nullptr);
    EXPECT_EQ(std::memcmp(&back, &value, sizeof value), 0);
  }
}

TEST(FormatExact, WritesWholeNumbersWithoutNoise) {
  EXPECT_EQ(format_exact(33580.0), "33580");
  EXPECT_EQ(format_exact(0.5), "0.5");
}

TEST(FormatFigure, WritesFiguresAsAPersonWould) {
  EXPECT_EQ(format_figure(7.3), "7.3");
  EXPECT_EQ(format_figure(169422), "169422");
  EXPECT_EQ(format_figure(0.0125), "0.0125");
  EXPECT_EQ(format_figure(19.9674293972202), "19.9674");
}

}  // namespace
}  // namespace prevalence::text
