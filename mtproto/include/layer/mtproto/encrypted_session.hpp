// One MTProto 2.0 message in, one out: framing, msg_key, AES-256-IGE and every
// check the specification asks of an incoming packet. It owns the msg_id and
// seq_no counters, the salt and the session id, and nothing about requests;
// ClientSession and ServerSession build on it. Both ends use this class: Side
// picks the msg_key slice and the msg_id parity rules.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/mtproto/clock.hpp"
#include "layer/mtproto/message_id.hpp"
#include "layer/mtproto/replay_window.hpp"
#include "layer/mtproto/result.hpp"
#include "layer/tl/codec.hpp"

namespace layer::mtproto {

struct EncryptedSessionOptions {
  Side side = Side::client;
  std::size_t replay_window = 1024;
  // Off on a server, which answers a bad time with bad_msg_notification instead.
  // ClientSession checks the time itself, so that a bad_msg_notification 16/17
  // about its own request gets through even while the offset is wrong.
  bool check_time = true;
  std::chrono::seconds max_past{300};
  std::chrono::seconds max_future{30};
  // After set_time_offset, incoming ids are not time-checked for this long: the
  // peer's messages already in flight were stamped against the old offset.
  std::chrono::seconds time_relax_period{10};
  // Extra 16-byte padding blocks, drawn uniformly from 0..this (and cut so the
  // padding stays within 1024 bytes), so packet sizes do not give away message
  // sizes. 62 reaches the 1024-byte cap; 0 gives the minimal 12..27 bytes.
  unsigned max_extra_padding_blocks = 15;
  // Client: drawn from the Rng when empty. Server: adopted from the first valid packet.
  std::optional<std::int64_t> session_id;
};

// A decrypted message. body views the caller's packet buffer, which unpack
// decrypted in place: it stays valid as long as that buffer.
struct Message {
  std::int64_t msg_id = 0;
  std::int32_t seq_no = 0;
  std::int64_t salt = 0;
  std::span<const std::byte> body;
  std::int64_t session_id = 0;
  // Server side: the packet's quick-ack token (crypto::quick_ack_token), what
  // goes back to a client whose transport frame asked for one. 0 on a client.
  std::uint32_t quick_ack_token = 0;
};

// auth_key_id (8) ‖ msg_key (16) ‖ salt, session_id, msg_id, seq_no, length (32).
inline constexpr std::size_t kEncryptedHeaderSize = 56;

class EncryptedSession {
 public:
  // rng draws the session id and padding and must outlive the session.
  EncryptedSession(crypto::AuthKey key, std::int64_t first_salt, std::int32_t time_offset, crypto::Rng& rng,
                   EncryptedSessionOptions options = {});
  EncryptedSession(const EncryptedSession&) = delete;  // a copy would reuse the session id and msg_ids
  EncryptedSession& operator=(const EncryptedSession&) = delete;

  // Encrypts body as one message with a fresh msg_id and seq_no; returns its msg_id.
  // out is overwritten; reusing it across calls reuses its capacity.
  std::int64_t pack_to(tl::Bytes& out, std::span<const std::byte> body, Time now,
                       bool content_related = true);
  tl::Bytes pack(std::span<const std::byte> body, Time now, bool content_related = true);

  // Serializes value (with its constructor id) straight into the packet: no copy.
  template <class T>
  std::int64_t pack_serializable_to(tl::Bytes& out, const T& value, Time now, bool content_related = true) {
    begin_packet(out);
    {
      tl::Writer w(out);
      if constexpr (requires { T::ID; }) w.write_u32(T::ID);
      tl::write(w, value);
    }
    const std::int64_t id = next_msg_id(now);
    finish_packet(out, id, next_seq_no(content_related));
    return id;
  }
  template <class T>
  tl::Bytes pack_serializable(const T& value, Time now, bool content_related = true) {
    tl::Bytes out;
    pack_serializable_to(out, value, now, content_related);
    return out;
  }

  // The two halves of a pack, for callers that choose msg_id and seq_no themselves
  // (containers, tests): begin_packet leaves out holding header room only; append
  // the body to out, then finish_packet pads, hashes and encrypts in place.
  // finish_packet returns a client packet's quick-ack token, the one the server
  // sends back if the transport frame asks for it (0 on a server).
  void begin_packet(tl::Bytes& out) const;
  std::uint32_t finish_packet(tl::Bytes& out, std::int64_t msg_id, std::int32_t seq_no);

  // Decrypts packet in place and checks it. On error nothing in the session changes.
  Result<Message> unpack(std::span<std::byte> packet, Time now);
  // unpack in two steps, for callers with checks of their own: peek decrypts and
  // checks but records nothing; accept then records the msg_id in the replay
  // window (and adopts the session id on a server). A packet the caller rejects
  // in between leaves no trace, so a later valid one with its msg_id still passes.
  Result<Message> peek(std::span<std::byte> packet, Time now) const;
  void accept(const Message& message);

  std::int64_t next_msg_id(Time now) { return ids_.next(now); }
  std::int64_t last_msg_id() const noexcept { return ids_.last(); }
  void resume_ids_after(std::int64_t msg_id) noexcept { ids_.resume_after(msg_id); }
  std::int32_t next_seq_no(bool content_related) noexcept;
  // The seq_no counter, for bad_msg_notification 32/33 corrections.
  std::int32_t content_count() const noexcept { return content_count_; }
  void set_content_count(std::int32_t n) noexcept { content_count_ = n; }

  std::int64_t salt() const noexcept { return salt_; }
  void set_salt(std::int64_t salt) noexcept { salt_ = salt; }
  std::optional<std::int64_t> session_id() const noexcept { return session_id_; }
  // Client: a new server session on the same key, for when this one cannot go
  // on (ClientSession, after the server's clock went back): a fresh session id
  // from the Rng, seq_no from 0, and msg_ids from the current offset, free to
  // go below the ones this session used. The replay window starts empty: the
  // server's ids in the new session may be lower too. The salt stays. Packets
  // of the session given up still open (Message::session_id names it), so that
  // what the server sent before it heard of the new one is not taken for an
  // attack; only the previous session is remembered.
  void start_new_session(Time now);
  std::int32_t time_offset() const noexcept { return ids_.time_offset(); }
  void set_time_offset(std::int32_t seconds, Time now);
  Side side() const noexcept { return options_.side; }
  const crypto::AuthKey& auth_key() const noexcept { return key_; }

  // The 300 s past / 30 s future rule against now plus the time offset, for
  // callers that turned check_time off to look inside the message first.
  std::error_code check_time(std::int64_t msg_id, Time now) const noexcept;

 private:
  std::error_code check_msg_id(std::int64_t msg_id, Time now) const noexcept;
  std::size_t padding_size(std::size_t plaintext_size);

  crypto::AuthKey key_;
  std::int64_t salt_;
  crypto::Rng& rng_;
  EncryptedSessionOptions options_;
  std::optional<std::int64_t> session_id_;
  std::optional<std::int64_t> previous_session_id_;
  MessageIdGenerator ids_;
  std::int32_t content_count_ = 0;
  ReplayWindow seen_;
  Time relaxed_until_{};
};

}  // namespace layer::mtproto
