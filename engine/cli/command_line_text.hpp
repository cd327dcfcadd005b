#pragma once
// The command as typed, for the record of a run: each argument quoted for a
// POSIX shell where it needs it, so the line can be pasted back to rerun.

#include <string>
#include <vector>

namespace prevalence::cli {

/// "prevalence VERB ARG..." with arguments shell-quoted where needed.
std::string command_line_text(const std::string& verb, const std::vector<std::string>& args);

}  // namespace prevalence::cli
