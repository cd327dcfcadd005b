#pragma once
// Exit statuses of the prevalence CLI. They are an interface: scripts and
// batch jobs branch on them, so they never change meaning.

namespace prevalence::cli {

enum ExitCode : int {
  kSuccess = 0,
  kInternalError = 1,  ///< a bug or an environment failure (out of memory, ...)
  kBadInput = 2,       ///< bad usage, unreadable or invalid input, unwritable output
  // 128 + the signal's number when SIGINT (130), SIGTERM (143) or SIGHUP
  // (129) stopped the run: the shell's convention (cli/interruption.hpp).
};

/// The line every help text ends with, saying the statuses above.
inline constexpr const char* kExitStatusHelp =
    "Exit status: 0 success, 1 internal error, 2 bad input or usage; 130, 143 or 129 when\n"
    "SIGINT, SIGTERM or SIGHUP stopped it (nothing written, earlier results kept).\n";

}  // namespace prevalence::cli
