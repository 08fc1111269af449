// Telegram counts the offset and length of a message entity in UTF-16 code
// units, while the text travels as UTF-8: these convert between the two.
//
//   utf16_length("a👍")        // 3: the emoji is a surrogate pair
//   utf16_offset("a👍b", 5)    // 3: byte 5 is "b"
//   byte_offset("a👍b", 3)     // 5
//
// Every function reads the whole text and throws FormatError at the first byte
// that is not well-formed UTF-8 (overlong forms, surrogates and code points
// past U+10FFFF included), and for an offset past the end or inside a
// character (a UTF-8 sequence, or a surrogate pair).
#pragma once

#include <cstddef>
#include <string_view>

namespace layer::client {

std::size_t utf16_length(std::string_view utf8);
// byte_offset must be at the start of a character or at the end of the text.
std::size_t utf16_offset(std::string_view utf8, std::size_t byte_offset);
// utf16_offset must not fall between the two halves of a surrogate pair.
std::size_t byte_offset(std::string_view utf8, std::size_t utf16_offset);

}  // namespace layer::client
