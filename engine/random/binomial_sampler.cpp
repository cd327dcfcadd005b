#include "engine/random/binomial_sampler.hpp"

#include <boost/random/binomial_distribution.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace prevalence::engine {

BinomialSampler::BinomialSampler(double p) noexcept {
  p = std::clamp(p, 0.0, 1.0);
  flipped_ = p > 0.5;
  p_ = flipped_ ? 1.0 - p : p;
  log_q_ = std::log1p(-p_);
  odds_ = p_ / (1.0 - p_);
}

std::int64_t BinomialSampler::operator()(std::int64_t n, RandomStream& random) const {
  std::int64_t x = 0;
  if (n > 0 && p_ > 0.0) {
    if (static_cast<double>(n + 1) * p_ < kInversionLimit)
      x = invert(n, random);
    else
      x = boost::random::binomial_distribution<std::int64_t, double>(n, p_)(random);
  }
  return flipped_ ? n - x : x;
}

std::int64_t BinomialSampler::invert(std::int64_t n, RandomStream& random) const noexcept {
  // 1 / x for the first steps of the search: a multiply instead of a divide
  // on the loop's critical path. Searches rarely go past a few times the
  // mean, which is under kInversionLimit here.
  static constexpr int kTabulated = 64;
  static const std::array<double, kTabulated> reciprocal = [] {
    std::array<double, kTabulated> r{};
    for (int x = 1; x < kTabulated; ++x) r[static_cast<std::size_t>(x)] = 1.0 / x;
    return r;
  }();

  // Walk up the probabilities P(0), P(1), ... until they pass u. With
  // (n + 1) p < 11 and p <= 1/2, P(0) >= 2^-21: no underflow. A 32-bit
  // uniform misplaces at most 2^-33 of probability, far below any Monte
  // Carlo error, as Boost.Random's own uniform from a 32-bit engine does.
  double u = (static_cast<double>(random()) + 0.5) * 0x1p-32;
  double probability = std::exp(static_cast<double>(n) * log_q_);
  std::int64_t x = 0;
  while (u > probability && x < n) {
    u -= probability;
    ++x;
    const double inverse_x = x < kTabulated ? reciprocal[static_cast<std::size_t>(x)] : 1.0 / static_cast<double>(x);
    probability *= odds_ * static_cast<double>(n + 1 - x) * inverse_x;
  }
  return x;
}

}  // namespace prevalence::engine
