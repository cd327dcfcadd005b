// Tests engine/io/sha256.cpp against the FIPS 180-2 example digests, which
// anyone can reproduce with sha256sum.

#include "engine/io/sha256.hpp"

#include "engine/error/input_error.hpp"

#include "tests/support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace prevalence::io {
namespace {

using testing::HasSubstr;
using testing::ThrowsMessage;

TEST(FileSha256, MatchesThePublishedDigests) {
  test::TempDir dir;
  EXPECT_EQ(file_sha256(dir.write("empty", "")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(file_sha256(dir.write("abc", "abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(file_sha256(dir.write("two-blocks", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(FileSha256, ReadsFilesLongerThanItsBuffer) {
  // One million "a"s: the FIPS 180-2 long-message example.
  test::TempDir dir;
  EXPECT_EQ(file_sha256(dir.write("million", std::string(1000000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(FileSha256, NamesAMissingFile) {
  test::TempDir dir;
  const std::string missing = dir.path("missing.csv");
  EXPECT_THAT([&] { file_sha256(missing); },
              ThrowsMessage<error::InputError>(HasSubstr(missing + ": cannot read the file")));
}

}  // namespace
}  // namespace prevalence::io
