#include "layer/tl/printer.hpp"

#include <cstdio>
#include <string>

namespace layer::tl {
namespace {
// Long byte strings (file parts, keys) would drown a log line.
constexpr std::size_t max_printed_bytes = 32;

// TL `string` is UTF-8 by convention only (mtproto.tl even carries pq and
// dh_prime in strings), so text that is not valid UTF-8 is shown byte by byte.
bool is_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : 4;
    if (extra == 4 || text.size() - i <= extra) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

void Printer::begin(std::string_view name) {
  out_.append(name);
  out_ += '{';
}

void Printer::end() {
  out_ += '}';
}

void Printer::key(std::string_view name) {
  if (!out_.empty() && out_.back() != '{') out_ += ", ";
  out_.append(name).append(": ");
}

void Printer::open_list() {
  out_ += '[';
}
void Printer::list_separator() {
  out_ += ", ";
}
void Printer::close_list() {
  out_ += ']';
}

void Printer::value_of(std::int32_t v) {
  out_ += std::to_string(v);
}
void Printer::value_of(std::int64_t v) {
  out_ += std::to_string(v);
}
void Printer::value_of(bool v) {
  out_ += v ? "true" : "false";
}

void Printer::value_of(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  out_ += text;
}

void Printer::value_of(const std::string& v) {
  bool utf8 = is_utf8(v);
  out_ += '"';
  for (char c : v) {
    if (c == '"' || c == '\\') {
      out_ += '\\';
      out_ += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || (!utf8 && static_cast<unsigned char>(c) >= 0x80)) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
      out_ += escaped;
    } else {
      out_ += c;
    }
  }
  out_ += '"';
}

void Printer::value_of(const Bytes& v) {
  out_ += "bytes(";
  hex(std::span(v).first(std::min(v.size(), max_printed_bytes)));
  if (v.size() > max_printed_bytes) out_ += "... " + std::to_string(v.size()) + " bytes";
  out_ += ')';
}

void Printer::hex(std::span<const std::byte> data) {
  static constexpr char digits[] = "0123456789abcdef";
  for (std::byte b : data) {
    out_ += digits[static_cast<unsigned>(b) >> 4];
    out_ += digits[static_cast<unsigned>(b) & 0xf];
  }
}

}  // namespace layer::tl
