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

#include "layer/test/hex.hpp"

namespace layer::crypto::test {

using Bytes = std::vector<std::byte>;

using layer::test::hex;
using layer::test::unhex;

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
