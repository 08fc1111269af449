#include "layer/client/utf16.hpp"

#include <string>

#include "layer/client/format_error.hpp"
#include "utf8.hpp"

namespace layer::client {
namespace detail {
namespace {

[[noreturn]] void invalid(std::size_t pos, const char* what) {
  throw FormatError(pos, std::string("invalid UTF-8: ") + what);
}

}  // namespace

char32_t decode_utf8(std::string_view text, std::size_t& pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  std::size_t extra = 0;
  char32_t c = 0;
  char32_t least = 0;  // below it the sequence is an overlong form
  if ((lead & 0xe0) == 0xc0) {
    extra = 1;
    c = lead & 0x1f;
    least = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    extra = 2;
    c = lead & 0x0f;
    least = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    extra = 3;
    c = lead & 0x07;
    least = 0x10000;
  } else {
    invalid(pos,
            (lead & 0xc0) == 0x80 ? "a continuation byte with no lead byte" : "a byte never used in UTF-8");
  }
  if (text.size() - pos <= extra) invalid(pos, "a sequence cut off by the end of the text");
  for (std::size_t i = 1; i <= extra; ++i) {
    const auto b = static_cast<unsigned char>(text[pos + i]);
    if ((b & 0xc0) != 0x80) invalid(pos, "a sequence cut short");
    c = c << 6 | (b & 0x3f);
  }
  if (c < least) invalid(pos, "an overlong form");
  if (c >= 0xd800 && c <= 0xdfff) invalid(pos, "an encoded surrogate");
  if (c > 0x10ffff) invalid(pos, "a code point past U+10FFFF");
  pos += extra + 1;
  return c;
}

void validate_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) decode_utf8(text, pos);
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | c >> 6);
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | c >> 12);
    out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | c >> 18);
    out += static_cast<char>(0x80 | (c >> 12 & 0x3f));
    out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

}  // namespace detail

std::size_t utf16_length(std::string_view utf8) {
  std::size_t units = 0;
  for (std::size_t pos = 0; pos < utf8.size();) units += detail::utf16_units(detail::decode_utf8(utf8, pos));
  return units;
}

std::size_t utf16_offset(std::string_view utf8, std::size_t byte_offset) {
  detail::validate_utf8(utf8);
  if (byte_offset > utf8.size()) {
    throw FormatError(byte_offset,
                      "offset past the end of the " + std::to_string(utf8.size()) + "-byte text");
  }
  std::size_t units = 0;
  std::size_t pos = 0;
  while (pos < byte_offset) units += detail::utf16_units(detail::decode_utf8(utf8, pos));
  if (pos != byte_offset) throw FormatError(byte_offset, "offset inside a UTF-8 sequence");
  return units;
}

std::size_t byte_offset(std::string_view utf8, std::size_t utf16_offset) {
  detail::validate_utf8(utf8);
  std::size_t units = 0;
  std::size_t pos = 0;
  while (units < utf16_offset && pos < utf8.size()) {
    const std::size_t start = pos;
    units += detail::utf16_units(detail::decode_utf8(utf8, pos));
    if (units > utf16_offset) throw FormatError(start, "UTF-16 offset inside a surrogate pair");
  }
  if (units < utf16_offset) {
    throw FormatError(utf8.size(), "UTF-16 offset " + std::to_string(utf16_offset) +
                                       " past the end of the text (" + std::to_string(units) +
                                       " code units)");
  }
  return pos;
}

}  // namespace layer::client
