#pragma once
// Scenario text for an overlap's published figures: the Leeds toxic-trio
// five (any, each condition, all three), each with an assumed effective
// sample size. CLI tests that need a realistic overlap append these to a
// scenario's [[overlap]] table.

#include <fmt/format.h>

#include <string>
#include <utility>

namespace prevalence::test {

inline std::string trio_figures(int effective_sample_size) {
  const std::pair<const char*, const char*> figures[] = {{"any_of = [\"dv\", \"mh\", \"sm\"]", "19.97"},
                                                         {"all_of = [\"dv\"]", "7.39"},
                                                         {"all_of = [\"mh\"]", "15.03"},
                                                         {"all_of = [\"sm\"]", "5.04"},
                                                         {"all_of = [\"dv\", \"mh\", \"sm\"]", "1.19"}};
  std::string text;
  for (const auto& [selector, value] : figures)
    text += fmt::format("[[overlap.figure]]\n{}\nsource = \"s\"\npercent = {}\n[overlap.figure.assumed]\n"
                        "effective_sample_size = {}\nwhy = \"w\"\n",
                        selector, value, effective_sample_size);
  return text;
}

}  // namespace prevalence::test
