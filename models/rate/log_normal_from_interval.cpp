#include "models/rate/log_normal_from_interval.hpp"

#include <boost/math/distributions/normal.hpp>

#include <cmath>
#include <stdexcept>

namespace prevalence::models {

LogNormalShape log_normal_from_interval(double lower, double upper, double level) {
  if (!(lower > 0.0 && lower < upper && std::isfinite(upper)))
    throw std::invalid_argument("log-normal interval: need 0 < lower < upper");
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("log-normal interval: need 0 < level < 1");
  const double z = boost::math::quantile(boost::math::normal(), (1.0 + level) / 2.0);
  return {(std::log(lower) + std::log(upper)) / 2.0, (std::log(upper) - std::log(lower)) / (2.0 * z)};
}

}  // namespace prevalence::models
