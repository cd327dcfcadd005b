#pragma once
// Binomial draws for realised mode, where one probability (a cell's share in
// one Monte Carlo draw) is shared by every area and only the head-count n
// changes: what depends on p alone is prepared once, so each area's draw
// costs an exp() and a short search, not a general sampler's set-up.

#include "engine/random/stream.hpp"

#include <cstdint>

namespace prevalence::engine {

/// Binomial(n, p) for one fixed p and any n. Exact: small means by inversion
/// (sequential search from 0, with P(0) = exp(n log(1 - p)) and the ratio
/// p / (1 - p) prepared); means from kInversionLimit up by Boost.Random's
/// BTRD (Hormann 1993), whose set-up per n is one square root. For p > 1/2 it
/// draws the complement, so the search is always over the rarer outcome.
class BinomialSampler {
 public:
  /// Where inversion's expected search length, about (n + 1) p, costs more
  /// than BTRD's set-up: Boost.Random switches at the same point.
  static constexpr double kInversionLimit = 11.0;

  BinomialSampler() = default;
  /// @param p success probability, clamped to [0, 1]
  explicit BinomialSampler(double p) noexcept;

  /// One draw from Binomial(n, p) using `random`'s next numbers; n >= 0.
  std::int64_t operator()(std::int64_t n, RandomStream& random) const;

  double p() const noexcept { return flipped_ ? 1.0 - p_ : p_; }

 private:
  std::int64_t invert(std::int64_t n, RandomStream& random) const noexcept;

  double p_ = 0.0;      ///< min(p, 1 - p)
  double log_q_ = 0.0;  ///< log(1 - p_)
  double odds_ = 0.0;   ///< p_ / (1 - p_)
  bool flipped_ = false;
};

}  // namespace prevalence::engine
