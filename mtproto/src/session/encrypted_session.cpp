#include "layer/mtproto/encrypted_session.hpp"

#include <algorithm>
#include <array>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/mtproto_kdf.hpp"
#include "layer/mtproto/errors.hpp"
#include "le.hpp"

namespace layer::mtproto {
namespace {

using crypto::Direction;

constexpr std::size_t kOuterHeader = 24;  // auth_key_id ‖ msg_key
constexpr std::size_t kInnerHeader = 32;  // salt ‖ session_id ‖ msg_id ‖ seq_no ‖ length
constexpr std::size_t kMinPadding = 12;
constexpr std::size_t kMaxPadding = 1024;

Direction outgoing(Side side) {
  return side == Side::client ? Direction::client_to_server : Direction::server_to_client;
}
Direction incoming(Side side) {
  return side == Side::client ? Direction::server_to_client : Direction::client_to_server;
}

std::int64_t random_i64(crypto::Rng& rng) {
  std::array<std::byte, 8> bytes;
  rng.fill(bytes);
  return detail::load_le<std::int64_t>(bytes);
}

// Uniform over 0..bound-1. A 32-bit draw at or above the largest multiple of
// bound is drawn again: taking it modulo bound would favour the low values.
std::uint32_t uniform_below(crypto::Rng& rng, std::uint32_t bound) {
  constexpr std::uint64_t kSpan = std::uint64_t{1} << 32;
  const std::uint64_t limit = kSpan - kSpan % bound;
  for (;;) {
    std::array<std::byte, 4> bytes;
    rng.fill(bytes);
    const std::uint64_t draw = detail::load_le<std::uint32_t>(bytes);
    if (draw < limit) return static_cast<std::uint32_t>(draw % bound);
  }
}

}  // namespace

EncryptedSession::EncryptedSession(crypto::AuthKey key, std::int64_t first_salt, std::int32_t time_offset,
                                   crypto::Rng& rng, EncryptedSessionOptions options)
    : key_(std::move(key)),
      salt_(first_salt),
      rng_(rng),
      options_(options),
      session_id_(options.session_id),
      ids_(options.side, time_offset, options.max_future.count()),
      seen_(options.replay_window) {
  if (!session_id_ && options_.side == Side::client) session_id_ = random_i64(rng_);
}

std::int32_t EncryptedSession::next_seq_no(bool content_related) noexcept {
  if (!content_related) return content_count_ * 2;
  return content_count_++ * 2 + 1;
}

void EncryptedSession::set_time_offset(std::int32_t seconds, Time now) {
  ids_.set_time_offset(seconds);
  // The peer ignored every id more than max_future ahead of its clock, which is
  // now ours too; only those are given up, so the ids it accepted stay below
  // the next one.
  ids_.forget_ids_after(unix_seconds(now) + seconds + options_.max_future.count());
  relaxed_until_ = now + options_.time_relax_period;
}

void EncryptedSession::start_new_session(Time now) {
  previous_session_id_ = session_id_;
  // A draw equal to the old id would make the new session the old one.
  do {
    session_id_ = random_i64(rng_);
  } while (session_id_ == previous_session_id_);
  content_count_ = 0;
  ids_ = MessageIdGenerator(options_.side, ids_.time_offset(), options_.max_future.count());
  seen_ = ReplayWindow(options_.replay_window);
  relaxed_until_ = now + options_.time_relax_period;
}

void EncryptedSession::begin_packet(tl::Bytes& out) const {
  out.clear();
  out.resize(kEncryptedHeaderSize);
}

std::size_t EncryptedSession::padding_size(std::size_t plaintext_size) {
  const std::size_t pad = kMinPadding + (16 - (plaintext_size + kMinPadding) % 16) % 16;
  const std::size_t blocks =
      std::min<std::size_t>(options_.max_extra_padding_blocks, (kMaxPadding - pad) / 16);
  if (blocks == 0) return pad;
  return pad + 16 * uniform_below(rng_, static_cast<std::uint32_t>(blocks + 1));
}

std::uint32_t EncryptedSession::finish_packet(tl::Bytes& out, std::int64_t msg_id, std::int32_t seq_no) {
  const std::size_t body_size = out.size() - kEncryptedHeaderSize;
  const std::size_t pad = padding_size(kInnerHeader + body_size);
  out.resize(out.size() + pad);
  std::span<std::byte> packet(out);
  rng_.fill(packet.last(pad));

  const auto key_id = key_.id_bytes();
  std::copy(key_id.begin(), key_id.end(), packet.begin());
  detail::store_le(packet, 24, salt_);
  detail::store_le(packet, 32, session_id_.value_or(0));
  detail::store_le(packet, 40, msg_id);
  detail::store_le(packet, 48, seq_no);
  detail::store_le(packet, 52, static_cast<std::uint32_t>(body_size));

  const auto plaintext = packet.subspan(kOuterHeader);
  const auto dir = outgoing(options_.side);
  const auto large = crypto::msg_key_large(key_, plaintext, dir);
  const crypto::MsgKey mk = crypto::msg_key(large);
  std::copy(mk.begin(), mk.end(), packet.begin() + 8);
  const auto kiv = crypto::message_key_iv(key_, mk, dir);
  // The length is a multiple of 16 by construction, so this cannot fail.
  (void)crypto::aes_ige_encrypt(kiv.key.span(), kiv.iv.span(), plaintext);
  return options_.side == Side::client ? crypto::quick_ack_token(large) : 0;
}

std::int64_t EncryptedSession::pack_to(tl::Bytes& out, std::span<const std::byte> body, Time now,
                                       bool content_related) {
  out.clear();
  out.reserve(kEncryptedHeaderSize + body.size() + kMaxPadding);
  begin_packet(out);
  out.insert(out.end(), body.begin(), body.end());
  const std::int64_t id = next_msg_id(now);
  finish_packet(out, id, next_seq_no(content_related));
  return id;
}

tl::Bytes EncryptedSession::pack(std::span<const std::byte> body, Time now, bool content_related) {
  tl::Bytes out;
  pack_to(out, body, now, content_related);
  return out;
}

std::error_code EncryptedSession::check_time(std::int64_t msg_id, Time now) const noexcept {
  if (now < relaxed_until_) return {};
  const std::int64_t local = unix_seconds(now) + ids_.time_offset();
  const std::int64_t sent = msg_id_seconds(msg_id);
  if (sent < local - options_.max_past.count()) return make_error_code(mtproto_errc::msg_id_too_old);
  if (sent > local + options_.max_future.count()) return make_error_code(mtproto_errc::msg_id_too_new);
  return {};
}

std::error_code EncryptedSession::check_msg_id(std::int64_t msg_id, Time now) const noexcept {
  const bool from_server = options_.side == Side::client;
  const bool parity_ok = from_server ? (msg_id & 1) == 1 : (msg_id & 3) == 0;
  if (!parity_ok) return make_error_code(mtproto_errc::bad_msg_id_parity);
  if (options_.check_time) {
    if (auto ec = check_time(msg_id, now)) return ec;
  }
  return seen_.check(msg_id);
}

Result<Message> EncryptedSession::unpack(std::span<std::byte> packet, Time now) {
  auto message = peek(packet, now);
  if (message) accept(*message);
  return message;
}

void EncryptedSession::accept(const Message& message) {
  seen_.insert(message.msg_id);
  ids_.observe_peer(message.msg_id);
  if (!session_id_) session_id_ = message.session_id;
}

Result<Message> EncryptedSession::peek(std::span<std::byte> packet, Time now) const {
  const std::size_t min_size = kOuterHeader + kInnerHeader + 16;
  if (packet.size() < min_size || (packet.size() - kOuterHeader) % 16 != 0)
    return make_error_code(mtproto_errc::bad_packet_length);
  const auto key_id = key_.id_bytes();
  if (!std::equal(key_id.begin(), key_id.end(), packet.begin()))
    return make_error_code(mtproto_errc::auth_key_mismatch);

  crypto::MsgKey received;
  std::copy_n(packet.begin() + 8, received.size(), received.begin());
  const auto dir = incoming(options_.side);
  const auto kiv = crypto::message_key_iv(key_, received, dir);
  const auto plaintext = packet.subspan(kOuterHeader);
  (void)crypto::aes_ige_decrypt(kiv.key.span(), kiv.iv.span(), plaintext);
  const auto large = crypto::msg_key_large(key_, plaintext, dir);
  if (!crypto::msg_key_equal(crypto::msg_key(large), received))
    return make_error_code(mtproto_errc::msg_key_mismatch);

  const auto session = detail::load_le<std::int64_t>(plaintext, 8);
  if (session_id_ && *session_id_ != session && previous_session_id_ != session)
    return make_error_code(mtproto_errc::session_id_mismatch);
  const auto length = detail::load_le<std::uint32_t>(plaintext, 28);
  const std::size_t room = plaintext.size() - kInnerHeader;
  if (length > room || length % 4 != 0) return make_error_code(mtproto_errc::bad_message_length);
  const std::size_t pad = room - length;
  if (pad < kMinPadding || pad > kMaxPadding) return make_error_code(mtproto_errc::bad_padding);

  Message m;
  m.salt = detail::load_le<std::int64_t>(plaintext, 0);
  m.msg_id = detail::load_le<std::int64_t>(plaintext, 16);
  m.seq_no = detail::load_le<std::int32_t>(plaintext, 24);
  m.body = plaintext.subspan(kInnerHeader, length);
  m.session_id = session;
  if (options_.side == Side::server) m.quick_ack_token = crypto::quick_ack_token(large);
  if (auto ec = check_msg_id(m.msg_id, now)) return ec;
  return m;
}

}  // namespace layer::mtproto
