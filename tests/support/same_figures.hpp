#pragma once
// Two runs' records hold the same figures, bit for bit: every summary at
// every level and the parameter draws. For tests of what carries figures
// from one record to another (a results file read back, shards merged).

#include "engine/results/run_results.hpp"

#include <gtest/gtest.h>

namespace prevalence::test {

inline void expect_same_figures(const results::RunResults& got, const results::RunResults& want) {
  EXPECT_EQ(got.levels, want.levels);
  EXPECT_EQ(got.denominator, want.denominator);
  EXPECT_EQ(got.mean, want.mean);
  EXPECT_EQ(got.median, want.median);
  EXPECT_EQ(got.mcse, want.mcse);
  EXPECT_EQ(got.lower, want.lower);
  EXPECT_EQ(got.upper, want.upper);
  EXPECT_EQ(got.shares, want.shares);
}

}  // namespace prevalence::test
