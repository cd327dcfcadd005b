#include "models/rate/rate_distribution.hpp"

#include "models/rate/normal_score_quantile.hpp"

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace prevalence::models {
namespace {

// Boost's default policy evaluates double functions in long double. For the
// Beta quantile that is 7x slower (11 us against 1.7 us a call, measured with
// Leeds shapes) for a change below 2e-15 relative: far inside Monte Carlo
// error, and this call runs once per measure and draw.
using FastPolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

std::string in_unit(double value, FigureUnit unit) {
  return fmt::format("{}{}", value, unit_suffix(unit));
}

void check_value(double value, FigureUnit unit, const char* what) {
  const double top = unit_scale(unit);
  if (!(value >= 0.0 && value <= top))
    throw std::invalid_argument(fmt::format("{} {} is outside [0, {}{}]", what,
                                            in_unit(value, unit), top, unit_suffix(unit)));
}

RateDistribution from_interval(const PublishedFigure& figure) {
  const FigureInterval& ci = *figure.interval;
  const double scale = unit_scale(figure.unit);
  check_value(ci.lower, figure.unit, "interval lower end");
  check_value(ci.upper, figure.unit, "interval upper end");
  if (ci.lower > ci.upper)
    throw std::invalid_argument(fmt::format("interval lower end {} is above its upper end {}",
                                            in_unit(ci.lower, figure.unit),
                                            in_unit(ci.upper, figure.unit)));
  if (figure.value && !(ci.lower <= *figure.value && *figure.value <= ci.upper))
    throw std::invalid_argument(fmt::format("value {} is outside its interval [{}, {}]",
                                            in_unit(*figure.value, figure.unit), ci.lower,
                                            in_unit(ci.upper, figure.unit)));
  if (ci.lower == ci.upper)
    throw std::invalid_argument("interval has zero width: give the value alone instead");
  if (ci.lower == 0.0 || ci.upper == scale) {
    const bool at_zero = ci.lower == 0.0;
    const std::string edge = at_zero ? "0" : in_unit(scale, figure.unit);
    throw std::invalid_argument(fmt::format(
        "interval [{}, {}] touches {}: no Beta distribution has a quantile there; a published interval rounded to "
        "{} can be given an end just {} it instead",
        ci.lower, in_unit(ci.upper, figure.unit), edge, edge, at_zero ? "above" : "below"));
  }
  if (!figure.value) return RateDistribution::beta(beta_from_interval(ci.lower / scale, ci.upper / scale, ci.level));
  // The value is the median; each half matches one end.
  if (*figure.value == ci.lower || *figure.value == ci.upper)
    throw std::invalid_argument(fmt::format(
        "value {} is an end of its interval [{}, {}]: a value is drawn as the interval's median, so it must lie "
        "inside it (give the interval alone if the value is not its centre)",
        in_unit(*figure.value, figure.unit), ci.lower, in_unit(ci.upper, figure.unit)));
  const double median = *figure.value / scale;
  return RateDistribution::two_piece(beta_from_quantiles(ci.lower / scale, (1.0 - ci.level) / 2.0, median, 0.5),
                                     beta_from_quantiles(median, 0.5, ci.upper / scale, (1.0 + ci.level) / 2.0));
}

}  // namespace

double unit_scale(FigureUnit unit) noexcept {
  switch (unit) {
    case FigureUnit::percent: return 100.0;
    case FigureUnit::per_10000: return 10000.0;
    case FigureUnit::proportion: break;
  }
  return 1.0;
}

const char* unit_suffix(FigureUnit unit) noexcept {
  switch (unit) {
    case FigureUnit::percent: return "%";
    case FigureUnit::per_10000: return " per 10,000";
    case FigureUnit::proportion: break;
  }
  return "";
}

RateDistribution RateDistribution::point(double proportion) {
  RateDistribution d;
  d.point_ = proportion;
  return d;
}

RateDistribution RateDistribution::beta(BetaShape shape) {
  if (!(shape.alpha > 0.0 && shape.beta > 0.0 && std::isfinite(shape.alpha) &&
        std::isfinite(shape.beta)))
    throw std::invalid_argument(fmt::format("Beta shapes ({}, {}) must be positive and finite",
                                            shape.alpha, shape.beta));
  RateDistribution d;
  d.shape_ = shape;
  return d;
}

RateDistribution RateDistribution::poisson_rate(double x, double n) {
  if (!(n > 0.0 && std::isfinite(n))) throw std::invalid_argument(fmt::format("population n = {} must be positive", n));
  if (!(x >= 0.0 && std::isfinite(x))) throw std::invalid_argument(fmt::format("count x = {} must not be negative", x));
  RateDistribution d;
  d.point_ = x / n;
  d.gamma_shape_ = x + 0.5;
  d.gamma_scale_ = 1.0 / n;
  return d;
}

RateDistribution RateDistribution::two_piece(BetaShape below, BetaShape above) {
  RateDistribution d = beta(below);
  d.above_ = beta(above).shape_;
  return d;
}

RateDistribution RateDistribution::from_figure(const PublishedFigure& figure) {
  const int forms = (figure.value || figure.interval) + figure.count_of.has_value();
  if (forms != 1)
    throw std::invalid_argument("give either a value (with an optional interval) or a count of n");
  if (figure.interval && figure.effective_sample_size)
    throw std::invalid_argument("give an interval or an effective sample size, not both");

  if (figure.count_of) {
    const auto [x, n] = *figure.count_of;
    if (!(n > 0.0)) throw std::invalid_argument(fmt::format("denominator n = {} must be positive", n));
    if (!(x >= 0.0)) throw std::invalid_argument(fmt::format("count x = {} must not be negative", x));
    if (x > n) throw std::invalid_argument(fmt::format("count x = {} is above its denominator n = {}", x, n));
    // A complete count is not a sample of n: its only uncertainty, where it
    // is carried elsewhere, is the chance (Poisson) variation of what was
    // counted, or none.
    if (figure.complete_count)
      return *figure.complete_count == CarriedCount::poisson ? poisson_rate(x, n) : point(x / n);
    // Jeffreys prior Beta(1/2, 1/2): proper even when x = 0 or x = n, and the
    // interval it gives has close to nominal frequentist coverage (Brown, Cai
    // and DasGupta 2001).
    return beta({x + 0.5, n - x + 0.5});
  }
  if (figure.value) check_value(*figure.value, figure.unit, "value");
  if (figure.interval) return from_interval(figure);

  const double p = *figure.value / unit_scale(figure.unit);
  if (figure.effective_sample_size) {
    const double n = *figure.effective_sample_size;
    if (!(n > 0.0 && std::isfinite(n)))
      throw std::invalid_argument(fmt::format("effective sample size {} must be positive", n));
    if (p <= 0.0 || p >= 1.0)
      throw std::invalid_argument(fmt::format(
          "value {} must be strictly between 0 and 100% to carry an effective sample size",
          in_unit(*figure.value, figure.unit)));
    // Mean exactly p, variance p(1-p)/(n+1): the precision of a sample of n.
    return beta({p * n, (1.0 - p) * n});
  }
  return point(p);
}

double RateDistribution::mean() const {
  if (gamma_shape_) return *gamma_shape_ * gamma_scale_;
  if (!shape_) return point_;
  const auto [a, b] = *shape_;
  if (!above_) return a / (a + b);
  // Half the mass from each piece: E[X; X <= m] = a / (a + b) I_m(a + 1, b)
  // for a Beta(a, b), and the same above m with the upper tail.
  const auto [c, d] = *above_;
  const double m = quantile(0.5);
  return a / (a + b) * boost::math::ibeta(a + 1.0, b, m, FastPolicy()) +
         c / (c + d) * boost::math::ibetac(c + 1.0, d, m, FastPolicy());
}

double RateDistribution::quantile(double u) const {
  if (gamma_shape_) return boost::math::gamma_p_inv(*gamma_shape_, u, FastPolicy()) * gamma_scale_;
  if (!shape_) return point_;
  const BetaShape& piece = above_ && u > 0.5 ? *above_ : *shape_;
  try {
    return boost::math::ibeta_inv(piece.alpha, piece.beta, u, FastPolicy());
  } catch (const std::exception&) {
    // Boost 1.74's inversion gives up on some small shapes far in a tail
    // (Beta(0.5, 2) below u = 1e-10): there, the quantile by root finding on
    // the tail probability's logarithm (normal_score_quantile.hpp), at the
    // normal score of u. Rare enough that building its table does not matter.
    const double z = -std::sqrt(2.0) * boost::math::erfc_inv(2.0 * u, FastPolicy());
    return NormalScoreQuantile::beta(piece.alpha, piece.beta).exact(z);
  }
}

}  // namespace prevalence::models
