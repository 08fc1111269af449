// EncryptedSession::unpack on arbitrary bytes, with a fixed key. The first input
// byte picks the mode: raw bytes as a packet (almost all die at the msg_key
// check), or the rest as a plaintext header and body that the fuzzer controls,
// sealed into a valid packet so the checks after decryption get exercised; and
// the receiver: EncryptedSession, ClientSession or ServerSession.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/mtproto_kdf.hpp"
#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/encrypted_session.hpp"
#include "layer/mtproto/server_session.hpp"

namespace {

using namespace layer;

const crypto::AuthKey& key() {
  static const crypto::AuthKey k = [] {
    std::array<std::byte, crypto::kAuthKeySize> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::byte>(i * 13 + 5);
    return crypto::AuthKey(bytes);
  }();
  return k;
}

// auth_key_id ‖ msg_key ‖ IGE(plaintext padded with zeros to 16).
tl::Bytes seal(std::span<const std::byte> plaintext, crypto::Direction dir) {
  tl::Bytes plain(plaintext.begin(), plaintext.end());
  plain.resize((plain.size() + 15) / 16 * 16);
  const auto mk = crypto::msg_key(key(), plain, dir);
  const auto kiv = crypto::message_key_iv(key(), mk, dir);
  (void)crypto::aes_ige_encrypt(kiv.key.span(), kiv.iv.span(), std::span<std::byte>(plain));
  tl::Bytes out;
  const auto id = key().id_bytes();
  out.insert(out.end(), id.begin(), id.end());
  out.insert(out.end(), mk.begin(), mk.end());
  out.insert(out.end(), plain.begin(), plain.end());
  return out;
}

void client_path(tl::Bytes& packet, mtproto::Time now, crypto::Rng& rng) {
  // Containers, gzip and service messages after decryption.
  mtproto::ClientSessionOptions options;
  options.session.session_id = 0;
  options.session.check_time = false;
  options.max_inflated = 1 << 20;
  mtproto::ClientSession session(key(), 0, 0, rng, options);
  session.enqueue(tl::Bytes(8, std::byte{0}));
  (void)session.take_output(now);
  (void)session.on_received(packet, now);
  while (session.next_outcome()) {
  }
  while (session.next_notice()) {
  }
  (void)session.take_output(now);
}

void server_path(tl::Bytes& packet, mtproto::Time now, crypto::Rng& rng) {
  mtproto::ServerSessionOptions options;
  options.session.session_id = 0;
  options.check_time = false;
  options.check_salt = false;
  options.max_inflated = 1 << 20;
  mtproto::ServerSession session(key(), 0, rng, options);
  (void)session.on_received(packet, now);
  while (session.next_request()) {
  }
  while (session.next_undecodable()) {
  }
  (void)session.take_output(now);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data) + 1, size - 1);
  const auto now = mtproto::Time(std::chrono::seconds(1'700'000'000));
  crypto::DeterministicRng rng(1);
  const unsigned receiver = data[0] / 2 % 3;
  const auto dir = receiver == 2 ? crypto::Direction::client_to_server : crypto::Direction::server_to_client;
  tl::Bytes packet = data[0] % 2 == 0 ? tl::Bytes(input.begin(), input.end()) : seal(input, dir);
  if (receiver == 0) {
    mtproto::EncryptedSessionOptions options;
    options.session_id = 0;
    mtproto::EncryptedSession session(key(), 0, 0, rng, options);
    (void)session.unpack(packet, now);
  } else if (receiver == 1) {
    client_path(packet, now, rng);
  } else {
    server_path(packet, now, rng);
  }
  return 0;
}
