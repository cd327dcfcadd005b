// Tests engine/publish/reliability.cpp: the coefficient of variation and the
// [u] flag at its threshold.

#include "engine/publish/reliability.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace prevalence::publish {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(CoefficientOfVariation, IsSdOverMean) {
  EXPECT_DOUBLE_EQ(coefficient_of_variation(100, 20), 0.2);
  EXPECT_DOUBLE_EQ(coefficient_of_variation(1289, 35.7), 35.7 / 1289);
}

TEST(CoefficientOfVariation, OfAFigureKnownToBeZeroIsZero) {
  EXPECT_EQ(coefficient_of_variation(0, 0), 0.0);
  EXPECT_TRUE(std::isinf(coefficient_of_variation(0, 1)));
  EXPECT_TRUE(std::isnan(coefficient_of_variation(kNaN, 1)));
  EXPECT_TRUE(std::isnan(coefficient_of_variation(1, kNaN)));
}

TEST(IsUnreliable, FlagsOnlyAboveTheThreshold) {
  EXPECT_FALSE(is_unreliable(100, 20));      // exactly 0.2: not above
  EXPECT_TRUE(is_unreliable(100, 20.001));
  EXPECT_FALSE(is_unreliable(100, 19.999));
  EXPECT_FALSE(is_unreliable(1000, 300, 0.3));
  EXPECT_TRUE(is_unreliable(1000, 301, 0.3));
}

TEST(IsUnreliable, LeavesZeroWithoutSpreadAndMissingFiguresAlone) {
  EXPECT_FALSE(is_unreliable(0, 0));
  EXPECT_TRUE(is_unreliable(0, 0.1));
  EXPECT_FALSE(is_unreliable(kNaN, 1));
}

TEST(IsUnreliable, FlagsNothingWithoutAThreshold) {
  EXPECT_FALSE(is_unreliable(1, 1000, kNoReliabilityFlag));
  EXPECT_FALSE(is_unreliable(0, 1, kNoReliabilityFlag));
}

TEST(DescribeReliabilityRule, StatesTheThresholdAndWhereItComesFrom) {
  EXPECT_EQ(describe_reliability_rule(0.2),
            "[u] marks a figure of low reliability: its coefficient of variation (the standard deviation of its "
            "draws divided by their mean) is above 20 % (the Office for National Statistics treats a survey "
            "estimate with a coefficient of variation above 20 % as unreliable).");
  EXPECT_NE(describe_reliability_rule(0.3).find("above 30 % (the Office"), std::string::npos);
  EXPECT_EQ(describe_reliability_rule(kNoReliabilityFlag), "");
}

}  // namespace
}  // namespace prevalence::publish
