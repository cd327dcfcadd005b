#include "engine/results/isolated_read.hpp"

#include "engine/error/input_error.hpp"
#include "engine/results/file_seal.hpp"
#include "engine/results/results_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <cstring>
#include <string>
#include <thread>

namespace prevalence::results {

namespace {

// The child's exit status when the file was read, or refused as bad input.
constexpr int kRead = 0, kRefused = 3;

}  // namespace

RunResults read_results_file_isolated(const std::string& path, std::chrono::milliseconds limit) {
  // No file, a directory, a device or a pipe: the reader names what it is.
  if (!std::filesystem::is_regular_file(path)) return read_results_file(path);
  // The seal once, before the child: hashing a file of kept draws is the
  // read's largest cost, and a damaged file needs no child.
  check_results_seal(path);
  const pid_t child = ::fork();
  if (child == 0) {
    // The child's only output is its exit status: a sanitizer's report or a
    // library's message stays out of the CLI's one line.
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, STDERR_FILENO);
    int status = kRead;
    try {
      const RunResults run = read_results_file(path, Seal::checked_already);
      // Kept draws too, at both ends of the file's index of chunks: reading
      // every area twice would double the cost of `table` on a large file.
      if (run.draws_kept && !run.areas.empty()) {
        const KeptDrawsReader draws(run);
        static_cast<void>(draws.area(0));
        static_cast<void>(draws.area(run.areas.size() - 1));
      }
    } catch (...) {
      status = kRefused;  // the parent's own read reports why
    }
    ::_exit(status);  // no exit handlers: the library may be in any state
  }
  if (child > 0) {
    int status = 0;
    pid_t waited = 0;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while ((waited = ::waitpid(child, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (waited == 0) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      throw error::InputError({path, 0, 0},
                              fmt::format("the HDF5 library did not finish reading this file in {} s: it is damaged or "
                                          "was made to loop, and cannot be read",
                                          std::chrono::duration_cast<std::chrono::seconds>(limit).count()));
    }
    const bool crashed =
        waited == child &&
        (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != kRead && WEXITSTATUS(status) != kRefused));
    if (crashed)
      throw error::InputError(
          {path, 0, 0},
          fmt::format("the HDF5 library crashed reading this file ({}): it is damaged or was made to crash it, "
                      "and cannot be read",
                      WIFSIGNALED(status) ? std::string(::strsignal(WTERMSIG(status)))
                                          : fmt::format("exit status {}", WEXITSTATUS(status))));
  }
  // The child read it (or refused it, as this read will), or no child could
  // be started: read it here.
  return read_results_file(path, Seal::checked_already);
}

}  // namespace prevalence::results
