#pragma once
// Running the prevalence binary from end-to-end tests: its exit status and
// what it printed on each stream.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace prevalence::test {

struct CliResult {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// `text` in single quotes for the shell. Appends piece by piece: GCC 12
/// misreports chains of string + (-Wrestrict).
inline std::string quoted(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

/// Runs `prevalence ARGS` (ARGS already quoted for the shell), capturing its
/// streams in files under `scratch`; `shell_first` runs before it in the
/// same shell (a `ulimit`, say).
inline CliResult run_prevalence(const std::string& args, const std::filesystem::path& scratch,
                                const std::string& shell_first = "") {
  const std::filesystem::path out = scratch / "stdout.txt", err = scratch / "stderr.txt";
  std::string command = shell_first;
  command += " exec ";
  command += quoted(PREVALENCE_BINARY);
  command += ' ';
  command += args;
  command += " >";
  command += quoted(out.string());
  command += " 2>";
  command += quoted(err.string());
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

}  // namespace prevalence::test
