#pragma once
// The distribution of one uncertain proportion (a prevalence or a rate), built
// from a published figure in any of the forms scenario files accept, and
// sampled by inversion so that one uniform maps to one rate: common random
// numbers then pair draws across scenarios.

#include "models/rate/beta_from_interval.hpp"

#include <optional>
#include <string>
#include <utility>

namespace prevalence::models {

/// How a figure is written in its source. The engine works in proportions.
enum class FigureUnit { proportion, percent, per_10000 };

/// Multiplier from a proportion to `unit` (1, 100 or 10,000).
double unit_scale(FigureUnit unit) noexcept;

/// Short unit suffix for messages and tables: "", "%", " per 10,000".
const char* unit_suffix(FigureUnit unit) noexcept;

/// Whether an interval comes from the source or is the analyst's assumption.
enum class IntervalBasis { published, assumed };

/// A central interval, in the figure's own unit.
struct FigureInterval {
  double lower = 0.0;
  double upper = 0.0;
  double level = 0.95;
  IntervalBasis basis = IntervalBasis::published;
};

/// "x of n": a count x observed among n (administrative counts, survey cells).
struct CountOf {
  double count = 0.0;
  double of = 0.0;
};

/// A published figure as a scenario states it: either a value (with an
/// optional interval, or an assumed effective sample size) or a count x of n.
/// Values and intervals are in `unit`.
/// What a complete count (an administrative return, not a sample) says
/// about the rate it gives, where it is carried to another area or year:
/// the underlying rate's Poisson uncertainty, or none.
enum class CarriedCount { poisson, none };

struct PublishedFigure {
  FigureUnit unit = FigureUnit::proportion;
  std::optional<double> value;
  std::optional<FigureInterval> interval;
  std::optional<double> effective_sample_size;  ///< assumed precision: "as precise as a sample of n"
  std::optional<CountOf> count_of;
  std::string why_assumed;  ///< the scenario's reason for an assumed uncertainty
  /// Set when count_of is a complete count, not a sample: its rate x / n is
  /// then a Poisson rate (x events in a population of n) or a point.
  std::optional<CarriedCount> complete_count;
};

/// A proportion's distribution: a point mass (a published figure without any
/// stated uncertainty), a Beta, or a two-piece Beta.
///
/// A figure published as a value and an interval ("0.8 % (90 % CI 0.3 to
/// 2.1)") becomes a two-piece Beta: below its median, the Beta whose median
/// is the value and whose lower quantile is the interval's lower end; above
/// it, the Beta through the value and the upper end. Its median is the
/// published value and both ends are matched exactly, which no single Beta
/// can do when the interval is skewed the other way from the Beta's own
/// skew (0.8 % [0.3, 2.1] fitted by its ends alone has median 0.93 % and
/// mean 1.03 %). The density steps at the median; the distribution
/// function and the quantile function are continuous.
class RateDistribution {
 public:
  /// Builds and validates. Every rule a figure must satisfy is checked here.
  /// @throw std::invalid_argument naming the rule broken (value outside its
  ///        unit's range, interval not containing the value, x > n, ...)
  static RateDistribution from_figure(const PublishedFigure& figure);

  static RateDistribution point(double proportion);
  static RateDistribution beta(BetaShape shape);
  /// The rate underlying a complete count of x events among n people,
  /// Gamma(x + 1/2, 1) / n: the Jeffreys posterior of a Poisson mean, whose
  /// central intervals lie close to Garwood's exact ones. Its point() is x / n.
  static RateDistribution poisson_rate(double x, double n);
  /// Quantiles below 1/2 from `below`, above from `above`; both must have
  /// the same median (to the solver's precision).
  static RateDistribution two_piece(BetaShape below, BetaShape above);

  bool is_point() const noexcept { return !shape_ && !gamma_shape_; }
  bool is_two_piece() const noexcept { return above_.has_value(); }
  /// The published value a distribution is centred on where one is kept: a
  /// point's value, a Poisson rate's x / n; otherwise the mean.
  double point_value() const { return is_point() || gamma_shape_ ? point_ : mean(); }
  /// A Poisson rate's Gamma shape (x + 1/2) and its scale (1 / n).
  std::optional<std::pair<double, double>> gamma() const {
    if (!gamma_shape_) return std::nullopt;
    return std::pair{*gamma_shape_, gamma_scale_};
  }
  double mean() const;
  /// Quantile at u in (0, 1). For a point mass, the value itself.
  double quantile(double u) const;
  /// The Beta (of a two-piece Beta, the piece below the median).
  const std::optional<BetaShape>& shape() const noexcept { return shape_; }
  /// A two-piece Beta's piece above the median.
  const std::optional<BetaShape>& above_median() const noexcept { return above_; }

 private:
  double point_ = 0.0;
  std::optional<BetaShape> shape_, above_;
  std::optional<double> gamma_shape_;
  double gamma_scale_ = 0.0;
};

}  // namespace prevalence::models
