#pragma once
// Which engine made a result: its version and, when built from a git
// checkout, the commit, so a results file says what code produced it.

#include <string_view>

namespace prevalence::version {

/// The project version, e.g. "0.1.0".
std::string_view engine_version() noexcept;

/// The commit the build was made from (40 hex digits, with "-dirty" when the
/// checkout had uncommitted changes), or "" when not built from git.
std::string_view git_commit() noexcept;

}  // namespace prevalence::version
