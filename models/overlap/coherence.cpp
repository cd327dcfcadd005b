#include "models/overlap/coherence.hpp"

#include "models/overlap/linear_program.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <stdexcept>

namespace prevalence::models {
namespace {

// A move smaller than this (in proportions) is LP rounding, not a figure the
// analyst must change: it is listed in no adjustment. Rounding on these 0/1
// systems is near 1e-13; real moves are at least kCoherenceTolerance.
constexpr double kNegligibleMove = 1e-12;

// The band [lower, upper] of one figure or of a combination of figures.
struct Band {
  double lower;
  double upper;
};

class Describer {
 public:
  explicit Describer(std::span<const FigureBand> figures) : figures_(figures) {}

  std::string name(std::size_t j) const {
    return figures_[j].name.empty() ? fmt::format("figure {}", j + 1) : figures_[j].name;
  }
  bool exact(std::size_t j) const { return figures_[j].lower == figures_[j].upper; }
  Band band(std::size_t j) const { return {figures_[j].lower, figures_[j].upper}; }

  // "two or more (6.02%)", or with a band "two or more (5.97% to 6.07%)".
  std::string named(std::size_t j) const { return fmt::format("{} ({})", name(j), value(band(j))); }

  static std::string percent(double proportion, int decimals = 2) {
    return fmt::format("{:.{}f}%", 100.0 * proportion, decimals);
  }
  // The fewest decimals, 2 or more, that print a and b differently, so a
  // small move does not read "from 6.02% to 6.02%". 9 is enough for any
  // move kCoherenceTolerance (1e-7 of a point) tells apart.
  static int decimals_to_tell_apart(double a, double b) {
    int decimals = 2;
    while (decimals < 9 && percent(a, decimals) == percent(b, decimals)) ++decimals;
    return decimals;
  }
  // Decimals for a band: one digit finer than its width, so the width shows
  // ("5.97% to 6.07%" for +-0.05 points, "6.0204% to 6.0214%" for +-0.0005,
  // where 2 decimals would print "4.70% to 4.71%" for a band a tenth that
  // wide).
  static int band_decimals(Band b) {
    const double width_points = 100.0 * (b.upper - b.lower);
    if (!(width_points > 0.0)) return 2;
    // The 1e-6 keeps a width of 0.001 points computed as 0.00099999... at
    // 4 decimals, not 5.
    const double digits = 1.0 + std::ceil(-std::log10(width_points) - 1e-6);
    return static_cast<int>(std::clamp(digits, 2.0, 9.0));
  }
  static std::string value(Band b) {
    if (b.lower == b.upper) return percent(b.lower);
    const int decimals = band_decimals(b);
    return percent(b.lower, decimals) + " to " + percent(b.upper, decimals);
  }
  // A gap between figures or bands, in percentage points. `banded`: some
  // figure involved is a band, and the gap is the least over the bands.
  static std::string points(double proportion, bool banded) {
    const double pts = 100.0 * proportion;
    const std::string least = banded ? "at least " : "";
    if (pts < 0.005) return least + "less than 0.01 points";  // would print as 0.00
    return fmt::format("{}{:.2f} points", least, pts);
  }

 private:
  std::span<const FigureBand> figures_;
};

std::string sentence(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

// "a, b and c"
std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

void validate(int n_conditions, std::span<const FigureBand> figures) {
  if (n_conditions < 1 || n_conditions > kMaxConditions)
    throw std::invalid_argument(fmt::format("{} conditions: the joint table supports 1 to {}",
                                            n_conditions, kMaxConditions));
  const CellSet table = all_cells(n_conditions);
  for (std::size_t j = 0; j < figures.size(); ++j) {
    const FigureBand& f = figures[j];
    const std::string who = fmt::format("figure {} (\"{}\")", j + 1, f.name);
    if (f.cells == 0) throw std::invalid_argument(who + " sums no cells");
    if ((f.cells & ~table) != 0)
      throw std::invalid_argument(fmt::format(
          "{} includes cell {}, but a table over {} conditions has cells 0 to {}", who,
          std::countr_zero(f.cells & ~table), n_conditions, cell_count(n_conditions) - 1));
    for (const double end : {f.lower, f.upper})
      if (!(end >= 0.0 && end <= 1.0))  // also rejects NaN
        throw std::invalid_argument(fmt::format(
            "{} has a band end of {}, outside [0, 1]: figures are proportions", who, end));
    if (f.lower > f.upper)
      throw std::invalid_argument(
          fmt::format("{} has its lower end {} above its upper end {}", who, f.lower, f.upper));
  }
}

// The least-total-movement LP (see coherence.hpp). Variables: the cells,
// then (s+_j, s-_j) per figure, then (w, v) per band with w + v = upper -
// lower, so that set_j . cells + s+_j - s-_j - w = lower_j puts the figure
// anywhere in its band. Every right-hand side (1, lower_j, upper_j - lower_j)
// is >= 0, as the solver requires. Returns the moves s+_j - s-_j.
std::vector<double> least_moves(int n_conditions, std::span<const FigureBand> figures, double& total) {
  const Eigen::Index n_cells = cell_count(n_conditions);
  const auto m = static_cast<Eigen::Index>(figures.size());
  std::vector<Eigen::Index> band_of(figures.size(), -1);
  Eigen::Index n_bands = 0;
  for (std::size_t j = 0; j < figures.size(); ++j)
    if (figures[j].lower < figures[j].upper) band_of[j] = n_bands++;

  const Eigen::Index rows = 1 + m + n_bands;
  const Eigen::Index cols = n_cells + 2 * m + 2 * n_bands;
  Eigen::MatrixXd E = Eigen::MatrixXd::Zero(rows, cols);
  Eigen::VectorXd f = Eigen::VectorXd::Zero(rows);
  Eigen::VectorXd c = Eigen::VectorXd::Zero(cols);

  E.row(0).head(n_cells).setOnes();
  f[0] = 1.0;
  for (Eigen::Index j = 0; j < m; ++j) {
    const FigureBand& fig = figures[static_cast<std::size_t>(j)];
    const Eigen::Index row = 1 + j;
    for (Eigen::Index cell = 0; cell < n_cells; ++cell)
      if (contains(fig.cells, static_cast<int>(cell))) E(row, cell) = 1.0;
    const Eigen::Index up = n_cells + 2 * j, down = up + 1;
    E(row, up) = 1.0;
    E(row, down) = -1.0;
    c[up] = c[down] = 1.0;
    f[row] = fig.lower;
    if (const Eigen::Index b = band_of[static_cast<std::size_t>(j)]; b >= 0) {
      const Eigen::Index w = n_cells + 2 * m + 2 * b, v = w + 1, band_row = 1 + m + b;
      E(row, w) = -1.0;
      E(band_row, w) = E(band_row, v) = 1.0;
      f[band_row] = fig.upper - fig.lower;
    }
  }

  const LinearProgramResult lp = solve_linear_program(E, f, c);
  // The problem is feasible (cells uniform, slacks absorbing every gap) and
  // bounded below by 0, so anything else is a bug in the solver.
  if (lp.status != LinearProgramStatus::optimal)
    throw std::logic_error("coherence: the least-change linear programme did not reach an optimum");
  total = lp.objective;
  std::vector<double> moves(figures.size());
  for (Eigen::Index j = 0; j < m; ++j)
    moves[static_cast<std::size_t>(j)] = lp.x[n_cells + 2 * j] - lp.x[n_cells + 2 * j + 1];
  return moves;
}

// The rules of check_coherence, in order: single figures, pairs, triples.
class RuleChecker {
 public:
  RuleChecker(int n_conditions, std::span<const FigureBand> figures)
      : table_(all_cells(n_conditions)), figures_(figures), say_(figures) {
    for (const FigureBand& f : figures) has_whole_ = has_whole_ || f.cells == table_;
  }

  struct Findings {
    std::vector<std::string> sentences;
    std::vector<std::string> rules;
    double gap_sum = 0.0;  // the gaps of the broken rules, added up, in proportions
  };

  Findings findings() {
    const std::size_t m = figures_.size();
    for (std::size_t j = 0; j < m; ++j) check_whole(j);
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = i + 1; j < m; ++j) check_pair(i, j);
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = i + 1; j < m; ++j)
        for (std::size_t k = 0; k < m; ++k)
          if (k != i && k != j) check_triple(i, j, k);
    return {std::move(out_), std::move(rules_), gap_sum_};
  }

 private:
  CellSet cells(std::size_t j) const { return figures_[j].cells; }
  bool banded(std::initializer_list<std::size_t> js) const {
    return std::any_of(js.begin(), js.end(), [&](std::size_t j) { return !say_.exact(j); });
  }
  // Records a broken rule: its sentence, and the least movement (in
  // proportions) that closing it alone takes.
  // `rule` names the rule without figures' values, so that the same rule
  // broken in many areas reads the same.
  void add(double gap, std::string rule, std::string text) {
    out_.push_back(sentence(std::move(text)));
    rules_.push_back(std::move(rule));
    gap_sum_ += gap;
  }

  void check_whole(std::size_t j) {
    if (cells(j) != table_) return;
    const double gap = 1.0 - figures_[j].upper;
    if (gap > kCoherenceTolerance)
      add(gap, fmt::format("{} must be 100%", say_.name(j)),
          fmt::format("{} counts everyone in the table, so it must be 100%; it is {} below",
                           say_.named(j), say_.points(gap, banded({j}))));
  }

  void check_pair(std::size_t i, std::size_t j) {
    const Band a = say_.band(i), b = say_.band(j);
    if (cells(i) == cells(j)) {
      const double gap = std::max(a.lower - b.upper, b.lower - a.upper);
      if (gap > kCoherenceTolerance)
        add(gap, fmt::format("{} and {} must be equal", say_.name(i), say_.name(j)),
            fmt::format("{} and {} count the same people, so they must be equal; they differ by {}",
                             say_.named(i), say_.named(j), say_.points(gap, banded({i, j}))));
      return;
    }
    check_subset(i, j);
    check_subset(j, i);
    if ((cells(i) & cells(j)) != 0) return;

    const Band sum{a.lower + b.lower, a.upper + b.upper};
    if ((cells(i) | cells(j)) == table_) {
      // A figure over every cell would make this a disjoint-union triple;
      // the triple rule reports it then, so it is not said twice.
      if (has_whole_) return;
      const double over = sum.lower - 1.0, short_by = 1.0 - sum.upper;
      if (over > kCoherenceTolerance || short_by > kCoherenceTolerance)
        add(std::max(over, short_by), fmt::format("{} + {} must be 100%", say_.name(i), say_.name(j)),
            fmt::format(
            "{} and {} between them count everyone exactly once, so they must add up to 100%; they "
            "add up to {}, {} {}",
            say_.named(i), say_.named(j), say_.value(sum),
            say_.points(std::max(over, short_by), banded({i, j})), over > 0.0 ? "over" : "short"));
    } else {
      const double over = sum.lower - 1.0;
      if (over > kCoherenceTolerance)
        add(over, fmt::format("{} + {} cannot exceed 100%", say_.name(i), say_.name(j)),
            fmt::format(
            "{} and {} count no one in common, so together they cannot exceed 100%; they add up "
            "to {}, {} over",
            say_.named(i), say_.named(j), say_.value(sum), say_.points(over, banded({i, j}))));
    }
  }

  // Figure `inner` counts a strict subset of the cells `outer` counts.
  void check_subset(std::size_t inner, std::size_t outer) {
    if ((cells(inner) & ~cells(outer)) != 0) return;
    const double gap = figures_[inner].lower - figures_[outer].upper;
    if (gap > kCoherenceTolerance)
      add(gap, fmt::format("{} cannot be above {}", say_.name(inner), say_.name(outer)),
          fmt::format(
          "{} cannot be above {}: everyone counted in the first is counted in the second; it is {} "
          "above",
          say_.named(inner), say_.named(outer), say_.points(gap, banded({inner, outer}))));
  }

  // Figures i < j, and k, which may be their disjoint union, their
  // intersection or their union.
  void check_triple(std::size_t i, std::size_t j, std::size_t k) {
    const CellSet ci = cells(i), cj = cells(j), ck = cells(k);
    const Band a = say_.band(i), b = say_.band(j), t = say_.band(k);
    const bool is_banded = banded({i, j, k});
    if ((ci & cj) == 0) {
      if (ck != (ci | cj)) return;
      const Band sum{a.lower + b.lower, a.upper + b.upper};
      const double gap = std::max(sum.lower - t.upper, t.lower - sum.upper);
      // The part holding the lowest-numbered cell first: "exactly two +
      // all three", whatever order the figures came in.
      const bool i_first = std::countr_zero(ci) < std::countr_zero(cj);
      if (gap > kCoherenceTolerance)
        add(gap,
            fmt::format("{} should equal {} + {}", say_.name(k), say_.name(i_first ? i : j),
                        say_.name(i_first ? j : i)),
            fmt::format("{} should equal {} + {} = {}; they differ by {}", say_.named(k),
                             say_.named(i_first ? i : j), say_.named(i_first ? j : i), say_.value(sum),
                             say_.points(gap, is_banded)));
      return;
    }
    // Nested figures: the intersection and union are the figures themselves,
    // and the subset and equality rules already say all there is.
    if ((ci & ~cj) == 0 || (cj & ~ci) == 0) return;
    if (ck == (ci & cj)) {
      const double bound = a.lower + b.lower - 1.0;
      const double gap = bound - t.upper;
      if (gap > kCoherenceTolerance)
        add(gap, fmt::format("{} cannot be below {} + {} - 100%", say_.name(k), say_.name(i), say_.name(j)),
            fmt::format(
            "{} cannot be below {} + {} - 100% = {}: at least that many are counted in both, and "
            "it counts everyone counted in both; it is {} below",
            say_.named(k), say_.named(i), say_.named(j), say_.percent(bound), say_.points(gap, is_banded)));
    } else if (ck == (ci | cj)) {
      const double bound = a.upper + b.upper;
      const double gap = t.lower - bound;
      if (gap > kCoherenceTolerance)
        add(gap, fmt::format("{} cannot be above {} + {}", say_.name(k), say_.name(i), say_.name(j)),
            fmt::format(
            "{} cannot be above {} + {} = {}: everyone it counts is counted in one or both; it is {} "
            "above",
            say_.named(k), say_.named(i), say_.named(j), say_.percent(bound), say_.points(gap, is_banded)));
    }
  }

  CellSet table_;
  std::span<const FigureBand> figures_;
  Describer say_;
  bool has_whole_ = false;
  std::vector<std::string> out_, rules_;
  double gap_sum_ = 0.0;
};

// "two or more from 6.02% to 5.89%", with enough decimals that the numbers
// differ on the page (a move of 0.001 points would print as "from 6.02% to
// 6.02%" at 2).
std::string describe_move(const Describer& say, const FigureAdjustment& a) {
  const double published = a.nearest_possible < a.published_lower ? a.published_lower : a.published_upper;
  const int decimals = std::max(Describer::decimals_to_tell_apart(published, a.nearest_possible),
                                Describer::band_decimals({a.published_lower, a.published_upper}));
  const std::string from =
      a.published_lower == a.published_upper
          ? Describer::percent(a.published_lower, decimals)
          : fmt::format("between {} and {}", Describer::percent(a.published_lower, decimals),
                        Describer::percent(a.published_upper, decimals));
  return fmt::format("{} from {} to {}", say.name(a.figure), from,
                     Describer::percent(a.nearest_possible, decimals));
}

}  // namespace

CoherenceReport check_coherence(int n_conditions, std::span<const FigureBand> figures) {
  validate(n_conditions, figures);
  CoherenceReport report;
  if (figures.empty()) return report;

  double total = 0.0;
  const std::vector<double> moves = least_moves(n_conditions, figures, total);
  if (total <= kCoherenceTolerance) return report;

  report.coherent = false;
  report.total_change = total;
  for (std::size_t j = 0; j < figures.size(); ++j) {
    if (std::abs(moves[j]) <= kNegligibleMove) continue;
    // s+ > 0 (move > 0) means the table sits below the band, at lower - s+.
    const double nearest = moves[j] > 0.0 ? figures[j].lower - moves[j] : figures[j].upper - moves[j];
    report.smallest_change.push_back({j, figures[j].lower, figures[j].upper, std::clamp(nearest, 0.0, 1.0)});
  }

  const Describer say(figures);
  auto [sentences, rules, gap_sum] = RuleChecker(n_conditions, figures).findings();
  report.findings = std::move(sentences);
  report.broken_rules = std::move(rules);
  if (report.findings.empty()) {
    report.broken_rules.push_back("no two or three conflict, but together they cannot all hold");
    std::vector<std::string> moved;
    for (const FigureAdjustment& a : report.smallest_change)
      moved.push_back(fmt::format("{} by {}", say.named(a.figure),
                                  Describer::points(std::abs(moves[a.figure]), false)));
    report.findings.push_back(fmt::format(
        "No two or three of these figures conflict on their own, but together they cannot all hold; "
        "the least change moves {}.",
        join_list(moved)));
  } else {
    for (std::string& finding : report.findings) finding += '.';
    // Each gap is the least movement that closes its rule alone. When the
    // least change overall is more than all of them together, the sentences
    // above do not explain it all, and the analyst should know (the Leeds
    // figures: the union rule needs 0.13 points, but inclusion-exclusion
    // over five figures, which no rule here looks at, needs 0.29 in all).
    // (Only when the two print differently: "0.13 points, more than the
    // 0.13 points" would read as a contradiction.)
    if (total > gap_sum + kCoherenceTolerance &&
        Describer::points(total, false) != Describer::points(gap_sum, false))
      report.findings.push_back(fmt::format(
          "Closing only the gaps above is not enough: the figures need {} of change in all, more than "
          "the {} those gaps add up to.",
          Describer::points(total, false), Describer::points(gap_sum, false)));
  }

  std::vector<std::string> changes;
  for (const FigureAdjustment& a : report.smallest_change) changes.push_back(describe_move(say, a));
  std::string last = "The smallest change that makes them possible: " + join_list(changes);
  if (changes.size() > 1) last += fmt::format(" ({} in all)", Describer::points(total, false));
  report.findings.push_back(last + ".");
  return report;
}

}  // namespace prevalence::models
