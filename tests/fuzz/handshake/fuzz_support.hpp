// Shared by the handshake fuzzers: the fake DC key, an in-memory exchange driven
// to each step once per process, and the SHA-1-prefixed AES-IGE wrapping that lets
// fuzzed bytes reach the parsers behind the encryption.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/crypto/sha.hpp"
#include "layer/mtproto/handshake/client.hpp"
#include "layer/mtproto/handshake/server.hpp"

namespace layer::mtproto::handshake::fuzz {

inline const Time kNow = Time(std::chrono::seconds(1700000000));

inline crypto::RsaPrivateKey fake_dc_key() {
  std::ifstream in(std::string(LAYER_HANDSHAKE_DATA_DIR) + "/fake_dc_rsa_private.pem");
  std::ostringstream pem;
  pem << in.rdbuf();
  return crypto::RsaPrivateKey::from_pem(pem.str()).value();
}

// Both machines at every step of one complete exchange (fixed seeds).
struct Prepared {
  HandshakeServer server_fresh;
  HandshakeServer server_pq_sent;
  HandshakeServer server_dh_sent;
  Step1 s1;
  Step2 s2;
  Step3 s3;
};

inline Prepared prepare() {
  crypto::DeterministicRng c(1);
  crypto::DeterministicRng s(2);
  const auto key = fake_dc_key();
  ClientOptions options;
  options.keys = {key.public_key()};
  HandshakeServer server(key);
  const HandshakeServer fresh = server;
  auto s1 = step1(options, c).value();
  const auto res_pq = server.on_message(s1.request.bytes, s, kNow).value();
  const HandshakeServer pq_sent = server;
  auto s2 = step2(s1.state, res_pq, c).value();
  const auto dh = server.on_message(s2.request.bytes, s, kNow).value();
  const HandshakeServer dh_sent = server;
  auto s3 = step3(s2.state, dh, c, kNow).value();
  return {fresh, pq_sent, dh_sent, std::move(s1), std::move(s2), std::move(s3)};
}

inline const Prepared& prepared() {
  static const Prepared p = prepare();
  return p;
}

// AES-IGE(tmp key, SHA1(payload) ‖ payload ‖ zero padding to 16).
inline std::string wrap(std::span<const std::byte> payload, const State2& state) {
  const auto hash = crypto::sha1(payload);
  std::vector<std::byte> plain(hash.begin(), hash.end());
  plain.insert(plain.end(), payload.begin(), payload.end());
  plain.resize((plain.size() + 15) / 16 * 16);
  const auto tmp = crypto::tmp_aes_key_iv(state.new_nonce.span(), state.server_nonce);
  std::vector<std::byte> out(plain.size());
  (void)crypto::aes_ige_encrypt(tmp.key.span(), tmp.iv.span(), plain, out);
  return {reinterpret_cast<const char*>(out.data()), out.size()};
}

}  // namespace layer::mtproto::handshake::fuzz
