// Tests engine/cli/progress_display.cpp: the line it draws, and that it stays
// silent when disabled (not a terminal, or --quiet).

#include "engine/cli/progress_display.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace prevalence::cli {
namespace {

TEST(ProgressLine, GivesAreasRateAndTimeLeft) {
  // 1,000 of 33,755 areas in 2 s: 500 areas/s, 65.51 s left, shown rounded up.
  EXPECT_EQ(progress_line(1000, 33755, 2.0), "  1,000 of 33,755 areas  500 areas/s  1:06 left");
}

TEST(ProgressLine, ShowsNoRateBeforeAnyAreaIsDone) {
  EXPECT_EQ(progress_line(0, 317, 0.5), "  0 of 317 areas");
}

TEST(ProgressDisplay, WritesNothingWhenDisabled) {
  std::FILE* sink = std::tmpfile();
  ASSERT_NE(sink, nullptr);
  std::atomic<std::size_t> done{3};
  { const ProgressDisplay display(sink, false, 10, done); }
  EXPECT_EQ(std::ftell(sink), 0);
  std::fclose(sink);
}

}  // namespace
}  // namespace prevalence::cli
