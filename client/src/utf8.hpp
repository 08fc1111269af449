// The UTF-8 decoding and encoding under utf16.hpp, for the formatting parsers
// and writers, which walk the text themselves.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace layer::client::detail {

// The code point starting at text[pos], moving pos past it. Throws FormatError
// at pos when the bytes there are not well-formed UTF-8.
char32_t decode_utf8(std::string_view text, std::size_t& pos);
// Throws FormatError at the first byte that is not well-formed UTF-8.
void validate_utf8(std::string_view text);
// c must be a Unicode scalar value (not a surrogate, at most U+10FFFF).
void append_utf8(std::string& out, char32_t c);

constexpr std::size_t utf16_units(char32_t c) noexcept {
  return c >= 0x10000 ? 2 : 1;
}

}  // namespace layer::client::detail
