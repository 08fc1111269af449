#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstring>

#include "common.hpp"
#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/mtproto_kdf.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto::handshake {

namespace {

using detail::fail;

// salt(8) ‖ session_id(8) ‖ msg_id(8) ‖ seq_no(4) ‖ length(4), then the body.
constexpr std::size_t kHeaderSize = 32;
// perm_auth_key_id(8) ‖ msg_key(16) before the ciphertext.
constexpr std::size_t kPrefixSize = 24;

std::int64_t key_id(const crypto::AuthKey& key) {
  return std::bit_cast<std::int64_t>(key.id());
}

template <class T>
void put(std::span<std::byte> out, std::size_t offset, T value) {
  std::memcpy(out.data() + offset, &value, sizeof(T));
}

template <class T>
T get(std::span<const std::byte> in, std::size_t offset) {
  T value;
  std::memcpy(&value, in.data() + offset, sizeof(T));
  return value;
}

tl::Bytes inner_body(const BindContext& context, std::int64_t nonce, std::int32_t expires_at) {
  tl::types::BindAuthKeyInner inner;
  inner.nonce = nonce;
  inner.temp_auth_key_id = key_id(context.temp_key);
  inner.perm_auth_key_id = key_id(context.perm_key);
  inner.temp_session_id = context.temp_session_id;
  inner.expires_at = expires_at;
  return tl::serialize(inner);
}

}  // namespace

Result<Request<tl::functions::auth::BindTempAuthKey>> bind_temp_auth_key(const BindContext& context,
                                                                         Time expires_at, crypto::Rng& rng) {
  tl::functions::auth::BindTempAuthKey call;
  rng.fill(std::as_writable_bytes(std::span(&call.nonce, 1)));
  call.perm_auth_key_id = key_id(context.perm_key);
  call.expires_at = static_cast<std::int32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(expires_at.time_since_epoch()).count());

  const tl::Bytes body = inner_body(context, call.nonce, call.expires_at);
  const std::size_t unpadded = kHeaderSize + body.size();
  crypto::SecureBytes plain((unpadded + 15) / 16 * 16);
  auto out = plain.span();
  rng.fill(out.first(16));  // random server_salt and session_id, as the method asks
  put(out, 16, context.msg_id);
  put(out, 24, std::int32_t{0});
  put(out, 28, static_cast<std::int32_t>(body.size()));
  std::copy(body.begin(), body.end(), out.begin() + kHeaderSize);
  rng.fill(out.subspan(unpadded));

  const auto msg_key = crypto::msg_key_v1(out.first(unpadded));
  const auto key_iv =
      crypto::message_key_iv_v1(context.perm_key, msg_key, crypto::Direction::client_to_server);
  call.encrypted_message.resize(kPrefixSize + out.size());
  auto message = std::span(call.encrypted_message);
  const auto id = context.perm_key.id_bytes();
  std::copy(id.begin(), id.end(), message.begin());
  std::copy(msg_key.begin(), msg_key.end(), message.begin() + 8);
  if (crypto::aes_ige_encrypt(key_iv.key.span(), key_iv.iv.span(), out, message.subspan(kPrefixSize))) {
    return fail(handshake_errc::crypto_failure);
  }
  return make_request(std::move(call));
}

Result<BoundKey> verify_bind_temp_auth_key(const tl::functions::auth::BindTempAuthKey& call,
                                           const BindContext& context) {
  const std::span<const std::byte> message = call.encrypted_message;
  if (message.size() < kPrefixSize + kHeaderSize || (message.size() - kPrefixSize) % 16 != 0) {
    return fail(handshake_errc::bind_malformed);
  }
  const auto id = context.perm_key.id_bytes();
  if (call.perm_auth_key_id != key_id(context.perm_key) ||
      !std::equal(id.begin(), id.end(), message.begin())) {
    return fail(handshake_errc::bind_key_mismatch);
  }
  crypto::MsgKey msg_key{};
  std::copy_n(message.begin() + 8, msg_key.size(), msg_key.begin());
  const auto key_iv =
      crypto::message_key_iv_v1(context.perm_key, msg_key, crypto::Direction::client_to_server);
  crypto::SecureBytes plain(message.size() - kPrefixSize);
  if (crypto::aes_ige_decrypt(key_iv.key.span(), key_iv.iv.span(), message.subspan(kPrefixSize),
                              plain.span())) {
    return fail(handshake_errc::bind_malformed);
  }
  const std::span<const std::byte> in = plain.span();
  const auto length = get<std::uint32_t>(in, 28);
  if (length > in.size() - kHeaderSize || in.size() - kHeaderSize - length >= 16) {
    return fail(handshake_errc::bind_malformed);
  }
  if (!crypto::msg_key_equal(crypto::msg_key_v1(in.first(kHeaderSize + length)), msg_key)) {
    return fail(handshake_errc::bind_msg_key_mismatch);
  }
  if (get<std::int64_t>(in, 16) != context.msg_id || get<std::int32_t>(in, 24) != 0) {
    return fail(handshake_errc::bind_field_mismatch);
  }
  auto inner = detail::decode<tl::types::BindAuthKeyInner>(in.subspan(kHeaderSize, length));
  if (!inner) return fail(handshake_errc::bind_malformed);
  if (inner->nonce != call.nonce || inner->temp_auth_key_id != key_id(context.temp_key) ||
      inner->perm_auth_key_id != key_id(context.perm_key) ||
      inner->temp_session_id != context.temp_session_id || inner->expires_at != call.expires_at) {
    return fail(handshake_errc::bind_field_mismatch);
  }
  return BoundKey{call.nonce, call.expires_at};
}

}  // namespace layer::mtproto::handshake
