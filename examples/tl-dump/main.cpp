// tl-dump: decodes TL objects given as hex, one per line on stdin, and prints
// them in TL-like text. Any constructor or function of the built-in schemas is
// understood; a line that does not decode gets a message saying why.
//   echo 'c5e62344...' | tl-dump
#include <cctype>
#include <iostream>
#include <optional>
#include <string>

#include "layer/tl.hpp"

namespace {

std::optional<layer::tl::Bytes> parse_hex(const std::string& line) {
  layer::tl::Bytes out;
  int high = -1;
  for (char c : line) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    int nibble = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                 : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                 : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                             : -1;
    if (nibble < 0) return std::nullopt;
    if (high < 0) {
      high = nibble;
    } else {
      out.push_back(static_cast<std::byte>(high << 4 | nibble));
      high = -1;
    }
  }
  if (high >= 0) return std::nullopt;
  return out;
}

}  // namespace

int main() {
  std::cout << "tl-dump: TL layer " << layer::tl::layer << "; one hex-encoded object per line\n";
  int failures = 0;
  int line_number = 0;
  for (std::string line; std::getline(std::cin, line);) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;
    auto bytes = parse_hex(line);
    if (!bytes) {
      std::cout << "line " << line_number << ": not hex\n";
      ++failures;
      continue;
    }
    try {
      auto object = layer::tl::deserialize<layer::tl::AnyObject>(*bytes);
      std::cout << object << "\n";
    } catch (const layer::tl::DecodeError& e) {
      std::cout << "line " << line_number << ": " << e.what() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}
