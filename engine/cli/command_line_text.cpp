#include "engine/cli/command_line_text.hpp"

#include <algorithm>
#include <cstring>

namespace prevalence::cli {
namespace {

std::string shell_quoted(const std::string& word) {
  constexpr const char* kPlain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=,@%+-";
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [&](char c) {
    return c != '\0' && std::strchr(kPlain, c) != nullptr;
  });
  if (plain) return word;
  // Inside single quotes nothing is special but the quote itself: close,
  // write an escaped quote, reopen.
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'')
      quoted.append("'\\''");
    else
      quoted.push_back(c);
  }
  quoted.push_back('\'');
  return quoted;
}

}  // namespace

std::string command_line_text(const std::string& verb, const std::vector<std::string>& args) {
  std::string line = "prevalence ";
  line.append(verb);
  for (const std::string& arg : args) {
    line.push_back(' ');
    line.append(shell_quoted(arg));
  }
  return line;
}

}  // namespace prevalence::cli
