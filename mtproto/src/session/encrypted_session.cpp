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

}  // namespace

EncryptedSession::EncryptedSession(crypto::AuthKey key, std::int64_t first_salt, std::int32_t time_offset,
                                   crypto::Rng& rng, EncryptedSessionOptions options)
    : key_(std::move(key)),
      salt_(first_salt),
      rng_(rng),
      options_(options),
      session_id_(options.session_id),
      ids_(options.side, time_offset),
      seen_(options.replay_window) {
  if (!session_id_ && options_.side == Side::client) session_id_ = random_i64(rng_);
}

std::int32_t EncryptedSession::next_seq_no(bool content_related) noexcept {
  if (!content_related) return content_count_ * 2;
  return content_count_++ * 2 + 1;
}

void EncryptedSession::set_time_offset(std::int32_t seconds, Time now) noexcept {
  ids_.set_time_offset(seconds);
  relaxed_until_ = now + options_.time_relax_period;
}

void EncryptedSession::begin_packet(tl::Bytes& out) const {
  out.clear();
  out.resize(kEncryptedHeaderSize);
}

std::size_t EncryptedSession::padding_size(std::size_t plaintext_size) {
  std::size_t pad = kMinPadding + (16 - (plaintext_size + kMinPadding) % 16) % 16;
  if (options_.max_extra_padding_blocks > 0) {
    std::array<std::byte, 1> pick;
    rng_.fill(pick);
    const std::size_t extra = std::to_integer<std::size_t>(pick[0]) % (options_.max_extra_padding_blocks + 1);
    pad = std::min(pad + 16 * extra, pad + 16 * ((kMaxPadding - pad) / 16));
  }
  return pad;
}

void EncryptedSession::finish_packet(tl::Bytes& out, std::int64_t msg_id, std::int32_t seq_no) {
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
  const crypto::MsgKey mk = crypto::msg_key(key_, plaintext, dir);
  std::copy(mk.begin(), mk.end(), packet.begin() + 8);
  const auto kiv = crypto::message_key_iv(key_, mk, dir);
  // The length is a multiple of 16 by construction, so this cannot fail.
  (void)crypto::aes_ige_encrypt(kiv.key.span(), kiv.iv.span(), plaintext);
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
  if (!crypto::msg_key_equal(crypto::msg_key(key_, plaintext, dir), received))
    return make_error_code(mtproto_errc::msg_key_mismatch);

  const auto session = detail::load_le<std::int64_t>(plaintext, 8);
  if (session_id_ && *session_id_ != session) return make_error_code(mtproto_errc::session_id_mismatch);
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
  if (auto ec = check_msg_id(m.msg_id, now)) return ec;

  seen_.insert(m.msg_id);
  if (!session_id_) session_id_ = session;
  return m;
}

}  // namespace layer::mtproto
