#pragma once
// A command line the CLI cannot act on (unknown verb or option, a bad option
// value). Like InputError it ends the run with exit status 2.

#include <stdexcept>
#include <string>

namespace prevalence::cli {

class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& problem) : std::runtime_error(problem) {}
};

}  // namespace prevalence::cli
