#include "engine/output/run_record.hpp"

#include "engine/output/number_format.hpp"

#include <fmt/format.h>

namespace prevalence::engine {

std::string moved_draws_note(const RunRecord& run) {
  std::string note;
  for (std::size_t g = 0; g < run.plan.groups.size(); ++g) {
    const double share = run.results.moved_share[g];
    if (share == 0.0) continue;
    note += fmt::format(
        "{}In {}% of draws the sampled figures on {} admitted no joint table; each was moved "
        "towards the published figures just far enough to admit one (config/README.md, \"Draws "
        "whose figures admit no table\").",
        note.empty() ? "" : " ", format_percent(share * 100.0, share < 0.01 ? 2 : 1),
        run.plan.groups[g].label);
  }
  return note;
}

}  // namespace prevalence::engine
