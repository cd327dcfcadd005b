#pragma once
// Binomial draws for realised mode, where one probability (a cell's share in
// one Monte Carlo draw) is shared by every area and only the head-count n
// changes: what depends on p alone is prepared once, so each area's draw
// costs an exp() and a short search, not a general sampler's set-up.

#include "engine/random/stream.hpp"

#include <array>
#include <cmath>
#include <cstdint>

namespace prevalence::random {

/// Binomial(n, p) for one fixed p and any n. Exact: small means by inversion
/// (sequential search from 0, with P(0) = exp(n log(1 - p)) and the odds
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
  /// Inline: realised mode makes about ten of these per area and draw.
  std::int64_t operator()(std::int64_t n, RandomStream& random) const {
    std::int64_t x = 0;
    if (n > 0 && p_ > 0.0) x = static_cast<double>(n + 1) * p_ < kInversionLimit ? invert(n, random) : btrd(n, random);
    return flipped_ ? n - x : x;
  }

  double p() const noexcept { return flipped_ ? 1.0 - p_ : p_; }

 private:
  // 1 / x for the search's first steps: a multiply instead of a divide on
  // its critical path. With a mean under kInversionLimit a search passes
  // kTabulated steps with probability below 1e-20; past it, it divides.
  static constexpr int kTabulated = 64;
  static const std::array<double, kTabulated> kReciprocal;

  std::int64_t invert(std::int64_t n, RandomStream& random) const noexcept {
    // Walk up P(0), P(1), ... until they pass u, with
    // P(x) = P(x - 1) ((n + 1) odds / x - odds). With (n + 1) p < 11 and
    // p <= 1/2, P(0) >= 2^-21: no underflow. A 32-bit uniform misplaces at
    // most 2^-33 of probability, far below any Monte Carlo error, as
    // Boost.Random's own uniform from a 32-bit engine does.
    double u = (static_cast<double>(random()) + 0.5) * 0x1p-32;
    double probability = std::exp(static_cast<double>(n) * log_q_);
    const double scaled_odds = static_cast<double>(n + 1) * odds_;
    std::int64_t x = 0;
    while (u > probability && x < n) {
      u -= probability;
      ++x;
      const double inverse_x = x < kTabulated ? kReciprocal[static_cast<std::size_t>(x)] : 1.0 / static_cast<double>(x);
      probability *= scaled_odds * inverse_x - odds_;
    }
    return x;
  }

  std::int64_t btrd(std::int64_t n, RandomStream& random) const;

  double p_ = 0.0;      ///< min(p, 1 - p)
  double log_q_ = 0.0;  ///< log(1 - p_)
  double odds_ = 0.0;   ///< p_ / (1 - p_)
  bool flipped_ = false;
};

}  // namespace prevalence::random
