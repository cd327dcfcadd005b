#pragma once
// The distribution of one uncertain proportion (a prevalence or a rate), built
// from a published figure in any of the forms scenario files accept, and
// sampled by inversion so that one uniform maps to one rate: common random
// numbers then pair draws across scenarios.

#include "models/rate/beta_from_interval.hpp"

#include <optional>
#include <string>

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
struct PublishedFigure {
  FigureUnit unit = FigureUnit::proportion;
  std::optional<double> value;
  std::optional<FigureInterval> interval;
  std::optional<double> effective_sample_size;  ///< assumed precision: "as precise as a sample of n"
  std::optional<CountOf> count_of;
  std::string why_assumed;  ///< the scenario's reason for an assumed uncertainty
};

/// A proportion's distribution: a point mass (a published figure without any
/// stated uncertainty) or a Beta.
class RateDistribution {
 public:
  /// Builds and validates. Every rule a figure must satisfy is checked here.
  /// @throw std::invalid_argument naming the rule broken (value outside its
  ///        unit's range, interval not containing the value, x > n, ...)
  static RateDistribution from_figure(const PublishedFigure& figure);

  static RateDistribution point(double proportion);
  static RateDistribution beta(BetaShape shape);

  bool is_point() const noexcept { return !shape_; }
  double mean() const noexcept;
  /// Quantile at u in (0, 1). For a point mass, the value itself.
  double quantile(double u) const;
  const std::optional<BetaShape>& shape() const noexcept { return shape_; }

 private:
  double point_ = 0.0;
  std::optional<BetaShape> shape_;
};

}  // namespace prevalence::models
