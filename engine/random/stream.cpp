#include "engine/random/stream.hpp"

#include <boost/random/normal_distribution.hpp>
#include <Random123/uniform.hpp>

namespace prevalence::random {
namespace {

// SplitMix64 finaliser (Steele, Lea and Flood 2014): spreads the bits of the
// seed so that nearby seeds (1, 2, 3, ...) give unrelated Philox keys.
std::uint64_t mix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::uint64_t stable_hash(std::string_view text) noexcept {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64-bit offset basis
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;  // FNV-1a 64-bit prime
  }
  return hash;
}

std::uint64_t stream_id(std::string_view purpose, std::string_view name) noexcept {
  return mix64(stable_hash(purpose)) ^ stable_hash(name);
}

RandomStream::Key RandomStream::key(std::uint64_t seed, std::uint64_t stream) noexcept {
  const std::uint64_t mixed = mix64(mix64(seed) ^ stream);
  return {{static_cast<std::uint32_t>(mixed), static_cast<std::uint32_t>(mixed >> 32)}};
}

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t stream,
                           std::uint32_t draw, std::uint64_t area) noexcept
    : RandomStream(key(seed, stream), draw, area) {}

RandomStream::RandomStream(const Key& key, std::uint32_t draw, std::uint64_t area) noexcept
    : key_(key),
      counter_{{draw, static_cast<std::uint32_t>(area), static_cast<std::uint32_t>(area >> 32), 0}} {}

void RandomStream::refill() noexcept {
  block_ = philox_(counter_, key_);
  ++counter_.v[3];
  used_ = 0;
}

std::uint64_t RandomStream::next64() noexcept {
  const std::uint64_t high = (*this)();
  return (high << 32) | (*this)();
}

double RandomStream::uniform01() noexcept {
  return r123::u01fixedpt<double>(next64());
}

double RandomStream::normal() { return boost::random::normal_distribution<double>()(*this); }

}  // namespace prevalence::random
