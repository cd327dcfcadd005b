#include "engine/random/binomial_sampler.hpp"

#include <boost/random/binomial_distribution.hpp>

#include <algorithm>

namespace prevalence::random {

const std::array<double, BinomialSampler::kTabulated> BinomialSampler::kReciprocal = [] {
  std::array<double, kTabulated> r{};
  for (int x = 1; x < kTabulated; ++x) r[static_cast<std::size_t>(x)] = 1.0 / x;
  return r;
}();

BinomialSampler::BinomialSampler(double p) noexcept {
  p = std::clamp(p, 0.0, 1.0);
  flipped_ = p > 0.5;
  p_ = flipped_ ? 1.0 - p : p;
  log_q_ = std::log1p(-p_);
  odds_ = p_ / (1.0 - p_);
}

std::int64_t BinomialSampler::btrd(std::int64_t n, RandomStream& random) const {
  // (n + 1) p >= kInversionLimit = 11, where Boost.Random uses BTRD too.
  return boost::random::binomial_distribution<std::int64_t, double>(n, p_)(random);
}

}  // namespace prevalence::random
