// Tests engine/text/utf8.cpp: valid UTF-8 of every sequence length passes,
// and each kind of invalid byte is found where it stands.

#include "engine/text/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace prevalence::text {
namespace {

TEST(FirstInvalidUtf8, AcceptsValidTextOfEveryLength) {
  for (const char* text : {"", "Leeds", "Ynys M\xc3\xb4n", "\xe2\x82\xac 10", "\xf0\x9f\x98\x80", "\xef\xbb\xbf" "bom",
                           "\xed\x9f\xbf", "\xee\x80\x80", "\xf4\x8f\xbf\xbf"})
    EXPECT_FALSE(first_invalid_utf8(text)) << text;
}

TEST(FirstInvalidUtf8, FindsTheFirstBadByte) {
  const std::pair<std::string, std::size_t> cases[] = {
      {"Caf\xe9", 3},                 // Latin-1
      {"ab\x80", 2},                  // a lone continuation byte
      {"\xc0\xaf", 0},                // an overlong '/'
      {"x\xe0\x80\x80", 1},           // an overlong three-byte form
      {"\xed\xa0\x80", 0},            // a surrogate, U+D800
      {"\xf4\x90\x80\x80", 0},        // beyond U+10FFFF
      {"\xf5\x80\x80\x80", 0},        // no such lead byte
      {"ok \xe2\x82", 3},             // cut short at the end
      {"\xc3\xa9\xc3", 2},            // valid, then cut short
  };
  for (const auto& [text, at] : cases) {
    const auto found = first_invalid_utf8(text);
    ASSERT_TRUE(found) << text;
    EXPECT_EQ(*found, at) << text;
  }
}

}  // namespace
}  // namespace prevalence::text
