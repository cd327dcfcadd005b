#pragma once
// "Did you mean": the known names or codes closest to one that was not
// found, for messages about a misspelt key, an unknown area code or an
// area name a lookup does not hold.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace prevalence::text {

/// Levenshtein distance: single-character insertions, deletions and
/// substitutions that turn `a` into `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Up to `limit` of `candidates` nearest to `query`, nearest first (ties in
/// the candidates' order). Compared as people read names: case, punctuation
/// and "&" against "and" do not count, and a candidate whose words hold all
/// of the query's (or the other way round: "Bournemouth" for "Bournemouth,
/// Christchurch and Poole") is near, as is one some of whose consecutive
/// words are a near spelling of the query ("bournmouth"). Candidates more
/// than about a third of the query's length away are not suggested at all.
std::vector<std::string> nearest_names(std::string_view query, std::span<const std::string> candidates,
                                       std::size_t limit = 3);

}  // namespace prevalence::text
