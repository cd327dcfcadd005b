// Hostile inputs, as a batch job's operator meets them: special files where
// a file should be, numbers a double cannot hold, counts that overflow, text
// that is not UTF-8. Each must end at once with exit status 2 and one line
// naming the file (and line) and the problem, write no output, and leave
// earlier results byte for byte as they were.

#include "engine/cli/exit_code.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/two_area_population.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <string>

namespace prevalence {
namespace {

namespace fs = std::filesystem;
using test::quoted;
using testing::HasSubstr;

class HostileInput : public testing::Test {
 protected:
  HostileInput() {
    population_ = test::two_area_population();
    dir_.write("population.csv", population_);
    // An earlier run's results, which no rejected run may touch.
    dir_.write("s.toml", scenario());
    const test::CliResult r = run(fmt::format("run {} --quiet --out {}", quoted(dir_.path("s.toml")), quoted(out())));
    EXPECT_EQ(r.status, 0) << r.err;
    earlier_ = test::slurp(fs::path(out()) / "estimates.csv");
  }

  static std::string scenario(const std::string& population_file = "population.csv",
                              const std::string& figure = "percent = 10\ninterval = [5, 15]\n") {
    return fmt::format(
        "title = \"T\"\n[population]\nfile = \"{}\"\nyear = 2019\n[areas]\ncodes = [\"E00000001\", \"E00000002\"]\n"
        "[run]\ndraws = 100\n[[measure]]\nid = \"m\"\nlabel = \"a measure\"\nages = \"0-2\"\nsource = \"S\"\n{}",
        population_file, figure);
  }

  test::CliResult run(const std::string& args, const std::string& shell_first = "") {
    return test::run_prevalence(args, dir_.path(), shell_first);
  }
  std::string out() const { return dir_.path("out"); }

  // `prevalence ARGS --out OUT` must be refused: exit 2, one line naming
  // `where` and `problem`, the earlier results untouched, no temporary file.
  void expect_refused(const std::string& args, const std::string& where, const std::string& problem,
                      const std::string& shell_first = "") {
    const test::CliResult r = run(fmt::format("{} --out {}", args, quoted(out())), shell_first);
    EXPECT_EQ(r.status, cli::kBadInput) << args << "\n" << r.err;
    EXPECT_THAT(r.err, testing::StartsWith("prevalence: error: ")) << args;
    EXPECT_THAT(r.err, HasSubstr(where)) << args;
    EXPECT_THAT(r.err, HasSubstr(problem)) << args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(test::slurp(fs::path(out()) / "estimates.csv"), earlier_) << args;
    for (const auto& entry : fs::directory_iterator(out()))
      EXPECT_NE(entry.path().filename().string().front(), '.') << "left behind: " << entry.path();
  }

  // A run of a scenario whose population file is `population`.
  void expect_population_refused(const std::string& population, const std::string& where,
                                 const std::string& problem) {
    dir_.write("bad.csv", population);
    dir_.write("bad.toml", scenario("bad.csv"));
    expect_refused("run " + quoted(dir_.path("bad.toml")), where, problem);
  }

  test::TempDir dir_;
  std::string population_, earlier_;
};

TEST_F(HostileInput, SpecialFilesAreRefusedByNameWithoutReadingThem) {
  expect_refused("run /dev/zero", "/dev/zero: ", "is a device, not a scenario file");
  expect_refused("run " + quoted(dir_.path().string()), dir_.path().string() + ": ",
                 "is a directory, not a scenario file");
  const std::string fifo = dir_.path("pipe.toml");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_refused("run " + quoted(fifo), fifo + ": ", "is a named pipe, not a scenario file");
  for (const char* device : {"/dev/urandom", "/dev/zero"}) {
    dir_.write("device.toml", scenario(device));
    expect_refused("run " + quoted(dir_.path("device.toml")), std::string(device) + ": ",
                   "is a device, not a population file");
  }
  dir_.write("dir.toml", scenario(dir_.path().string()));
  expect_refused("run " + quoted(dir_.path("dir.toml")), dir_.path().string() + ": ",
                 "is a directory, not a population file");
  // The results file `table` reads.
  expect_refused("table " + quoted(fifo), fifo + ": ", "not a regular file");
  expect_refused("table " + quoted(out()), out() + ": ", "a directory: give the results.h5 inside it");
  const test::CliResult check = run("check /dev/zero");
  EXPECT_EQ(check.status, cli::kBadInput);
  EXPECT_EQ(check.err, "prevalence: error: /dev/zero: is a device, not a scenario file\n");
}

TEST_F(HostileInput, AScenarioLargerThanAnyScenarioIsRefusedBeforeItIsRead) {
  const std::string huge = dir_.path("huge.toml");
  dir_.write("huge.toml", scenario());
  fs::resize_file(huge, (std::uintmax_t{16} << 20) + 1);  // sparse: nothing is written
  expect_refused("run " + quoted(huge), huge + ": ", "more than the 16777216 this reader accepts");
}

TEST_F(HostileInput, WholeNumbersADoubleCannotHoldAreRefusedAtTheirKey) {
  const auto refused = [&](const std::string& figure, const std::string& where, const std::string& problem) {
    dir_.write("big.toml", scenario("population.csv", figure));
    expect_refused("run " + quoted(dir_.path("big.toml")), dir_.path("big.toml") + ":" + where, problem);
  };
  refused("proportion = 9007199254740993\n", "14:14", "9007199254740993 is beyond 2^53");
  refused("count = 9007199254740993\nof = 9007199254740995\n", "14:9", "measure[1].count: 9007199254740993 is beyond 2^53");
  refused("count = 5\nof = -9007199254740995\n", "15:6", "measure[1].of: -9007199254740995 is beyond 2^53");
  refused("percent = 10\ninterval = [1, 9007199254740993]\n", "15:12", "9007199254740993 is beyond 2^53");
  // 2^53 itself is exact, and is then refused for what it is, not read as 0.
  refused("proportion = 9007199254740992\n", "14:14", "value 9007199254740992 is outside [0, 1]");
}

TEST_F(HostileInput, PopulationCountsBeyondWhatACountHoldsAreRefusedAtTheirLine) {
  std::string text = population_;
  text.replace(text.find(",100\n"), 5, ",1e308\n");
  expect_population_refused(text, "bad.csv:2", "count 1e308 is beyond 2^53");
  text = population_;
  text.replace(text.find(",100\n"), 5, ",9223372036854775808\n");
  expect_population_refused(text, "bad.csv:2", "count 9223372036854775808 is beyond 2^53");
  // Each count exact, but their total is not.
  text = population_;
  for (int i = 0; i < 3; ++i) text.replace(text.find(",100\n"), 5, ",4503599627370496\n");
  expect_population_refused(text, "bad.toml", "beyond 2^53: more people than a count can hold exactly");
}

TEST_F(HostileInput, TextThatIsNotUtf8IsRefusedAtItsLine) {
  // A Latin-1 é in an area name: the line of the name.
  std::string text = population_;
  text.replace(text.find("South"), 5, "Sou\xe9th");
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(text.find("Sou")), '\n');
  expect_population_refused(text, fmt::format("bad.csv:{}", line), "byte 0xE9 is not UTF-8");
  // An overlong encoding and a lone continuation byte.
  for (const char* bad : {"\xc0\xaf", "\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    text = population_;
    text.replace(text.find("South"), 5, std::string("So") + bad);
    expect_population_refused(text, fmt::format("bad.csv:{}", line), "is not UTF-8");
  }
  dir_.write("latin1.toml", "title = \"Caf\xe9\"\n" + scenario().substr(scenario().find('\n') + 1));
  expect_refused("run " + quoted(dir_.path("latin1.toml")), dir_.path("latin1.toml") + ":1:", "utf-8");
}

// A second run into a folder another run is writing to fails at once,
// instead of the two mixing their files.
TEST_F(HostileInput, ASecondRunIntoABusyFolderIsRefusedAtOnce) {
  const int held = ::open(out().c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(held, 0);
  ASSERT_EQ(::flock(held, LOCK_EX | LOCK_NB), 0) << "as a run in progress holds it";
  expect_refused("run " + quoted(dir_.path("s.toml")), out() + ": ", "another prevalence run is writing to this directory");
  ::close(held);
  EXPECT_EQ(run(fmt::format("run {} --quiet --out {}", quoted(dir_.path("s.toml")), quoted(out()))).status, 0);
}

// A run too large for the machine is refused before it allocates, with the
// memory it needs and the option that changes it (the largest --draws needs
// about a terabyte even for one measure).
TEST_F(HostileInput, ARunTooLargeForMemoryIsRefusedBeforeItStarts) {
  expect_refused("run " + quoted(dir_.path("s.toml")) + " --draws 4294967295 --threads 2",
                 "4,294,967,295 draws x 1 output(s) on 2 thread(s) need about ", "use fewer --draws");
}

// A signal stops a run cleanly, whenever it lands in the Monte Carlo:
// every file the run was writing is removed, the earlier results are byte
// for byte as they were, and the exit status is 128 + the signal's number.
TEST_F(HostileInput, SigintSigtermAndSighupStopARunAndKeepEarlierResults) {
  const fs::path reference = fs::path(PREVALENCE_SOURCE_DIR) / "bench" / "reference" / "la.toml";
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
    SCOPED_TRACE(signal);
    const std::string err = dir_.path("stderr.txt");
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      // Long enough (tens of seconds) that the signal lands mid-run.
      const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(fd, STDERR_FILENO);
      ::execl(PREVALENCE_BINARY, PREVALENCE_BINARY, "run", reference.c_str(), "--draws", "4000000", "--keep-draws",
              "--quiet", "--out", out().c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // The results file is created before the Monte Carlo starts.
    const auto writing = [&] {
      for (const auto& entry : fs::directory_iterator(out()))
        if (entry.path().filename().string().find("results.h5.tmp") != std::string::npos) return true;
      return false;
    };
    for (int i = 0; i < 6000 && !writing(); ++i) ::usleep(10000);
    ASSERT_TRUE(writing()) << "the run never started writing";
    ASSERT_EQ(::kill(child, signal), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status)) << "ended by the signal itself, not stopped cleanly";
    EXPECT_EQ(WEXITSTATUS(status), 128 + signal);
    const std::string message = test::slurp(err);
    EXPECT_THAT(message, testing::StartsWith("prevalence: stopped by SIG"));
    EXPECT_THAT(message, HasSubstr("no results were written, and any earlier results are as they were"));
    EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1) << message;
    EXPECT_EQ(test::slurp(fs::path(out()) / "estimates.csv"), earlier_);
    for (const auto& entry : fs::directory_iterator(out()))
      EXPECT_NE(entry.path().filename().string().front(), '.') << "left behind: " << entry.path();
  }
}

// A run that cannot move one of its files into place (a folder stands where
// estimates.md goes) leaves the earlier run's files, all of them, as they were.
TEST_F(HostileInput, AFileThatCannotMoveInLeavesTheEarlierRunWhole) {
  const std::string earlier_results = test::slurp(fs::path(out()) / "results.h5");
  fs::remove(fs::path(out()) / "estimates.md");
  fs::create_directories(fs::path(out()) / "estimates.md" / "in the way");
  expect_refused("run " + quoted(dir_.path("s.toml")) + " --seed 99", out() + "/estimates.md: ",
                 "cannot move the finished file into place");
  EXPECT_EQ(test::slurp(fs::path(out()) / "results.h5"), earlier_results);
}

// A disk that fills while the results file is written: a file-size limit
// (with SIGXFSZ ignored, so a write past it fails as on a full disk) stops
// the kept draws part way, or the file's first bytes. HDF5 1.10 cannot close
// a file once a write has failed, and used to crash on it at exit.
TEST_F(HostileInput, AFullDiskEndsInOneLineNamingTheFileNotACrash) {
  const std::string results = (fs::path(out()) / "results.h5").string();
  const std::string scenario = quoted(dir_.path("s.toml"));
  expect_refused("run " + scenario + " --quiet --keep-draws --draws 50000", results, "File too large",
                 "trap '' XFSZ; ulimit -f 64;");
  expect_refused("run " + scenario + " --quiet", results, "File too large", "trap '' XFSZ; ulimit -f 1;");
}

}  // namespace
}  // namespace prevalence
