// Tests engine/cli/verb_arguments.cpp: every verb's preamble (help, its
// words, unknown options), number options read whole and in range, and the
// --interval list.

#include "engine/cli/verb_arguments.hpp"

#include "engine/cli/usage_error.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace prevalence::cli {
namespace {

namespace po = boost::program_options;
using testing::AllOf;
using testing::HasSubstr;
using testing::ThrowsMessage;

po::options_description options() {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help")("draws", po::value<std::string>(), "draws")(
      "interval", po::value<std::string>(), "levels")("out", po::value<std::string>(), "directory")(
      "words", "an option named like the positional words (table --words)");
  return visible;
}

const VerbHelp kHelp{"prevalence try THING [options]", "Try a thing.", "Example:\n  prevalence try x\n"};

VerbArguments parse(const std::vector<std::string>& args, std::size_t most = 1) {
  std::ostringstream out;
  return parse_verb_arguments("try", args, options(), kHelp, {"thing", most}, out);
}

TEST(VerbArguments, HelpPrintsUsagePurposeOptionsDetailsAndExitStatusInThatOrder) {
  std::ostringstream out;
  const VerbArguments parsed = parse_verb_arguments("try", {"--help"}, options(), kHelp, {"thing"}, out);
  EXPECT_TRUE(parsed.help);
  const std::string text = out.str();
  const std::size_t usage = text.find("Usage: prevalence try THING [options]"), purpose = text.find("Try a thing."),
                    option = text.find("--draws"), example = text.find("Example:"), status = text.find(kExitStatusHelp);
  EXPECT_EQ(usage, 0u);
  EXPECT_LT(purpose, option);
  EXPECT_LT(option, example);
  EXPECT_LT(example, status);
  EXPECT_TRUE(text.ends_with(kExitStatusHelp));
}

TEST(VerbArguments, TakesItsWordsAndOptions) {
  const VerbArguments parsed = parse({"a.toml", "--draws", "10"});
  EXPECT_FALSE(parsed.help);
  EXPECT_EQ(parsed.words, std::vector<std::string>{"a.toml"});
  EXPECT_EQ(parsed.options["draws"].as<std::string>(), "10");
  EXPECT_EQ(parse({"a", "b", "c"}, 3).words.size(), 3u);
  const VerbArguments with_flag = parse({"results.h5", "--words"});
  EXPECT_EQ(with_flag.words, std::vector<std::string>{"results.h5"});
  EXPECT_EQ(with_flag.options.count("words"), 1u);
}

TEST(VerbArguments, NamesTheVerbInEveryUsageError) {
  EXPECT_THAT([] { parse({}); }, ThrowsMessage<UsageError>("try: no thing given (see prevalence try --help)"));
  EXPECT_THAT([] { parse({"a", "b"}); }, ThrowsMessage<UsageError>("try: one thing at a time, got 2"));
  EXPECT_THAT(
      [] {
        parse({"a", "--seed", "1"});
      },
      ThrowsMessage<UsageError>(AllOf(HasSubstr("--seed"), HasSubstr("(see prevalence try --help)"))));
  EXPECT_THAT([] { parse({"a", "--draws"}); }, ThrowsMessage<UsageError>(HasSubstr("(see prevalence try --help)")));
}

TEST(NumberOption, ReadsTheWholeValueWithinItsRange) {
  const auto draws = [](const std::string& text) {
    return number_option<std::int64_t>(parse({"a", "--draws", text}).options, "draws", 1, 100, "1 to 100");
  };
  EXPECT_EQ(draws("1"), 1);
  EXPECT_EQ(draws("100"), 100);
  for (const char* bad : {"0", "101", "-5", "1.5", "10x", " 10", "", "1e2", "99999999999999999999"}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT([&] { draws(bad); }, ThrowsMessage<UsageError>(fmt::format("--draws \"{}\": expected 1 to 100", bad)));
  }
  const auto real = [](const std::string& text) {
    return number_option<double>(parse({"a", "--draws", text}).options, "draws", 0.0,
                                 std::numeric_limits<double>::infinity(), "a number");
  };
  EXPECT_EQ(real("0.25"), 0.25);
  EXPECT_EQ(real("1e3"), 1000.0);
  for (const char* bad : {"nan", "-1", "0.5.5"}) EXPECT_THROW(real(bad), UsageError) << bad;
}

TEST(IntervalOption, ReadsOneLevelOrSeveral) {
  const auto levels = [](const std::string& text) { return interval_option(parse({"a", "--interval", text}).options); };
  EXPECT_EQ(levels("0.95"), (std::vector<double>{0.95}));
  EXPECT_EQ(levels("0.95,0.998"), (std::vector<double>{0.95, 0.998}));
  EXPECT_EQ(levels("0.5,0.8,0.9,0.99"), (std::vector<double>{0.5, 0.8, 0.9, 0.99}));
}

TEST(IntervalOption, SaysWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {{"", "\"\" is not a number"},
                                                       {"0.95,", "\"\" is not a number"},
                                                       {",0.95", "\"\" is not a number"},
                                                       {"0.95;0.99", "\"0.95;0.99\" is not a number"},
                                                       {"0.95, 0.99", "\" 0.99\" is not a number"},
                                                       {"0.95,abc", "\"abc\" is not a number"},
                                                       {"1.5", "1.5 must be between 0 and 1"},
                                                       {"0.95,1", "1 must be between 0 and 1"},
                                                       {"nan", "nan must be between 0 and 1"},
                                                       {"0.95,0.95", "0.95 is listed twice"},
                                                       {"0.1,0.2,0.3,0.4,0.5", "at most 4 interval levels at once"}};
  for (const auto& [text, problem] : cases) {
    SCOPED_TRACE(text);
    const po::variables_map vm = parse({"a", "--interval", text}).options;
    EXPECT_THAT([&] { interval_option(vm); },
                ThrowsMessage<UsageError>(AllOf(HasSubstr(fmt::format("--interval \"{}\": ", text)), HasSubstr(problem),
                                                HasSubstr("such as 0.95 or 0.95,0.998"))));
  }
}

TEST(OutputDirectoryOption, IsOutOrResultsSlashTheScenariosName) {
  EXPECT_EQ(output_directory_option(parse({"a", "--out", "x/y"}).options, "config/leeds-2020.toml"), "x/y");
  EXPECT_EQ(output_directory_option(parse({"a"}).options, "config/leeds-2020.toml"), "results/leeds-2020");
}

}  // namespace
}  // namespace prevalence::cli
