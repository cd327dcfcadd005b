#pragma once
// Footnotes numbered in order of first use, identical texts sharing a
// number: how every table (Markdown or HTML) cites its sources.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace prevalence::output {

class Footnotes {
 public:
  /// The number of `text`'s footnote (from 1), adding it if new.
  std::size_t number(const std::string& text) {
    auto [it, added] = numbers_.try_emplace(text, texts_.size() + 1);
    if (added) texts_.push_back(text);
    return it->second;
  }
  /// The texts in number order: texts()[n - 1] is footnote n.
  const std::vector<std::string>& texts() const { return texts_; }

 private:
  std::map<std::string, std::size_t> numbers_;
  std::vector<std::string> texts_;
};

}  // namespace prevalence::output
