// Helpers of the handshake tests: hex, vectors, the fake DC key, a scripted Rng,
// and an independent encoder for the SHA-1-prefixed AES-IGE payloads so that tests
// can hand each side exactly the bad value they are about.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/crypto/sha.hpp"
#include "layer/mtproto/handshake/client.hpp"
#include "layer/mtproto/handshake/server.hpp"
#include "layer/test/hex.hpp"
#include "layer/tl/codec.hpp"

namespace layer::mtproto::handshake::test {

using Bytes = std::vector<std::byte>;

using layer::test::hex;
using layer::test::unhex;

inline std::string str(std::span<const std::byte> data) {
  return {reinterpret_cast<const char*>(data.data()), data.size()};
}
inline std::span<const std::byte> bytes(const std::string& s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

template <std::size_t N>
std::array<std::byte, N> array_of(std::string_view hex_text) {
  std::array<std::byte, N> out{};
  const Bytes b = unhex(hex_text);
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One entry of tests/data/vectors/<topic>.json by name.
inline nlohmann::json vector(const std::string& topic, const std::string& name) {
  const auto doc = nlohmann::json::parse(read_file(std::string(LAYER_VECTORS_DIR) + "/" + topic + ".json"));
  for (const auto& v : doc.at("vectors")) {
    if (v.at("name") == name) return v;
  }
  throw std::runtime_error("no vector " + name);
}

inline crypto::RsaPrivateKey fake_dc_key() {
  return crypto::RsaPrivateKey::from_pem(
             read_file(std::string(LAYER_HANDSHAKE_DATA_DIR) + "/fake_dc_rsa_private.pem"))
      .value();
}

// Hands out queued chunks first (each to a fill of exactly its size), then a
// deterministic stream: lets a test pin the nonces a vector was recorded with.
class ScriptedRng final : public crypto::Rng {
 public:
  explicit ScriptedRng(std::uint64_t seed) : fallback_(seed) {}
  void push(Bytes chunk) { queue_.push_back(std::move(chunk)); }
  void fill(std::span<std::byte> out) override {
    if (!queue_.empty() && queue_.front().size() == out.size()) {
      std::copy(queue_.front().begin(), queue_.front().end(), out.begin());
      queue_.pop_front();
      return;
    }
    fallback_.fill(out);
  }

 private:
  std::deque<Bytes> queue_;
  crypto::DeterministicRng fallback_;
};

// The dh_prime Telegram sends (the one the server side uses), written out independently.
inline Bytes telegram_prime() {
  return unhex(
      "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db"
      "fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64"
      "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41"
      "0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4"
      "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf"
      "6f4fadf034b10403119cd8e3b92fcc5b");
}

inline const Time kNow = Time(std::chrono::seconds(1700000000));

inline ClientOptions fake_dc_options(std::int32_t dc = 2) {
  ClientOptions options;
  options.keys = {fake_dc_key().public_key()};
  options.dc_id = dc;
  return options;
}

// SHA1(data) ‖ data ‖ padding, AES-IGE with the tmp key; hash_flip corrupts the hash.
inline std::string wrap(std::span<const std::byte> data, std::span<const std::byte, 32> new_nonce,
                        const tl::Int128& server_nonce, bool hash_flip = false, std::size_t padding = 0) {
  auto hash = crypto::sha1(data);
  if (hash_flip) hash[0] ^= std::byte{1};
  Bytes plain(hash.begin(), hash.end());
  plain.insert(plain.end(), data.begin(), data.end());
  plain.resize((plain.size() + 15) / 16 * 16 + padding, std::byte{0x5a});
  const auto key_iv = crypto::tmp_aes_key_iv(new_nonce, server_nonce);
  Bytes out(plain.size());
  EXPECT_FALSE(crypto::aes_ige_encrypt(key_iv.key.span(), key_iv.iv.span(), plain, out));
  return str(out);
}

// server_DH_params_ok around a chosen server_DH_inner_data, as a test-built server would send it.
inline tl::enums::ServerDHParams dh_params_ok(const State2& state, const tl::types::ServerDHInnerData& inner,
                                              bool hash_flip = false, std::size_t padding = 0) {
  tl::types::ServerDHParamsOk ok;
  ok.nonce = state.nonce;
  ok.server_nonce = state.server_nonce;
  ok.encrypted_answer =
      wrap(tl::serialize(inner), state.new_nonce.span(), state.server_nonce, hash_flip, padding);
  return ok;
}

// Runs the client against server up to the point named, with every step checked.
inline Step1 start(const ClientOptions& options, crypto::Rng& rng) {
  return step1(options, rng).value();
}

inline Step2 to_step2(HandshakeServer& server, const ClientOptions& options, crypto::Rng& c, crypto::Rng& s) {
  const auto s1 = start(options, c);
  const auto res_pq = server.on_message(s1.request.bytes, s, kNow).value();
  return step2(s1.state, res_pq, c).value();
}

inline Step3 to_step3(HandshakeServer& server, const ClientOptions& options, crypto::Rng& c, crypto::Rng& s) {
  const auto s2 = to_step2(server, options, c, s);
  const auto dh = server.on_message(s2.request.bytes, s, kNow).value();
  return step3(s2.state, dh, c, kNow).value();
}

}  // namespace layer::mtproto::handshake::test
