#include "engine/output/run_text.hpp"

#include "engine/text/number_format.hpp"

#include <fmt/format.h>

#include <limits>

namespace prevalence::output {

HeadlineFigure headline_figure(const results::RunResults& run, std::size_t area, std::size_t measure) {
  const std::size_t i = run.index(area, measure), levels = run.n_levels();
  HeadlineFigure f{run.denominator[i],   run.mean[i], run.median[i], run.lower[i * levels],
                   run.upper[i * levels], run.mcse[i], run.point(i)};
  const bool errors = !run.median_mcse.empty();
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  f.median_mcse = errors ? run.median_mcse[i] : kNone;
  f.lower_mcse = errors ? run.lower_mcse[i * levels] : kNone;
  f.upper_mcse = errors ? run.upper_mcse[i * levels] : kNone;
  f.known = run.is_known(area, measure);
  f.assumed_share = run.assumed_share.empty() ? kNone : run.assumed_share[i];
  return f;
}

std::string moved_draws_note(const results::RunResults& run) {
  std::string note;
  for (const results::GroupRecord& group : run.groups) {
    const double share = group.moved_share;
    if (share == 0.0) continue;
    note += fmt::format(
        "{}In {}% of draws the sampled figures on {} admitted no joint table; each was moved "
        "towards the published figures just far enough to admit one (config/README.md, \"Draws "
        "whose figures admit no table\").",
        note.empty() ? "" : " ", text::format_percent(share * 100.0, share < 0.01 ? 2 : 1), group.label);
  }
  return note;
}

}  // namespace prevalence::output
