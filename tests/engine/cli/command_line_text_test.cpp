// Tests engine/cli/command_line_text.cpp: the recorded command line pastes
// back into a shell as the same arguments.

#include "engine/cli/command_line_text.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <string>
#include <vector>

namespace prevalence::cli {
namespace {

TEST(CommandLineText, LeavesPlainWordsAlone) {
  EXPECT_EQ(command_line_text("run", {"config/leeds-2020.toml", "--draws", "20000", "--interval=0.95,0.998"}),
            "prevalence run config/leeds-2020.toml --draws 20000 --interval=0.95,0.998");
}

TEST(CommandLineText, QuotesWhatAShellWouldSplitOrExpand) {
  EXPECT_EQ(command_line_text("run", {"my scenario.toml", "", "$HOME", "it's"}),
            "prevalence run 'my scenario.toml' '' '$HOME' 'it'\\''s'");
}

TEST(CommandLineText, AShellReadsTheQuotedWordsBack) {
  // printf prints each argument on its own line, as the shell split them.
  const std::vector<std::string> words = {"a b", "it's", "*", "tab\there", "ü", "--out=x y"};
  std::string line = command_line_text("run", words);
  line.replace(0, std::string("prevalence run").size(), "printf '%s\\n'");
  std::FILE* pipe = ::popen(line.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string printed;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe)) printed += buffer;
  ASSERT_EQ(WEXITSTATUS(::pclose(pipe)), 0);
  std::string expected;
  for (const std::string& word : words) {
    expected += word;
    expected += '\n';
  }
  EXPECT_EQ(printed, expected);
}

}  // namespace
}  // namespace prevalence::cli
