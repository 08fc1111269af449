// Shared by the session tests: hex, the JSON vectors, a fixed auth key, an Rng
// that plays back given bytes, and a packet sealer for hand-made plaintexts.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <stdexcept>
#include <string>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/mtproto_kdf.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/clock.hpp"
#include "layer/mtproto/encrypted_session.hpp"
#include "layer/mtproto/server_session.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto::test {

using tl::Bytes;

// Options for the two ends of one session, for tests that pair a
// ServerSession with a client EncryptedSession; the client does not check
// the server's clock (its msg_ids come from the test's fixed times).
inline ServerSessionOptions server_options(std::int64_t session_id) {
  ServerSessionOptions o;
  o.session.session_id = session_id;
  o.announce_new_session = false;  // its own tests turn it on; the others count answers
  return o;
}

inline EncryptedSessionOptions client_options(std::int64_t session_id) {
  EncryptedSessionOptions o;
  o.session_id = session_id;
  o.check_time = false;
  return o;
}

// Either kind of report, for tests that look at one at a time.
using AnyEvent =
    std::variant<RpcResultEvent, RpcErrorEvent, RequestFailedEvent, RequestCancelledEvent, UpdatesEvent,
                 SessionResetEvent, SessionRenewedEvent, UndecodedMessageEvent, UnmatchedMessageEvent,
                 ServiceRequestFailedEvent, QuickAckEvent, UnmatchedQuickAckEvent>;

// What client reported: its outcomes, then its notices.
inline std::vector<AnyEvent> drain(ClientSession& client) {
  std::vector<AnyEvent> out;
  while (auto o = client.next_outcome()) std::visit([&](auto& e) { out.emplace_back(std::move(e)); }, *o);
  while (auto n = client.next_notice()) std::visit([&](auto& e) { out.emplace_back(std::move(e)); }, *n);
  return out;
}

inline Bytes hex(std::string_view text) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<std::byte>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

inline nlohmann::json vector_named(const std::string& file, const std::string& name) {
  std::ifstream in(std::string(LAYER_VECTORS_DIR) + "/" + file);
  const auto doc = nlohmann::json::parse(in);
  for (const auto& v : doc.at("vectors")) {
    if (v.at("name") == name) return v;
  }
  throw std::runtime_error("no vector " + name);
}

inline std::int64_t le64(std::span<const std::byte> b) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | std::to_integer<std::uint8_t>(b[static_cast<std::size_t>(i)]);
  return static_cast<std::int64_t>(v);
}

inline crypto::AuthKey fixed_key(std::uint8_t seed = 7) {
  std::array<std::byte, crypto::kAuthKeySize> k;
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::byte>((i * 31 + seed) & 0xff);
  return crypto::AuthKey(k);
}

inline Time at(std::int64_t seconds, std::int64_t nanos = 0) {
  return Time(std::chrono::duration_cast<Time::duration>(std::chrono::seconds(seconds) +
                                                         std::chrono::nanoseconds(nanos)));
}

// Hands out the queued bytes first, then zeros.
class ScriptedRng final : public crypto::Rng {
 public:
  void push(std::span<const std::byte> bytes) { bytes_.insert(bytes_.end(), bytes.begin(), bytes.end()); }
  void fill(std::span<std::byte> out) override {
    for (auto& b : out) {
      b = bytes_.empty() ? std::byte{0} : bytes_.front();
      if (!bytes_.empty()) bytes_.pop_front();
    }
  }

 private:
  std::deque<std::byte> bytes_;
};

// auth_key_id ‖ msg_key ‖ IGE(plaintext) for any plaintext (a multiple of 16),
// to build packets that break one rule at a time.
inline Bytes seal(const crypto::AuthKey& key, const Bytes& plaintext, crypto::Direction dir) {
  const auto mk = crypto::msg_key(key, plaintext, dir);
  const auto kiv = crypto::message_key_iv(key, mk, dir);
  Bytes out;
  const auto id = key.id_bytes();
  out.insert(out.end(), id.begin(), id.end());
  out.insert(out.end(), mk.begin(), mk.end());
  const std::size_t at_plain = out.size();
  out.insert(out.end(), plaintext.begin(), plaintext.end());
  auto ec = crypto::aes_ige_encrypt(kiv.key.span(), kiv.iv.span(), std::span(out).subspan(at_plain));
  if (ec) throw std::runtime_error("seal: plaintext not a multiple of 16");
  return out;
}

inline void put64(Bytes& out, std::int64_t v) {
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<std::byte>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff));
}
inline void put32(Bytes& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
}

// salt ‖ session_id ‖ msg_id ‖ seq_no ‖ length ‖ body ‖ padding bytes.
inline Bytes plaintext(std::int64_t salt, std::int64_t session, std::int64_t msg_id, std::int32_t seq_no,
                       std::uint32_t length, const Bytes& body, std::size_t padding) {
  Bytes out;
  put64(out, salt);
  put64(out, session);
  put64(out, msg_id);
  put32(out, static_cast<std::uint32_t>(seq_no));
  put32(out, length);
  out.insert(out.end(), body.begin(), body.end());
  out.resize(out.size() + padding, std::byte{0x5a});
  return out;
}

}  // namespace layer::mtproto::test
