// Tests engine/random/stream.cpp: the counter-based random streams every
// Monte Carlo number comes from, and the stable hash that names them.

#include "engine/random/stream.hpp"

#include <Random123/philox.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>

namespace prevalence::random {
namespace {

std::array<std::uint32_t, 4> philox(std::array<std::uint32_t, 4> counter,
                                    std::array<std::uint32_t, 2> key) {
  const r123::Philox4x32::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
  const r123::Philox4x32::key_type k = {{key[0], key[1]}};
  const r123::Philox4x32::ctr_type out = r123::Philox4x32()(c, k);
  return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

std::array<std::uint32_t, 4> first_four(RandomStream random) {
  return {random(), random(), random(), random()};
}

RandomStream reference_stream() {
  return RandomStream(42, stream_id("rate", "trio.any"), 7, stable_hash("E08000035"));
}

// --- Philox4x32-10 known answers ----------------------------------------
// Random123 1.14, examples/kat_vectors, lines "philox4x32 10 <ctr> <key> <out>".

TEST(Philox4x32, MatchesTheKnownAnswerForZeroCounterAndKey) {
  EXPECT_EQ(philox({0, 0, 0, 0}, {0, 0}),
            (std::array<std::uint32_t, 4>{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
}

TEST(Philox4x32, MatchesTheKnownAnswerForAllOnesCounterAndKey) {
  EXPECT_EQ(philox({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}),
            (std::array<std::uint32_t, 4>{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
}

TEST(Philox4x32, MatchesTheKnownAnswerForTheDigitsOfPi) {
  EXPECT_EQ(philox({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}),
            (std::array<std::uint32_t, 4>{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

// --- RandomStream --------------------------------------------------------

TEST(RandomStream, FirstOutputsArePinned) {
  // Regression pin, not an independent reference: these are the outputs the
  // keying in stream.cpp gave when this test was written. If they change,
  // every published result changes with them; make sure that is intended.
  EXPECT_EQ(first_four(reference_stream()),
            (std::array<std::uint32_t, 4>{0x02e222ae, 0x8f05249a, 0x911ac2f8, 0xd3f060dd}));
}

TEST(RandomStream, SameInputsGiveSameOutputs) {
  RandomStream a = reference_stream();
  RandomStream b = reference_stream();
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a(), b()) << "at output " << i;
}

TEST(RandomStream, EachKeyPartChangesTheOutput) {
  const auto reference = first_four(reference_stream());
  const std::uint64_t stream = stream_id("rate", "trio.any");
  const std::uint64_t area = stable_hash("E08000035");
  EXPECT_NE(first_four(RandomStream(43, stream, 7, area)), reference) << "seed";
  EXPECT_NE(first_four(RandomStream(42, stream_id("rate", "trio.dv"), 7, area)), reference)
      << "stream name";
  EXPECT_NE(first_four(RandomStream(42, stream_id("sample", "trio.any"), 7, area)), reference)
      << "stream purpose";
  EXPECT_NE(first_four(RandomStream(42, stream, 8, area)), reference) << "draw";
  EXPECT_NE(first_four(RandomStream(42, stream, 7, stable_hash("E08000036"))), reference)
      << "area";
}

TEST(RandomStream, SuccessiveBlocksDiffer) {
  // The block index in the counter advances after every 4 words; a stream
  // that failed to advance it would repeat itself every 4 outputs.
  RandomStream random = reference_stream();
  const auto first = first_four(reference_stream());
  for (int i = 0; i < 4; ++i) random();
  EXPECT_NE(first_four(random), first);
}

TEST(RandomStream, Uniform01IsInsideTheOpenUnitIntervalWithMeanOneHalf) {
  constexpr int kDraws = 100000;
  RandomStream random(2024, stream_id("test", "uniform"), 0, stable_hash("E08000035"));
  double sum = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = random.uniform01();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // A uniform has variance 1/12, so the mean of n has standard error
  // sqrt(1 / (12 n)). 4 standard errors: deterministic with this seed; a
  // fresh seed would fail about once in 16,000 runs.
  const double standard_error = std::sqrt(1.0 / (12.0 * kDraws));
  EXPECT_NEAR(sum / kDraws, 0.5, 4.0 * standard_error);
}

TEST(RandomStream, NormalHasMeanZeroAndVarianceOne) {
  constexpr int kDraws = 100000;
  RandomStream random(2024, stream_id("test", "normal"), 0, stable_hash("E08000035"));
  double sum = 0.0, sum_squares = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    const double z = random.normal();
    sum += z;
    sum_squares += z * z;
  }
  const double mean = sum / kDraws;
  const double variance = (sum_squares - kDraws * mean * mean) / (kDraws - 1);
  // Standard errors for a standard normal sample of n: 1 / sqrt(n) for the
  // mean, sqrt(2 / (n - 1)) for the sample variance. 4 standard errors:
  // deterministic with this seed; a fresh seed would fail about once in
  // 16,000 runs.
  EXPECT_NEAR(mean, 0.0, 4.0 / std::sqrt(double{kDraws}));
  EXPECT_NEAR(variance, 1.0, 4.0 * std::sqrt(2.0 / (kDraws - 1)));
}

// --- stable_hash ---------------------------------------------------------
// FNV-1a 64-bit reference values: the offset basis and the published test
// vector for "a" (Fowler, Noll and Vo; IETF draft-eastlake-fnv, test vectors).

TEST(StableHash, EmptyStringIsTheOffsetBasis) {
  EXPECT_EQ(stable_hash(""), 0xcbf29ce484222325ULL);
}

TEST(StableHash, MatchesThePublishedVectorForA) {
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(StableHash, MatchesThePublishedVectorForFoobar) {
  // Same source: FNV-1a 64 of "foobar".
  EXPECT_EQ(stable_hash("foobar"), 0x85944171f73967e8ULL);
}

}  // namespace
}  // namespace prevalence::random
