// UTF-16 lengths and offsets of UTF-8 text, checked against hand-counted
// code units, and a clear FormatError for every kind of invalid UTF-8.
#include <gtest/gtest.h>

#include <string>

#include "formatting_fixtures.hpp"
#include "layer/client/utf16.hpp"

namespace layer::client::test {
namespace {

// U+1F44D U+1F3FD: two surrogate pairs, 8 bytes.
constexpr std::string_view kThumbsUpMedium = "\U0001F44D\U0001F3FD";
// Regional indicators U and A: two surrogate pairs.
constexpr std::string_view kFlag = "\U0001F1FA\U0001F1E6";
// Man ZWJ woman ZWJ girl: 3 pairs and 2 single units, 4+3+4+3+4 bytes.
constexpr std::string_view kFamily = "\U0001F468\u200D\U0001F469\u200D\U0001F467";

TEST(Utf16, Lengths) {
  EXPECT_EQ(utf16_length(""), 0u);
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("e\u0301"), 2u);       // e + combining acute: two code points
  EXPECT_EQ(utf16_length("\u00e9"), 1u);        // precomposed é, 2 bytes
  EXPECT_EQ(utf16_length("\u4f60\u597d"), 2u);  // CJK, 3 bytes each
  EXPECT_EQ(utf16_length(kThumbsUpMedium), 4u);
  EXPECT_EQ(utf16_length(kFlag), 4u);
  EXPECT_EQ(utf16_length(kFamily), 8u);
  EXPECT_EQ(kFamily.size(), 18u);
  EXPECT_EQ(utf16_length("\uFFFF"), 1u);      // the last BMP code point
  EXPECT_EQ(utf16_length("\U0010FFFF"), 2u);  // the last code point
}

TEST(Utf16, ByteToUtf16Offsets) {
  constexpr std::string_view text = "a\U0001F44D\U0001F3FDb\u4f60c";
  // a=0, thumbs 1..9 (units 1..5), b=9 (unit 5), 你=10..13 (unit 6), c=13 (unit 7).
  EXPECT_EQ(utf16_offset(text, 0), 0u);
  EXPECT_EQ(utf16_offset(text, 1), 1u);
  EXPECT_EQ(utf16_offset(text, 5), 3u);  // between the two emoji of the pair
  EXPECT_EQ(utf16_offset(text, 9), 5u);
  EXPECT_EQ(utf16_offset(text, 10), 6u);
  EXPECT_EQ(utf16_offset(text, 13), 7u);
  EXPECT_EQ(utf16_offset(text, text.size()), 8u);
}

TEST(Utf16, Utf16ToByteOffsets) {
  constexpr std::string_view text = "a\U0001F44D\U0001F3FDb\u4f60c";
  EXPECT_EQ(byte_offset(text, 0), 0u);
  EXPECT_EQ(byte_offset(text, 1), 1u);
  EXPECT_EQ(byte_offset(text, 3), 5u);
  EXPECT_EQ(byte_offset(text, 5), 9u);
  EXPECT_EQ(byte_offset(text, 6), 10u);
  EXPECT_EQ(byte_offset(text, 7), 13u);
  EXPECT_EQ(byte_offset(text, 8), text.size());
  for (std::size_t unit : {0u, 1u, 3u, 5u, 6u, 7u, 8u})
    EXPECT_EQ(utf16_offset(text, byte_offset(text, unit)), unit);
}

TEST(Utf16, OffsetsInsideACharacterAreRefused) {
  constexpr std::string_view text = "a\U0001F44D\U0001F3FD";
  expect_format_error([&] { utf16_offset(text, 2); }, 2, "inside a UTF-8 sequence");
  expect_format_error([&] { utf16_offset(text, 10); }, 10, "past the end");
  expect_format_error([&] { byte_offset(text, 2); }, 1, "inside a surrogate pair");
  expect_format_error([&] { byte_offset(text, 4); }, 5, "inside a surrogate pair");
  expect_format_error([&] { byte_offset(text, 6); }, 9, "past the end");
}

TEST(Utf16, InvalidUtf8IsRefusedAtItsByte) {
  struct Case {
    std::string text;
    std::size_t offset;
    const char* reason;
  };
  const Case cases[] = {
      {"ab\xff", 2, "a byte never used in UTF-8"},
      {"a\x80", 1, "a continuation byte with no lead byte"},
      {"ab\xc3", 2, "cut off by the end"},
      {"\xe4\xbd", 0, "cut off by the end"},
      {"\xc3(", 0, "cut short"},
      {"x\xf0\x9f\x91(", 1, "cut short"},
      {"\xc0\xaf", 0, "overlong"},
      {"\xe0\x80\xaf", 0, "overlong"},
      {"\xf0\x80\x80\xaf", 0, "overlong"},
      {"\xed\xa0\x80", 0, "surrogate"},  // U+D800
      {"\xed\xbf\xbf", 0, "surrogate"},  // U+DFFF
      {"\xf4\x90\x80\x80", 0, "past U+10FFFF"},
      {"\xf8\x88\x80\x80\x80", 0, "never used"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.reason);
    expect_format_error([&] { utf16_length(c.text); }, c.offset, c.reason);
    expect_format_error([&] { utf16_offset(c.text, 0); }, c.offset, c.reason);
    expect_format_error([&] { byte_offset(c.text, 0); }, c.offset, c.reason);
  }
}

}  // namespace
}  // namespace layer::client::test
