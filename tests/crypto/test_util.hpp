// Helpers shared by the crypto tests: hex conversion and loading the shared vectors.
#pragma once

#include <cstddef>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace layer::crypto::test {

using Bytes = std::vector<std::byte>;

inline Bytes unhex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument("bad hex digit");
  };
  if (hex.size() % 2 != 0) throw std::invalid_argument("odd hex length");
  Bytes out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::byte>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  }
  return out;
}

inline std::string hex(std::span<const std::byte> data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::byte b : data) {
    out += kDigits[std::to_integer<int>(b) >> 4];
    out += kDigits[std::to_integer<int>(b) & 15];
  }
  return out;
}

inline Bytes bytes_of(std::string_view s) {
  Bytes out(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) out[i] = static_cast<std::byte>(s[i]);
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The "vectors" array of tests/data/vectors/<topic>.json.
inline nlohmann::json load_vectors(const std::string& topic) {
  const auto doc = nlohmann::json::parse(read_file(std::string(LAYER_VECTORS_DIR) + "/" + topic + ".json"));
  return doc.at("vectors");
}

inline std::string crypto_data(const std::string& name) {
  return read_file(std::string(LAYER_CRYPTO_TEST_DATA) + "/" + name);
}

// Fixed-extent view, for APIs that take std::span<const std::byte, N>.
template <std::size_t N>
std::span<const std::byte, N> fixed(const Bytes& b) {
  if (b.size() != N) throw std::invalid_argument("unexpected size " + std::to_string(b.size()));
  return std::span<const std::byte, N>(b.data(), N);
}

}  // namespace layer::crypto::test
