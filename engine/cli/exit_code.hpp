#pragma once
// Exit statuses of the prevalence CLI. They are an interface: scripts and
// batch jobs branch on them, so they never change meaning.

namespace prevalence::cli {

enum ExitCode : int {
  kSuccess = 0,
  kInternalError = 1,  ///< a bug or an environment failure (out of memory, ...)
  kBadInput = 2,       ///< bad usage, unreadable or invalid input, unwritable output
};

/// The line every help text ends with, saying the statuses above.
inline constexpr const char* kExitStatusHelp = "Exit status: 0 success, 1 internal error, 2 bad input or usage.\n";

}  // namespace prevalence::cli
