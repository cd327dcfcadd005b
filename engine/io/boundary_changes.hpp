#pragma once
// Which area codes ended, and what replaced them: the lookup that lets a
// run over several years say where an area went when its code is absent
// from a year (Bournemouth E06000028 became part of Bournemouth,
// Christchurch and Poole E06000058 in 2018).

#include <string>
#include <vector>

namespace prevalence::io {

struct BoundaryChange {
  std::string from_code, from_name, to_code, to_name;
  int first_year_of_new = 0;  ///< the first population year with the new code
  std::string change;         ///< merged, split, replaced, ...
};

/// Reads a CSV with columns from_code,from_name,to_code,to_name,
/// first_year_of_new,change (others ignored).
/// @throw InputError naming the file and line of the first problem
std::vector<BoundaryChange> load_boundary_changes(const std::string& path);

/// "from 2018 part of E06000058 Bournemouth, Christchurch and Poole (merged)"
/// for a code that ended, or "formed in 2018 from E06000028 Bournemouth, ..."
/// for one that began; "" when the lookup says nothing about `code`.
std::string boundary_history(const std::vector<BoundaryChange>& changes, const std::string& code);

}  // namespace prevalence::io
