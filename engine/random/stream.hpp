#pragma once
// Counter-based random numbers: every number the Monte Carlo uses is a pure
// function of (seed, stream, draw, area), so results do not depend on the
// number of threads, on the order areas are processed, or on how areas are
// sharded across jobs.

#include <Random123/philox.h>

#include <cstdint>
#include <limits>
#include <string_view>

namespace prevalence::random {

/// 64-bit FNV-1a hash: a stable name-to-number map for streams and areas.
/// Key areas by their code, never by row index: adding or sharding areas must
/// not change any other area's draws.
std::uint64_t stable_hash(std::string_view text) noexcept;

/// The stream id of one purpose ("rate", "population", "sample") for one name
/// (a measure id, say), so each purpose gets its own independent numbers.
std::uint64_t stream_id(std::string_view purpose, std::string_view name) noexcept;

/// One independent sequence of random numbers for (seed, stream, draw, area).
/// Philox4x32-10: the key mixes seed and stream; the counter holds draw, area
/// and a block index that advances as numbers are consumed.
///
/// Meets the C++ UniformRandomBitGenerator requirements, so Boost.Random
/// distributions can draw from it.
class RandomStream {
 public:
  using result_type = std::uint32_t;
  /// The Philox key of one (seed, stream): computed once, it makes the many
  /// streams of one purpose (one per area and draw) cheaper to start.
  using Key = r123::Philox4x32::key_type;

  static Key key(std::uint64_t seed, std::uint64_t stream) noexcept;

  RandomStream(std::uint64_t seed, std::uint64_t stream, std::uint32_t draw,
               std::uint64_t area) noexcept;
  RandomStream(const Key& key, std::uint32_t draw, std::uint64_t area) noexcept;

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept {
    return std::numeric_limits<result_type>::max();
  }

  /// The next 32 random bits. Inline: realised mode takes a dozen words per
  /// area and draw.
  result_type operator()() noexcept {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  /// Uniform on the open interval (0, 1), 53 random bits: never 0 or 1, so it
  /// is safe to pass to a quantile function.
  double uniform01() noexcept;

  /// Standard normal, by Boost.Random's ziggurat: two 32-bit words for
  /// almost every draw, and no logarithm or sine on the common path.
  double normal();

 private:
  void refill() noexcept;
  std::uint64_t next64() noexcept;

  r123::Philox4x32 philox_;
  r123::Philox4x32::key_type key_;
  r123::Philox4x32::ctr_type counter_;
  r123::Philox4x32::ctr_type block_;
  unsigned used_ = 4;  // words of block_ already handed out
};

}  // namespace prevalence::random
