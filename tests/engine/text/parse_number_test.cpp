// Tests engine/text/parse_number.hpp: the whole text is one number of the
// type asked, or nothing; doubles come back exactly.

#include "engine/text/parse_number.hpp"

#include "engine/text/number_format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

namespace prevalence::text {
namespace {

TEST(ParseNumber, ReadsWholeNumbersInTheirTypesRange) {
  EXPECT_EQ(parse_number<int>("2019"), 2019);
  EXPECT_EQ(parse_number<int>("-3"), -3);
  EXPECT_EQ(parse_number<std::size_t>("18446744073709551615"), std::numeric_limits<std::size_t>::max());
  EXPECT_EQ(parse_number<std::int64_t>("4294967295"), 4294967295);
  for (const char* bad : {"", " 1", "1 ", "+1", "1.5", "1e3", "12a", "0x10", "99999999999"})
    EXPECT_FALSE(parse_number<int>(bad)) << bad;
  EXPECT_FALSE(parse_number<std::size_t>("-1"));
  EXPECT_FALSE(parse_number<std::uint64_t>("18446744073709551616"));
}

TEST(ParseNumber, ReadsRealNumbersExactly) {
  EXPECT_EQ(parse_number<double>("0.95"), 0.95);
  EXPECT_EQ(parse_number<double>("1e-3"), 0.001);
  EXPECT_EQ(parse_number<double>("-2.5"), -2.5);
  // Shortest round-trip text (format_exact, as estimates.csv writes) comes back bit for bit.
  for (double x : {0.1, 1.0 / 3.0, 33582.41372, 6.02e-23, 1.7976931348623157e308})
    EXPECT_EQ(parse_number<double>(format_exact(x)), x) << format_exact(x);
  EXPECT_TRUE(std::isnan(*parse_number<double>("nan")));
  for (const char* bad : {"", "0.95,", "1e", ".", "one", " 2", "2 "}) EXPECT_FALSE(parse_number<double>(bad)) << bad;
  EXPECT_FALSE(parse_number<double>("1e400")) << "out of range";
}

}  // namespace
}  // namespace prevalence::text
