#include "engine/text/nearest_names.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <tuple>

namespace prevalence::text {
namespace {

// Lower case, letters and digits only, "&" read as "and", words separated
// by single spaces.
std::string normalised(std::string_view text) {
  std::string out;
  auto space = [&] {
    if (!out.empty() && out.back() != ' ') out += ' ';
  };
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (c == '&') {
      space();
      out += "and ";
    } else {
      space();
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The words of `text`, in order.
std::vector<std::string> words_in_order(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out = words_in_order(text);
  std::sort(out.begin(), out.end());
  return out;
}

// The least edit distance between `query` and any run of as many
// consecutive words of `candidate`: "bournmouth" is 1 from "Bournemouth,
// Christchurch and Poole".
std::size_t nearest_run(const std::string& query, std::size_t query_words, const std::string& candidate) {
  const std::vector<std::string> w = words_in_order(candidate);
  std::size_t best = std::string::npos;
  for (std::size_t i = 0; i + query_words <= w.size(); ++i) {
    std::string run = w[i];
    for (std::size_t j = 1; j < query_words; ++j) run += " " + w[i + j];
    best = std::min(best, edit_distance(query, run));
  }
  return best;
}

// Every word of `part` is a word of `whole`.
bool words_within(const std::vector<std::string>& part, const std::vector<std::string>& whole) {
  return !part.empty() && std::includes(whole.begin(), whole.end(), part.begin(), part.end());
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> nearest_names(std::string_view query, std::span<const std::string> candidates,
                                       std::size_t limit) {
  const std::string q = normalised(query);
  const std::vector<std::string> q_words = words(q);
  const std::size_t allowed = std::max<std::size_t>(2, q.size() / 3);
  // (score, position): words held count as one edit, so they rank with
  // near-identical spellings.
  std::vector<std::tuple<std::size_t, std::size_t>> scored;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string c = normalised(candidates[i]);
    std::size_t score = edit_distance(q, c);
    const std::vector<std::string> c_words = words(c);
    if (score > 1 && (words_within(q_words, c_words) || words_within(c_words, q_words))) score = 1;
    // Close to some of the candidate's words (a quarter of the query's
    // length at most, so "rate" does not find "code"): ranked after whole
    // matches.
    bool near = score <= allowed;
    if (!near && !q_words.empty())
      if (const std::size_t run = nearest_run(q, q_words.size(), c); run <= std::max<std::size_t>(1, q.size() / 4)) {
        score = run + 1;
        near = true;
      }
    if (near) scored.emplace_back(score, i);
  }
  std::stable_sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& [score, i] : scored) {
    if (out.size() == limit) break;
    if (std::find(out.begin(), out.end(), candidates[i]) == out.end()) out.push_back(candidates[i]);
  }
  return out;
}

}  // namespace prevalence::text
