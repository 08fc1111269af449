// Shorthands for the formatting tests: entities by name, a readable print of
// FormattedText, and a check that a call throws FormatError at a given byte.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "layer/client/formatting.hpp"
#include "layer/tl/printer.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::client {

inline void PrintTo(const FormattedText& t, std::ostream* os) {
  *os << "{text: \"" << t.text << "\", entities: [";
  for (std::size_t i = 0; i < t.entities.size(); ++i) *os << (i ? ", " : "") << t.entities[i];
  *os << "]}";
}

namespace test {

using Entity = tl::enums::MessageEntity;
namespace types = tl::types;

inline Entity bold(int offset, int length) {
  return types::MessageEntityBold{.offset = offset, .length = length};
}
inline Entity italic(int offset, int length) {
  return types::MessageEntityItalic{.offset = offset, .length = length};
}
inline Entity underline(int offset, int length) {
  return types::MessageEntityUnderline{.offset = offset, .length = length};
}
inline Entity strike(int offset, int length) {
  return types::MessageEntityStrike{.offset = offset, .length = length};
}
inline Entity spoiler(int offset, int length) {
  return types::MessageEntitySpoiler{.offset = offset, .length = length};
}
inline Entity code(int offset, int length) {
  return types::MessageEntityCode{.offset = offset, .length = length};
}
inline Entity pre(int offset, int length, std::string language = "") {
  return types::MessageEntityPre{.offset = offset, .length = length, .language = std::move(language)};
}
inline Entity text_url(int offset, int length, std::string url) {
  return types::MessageEntityTextUrl{.offset = offset, .length = length, .url = std::move(url)};
}
inline Entity mention(int offset, int length, std::int64_t user_id) {
  return types::MessageEntityMentionName{.offset = offset, .length = length, .user_id = user_id};
}
inline Entity custom_emoji(int offset, int length, std::int64_t document_id) {
  return types::MessageEntityCustomEmoji{.offset = offset, .length = length, .document_id = document_id};
}
inline Entity blockquote(int offset, int length, bool collapsed = false) {
  return types::MessageEntityBlockquote{.collapsed = collapsed, .offset = offset, .length = length};
}

// f throws FormatError at byte offset whose reason contains in_reason.
inline void expect_format_error(const std::function<void()>& f, std::size_t offset,
                                std::string_view in_reason) {
  try {
    f();
    ADD_FAILURE() << "no FormatError; expected one at byte " << offset << " saying \"" << in_reason << "\"";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.offset(), offset) << e.what();
    EXPECT_NE(e.reason().find(in_reason), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()), "at byte " + std::to_string(offset) + ": " + e.reason());
  }
}

}  // namespace test
}  // namespace layer::client
