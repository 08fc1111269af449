#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"

#include <algorithm>
#include <chrono>

#include "bind_message.hpp"
#include "common.hpp"
#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/le.hpp"
#include "layer/crypto/mtproto_kdf.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto::handshake {

namespace {

using detail::fail;
using detail::kBindHeaderSize;
using detail::kBindPrefixSize;
using detail::key_id;

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
  const std::size_t unpadded = kBindHeaderSize + body.size();
  crypto::SecureBytes plain((unpadded + 15) / 16 * 16);
  auto out = plain.span();
  rng.fill(out.first(16));  // random server_salt and session_id, as the method asks
  crypto::store_le(out, 16, context.msg_id);
  crypto::store_le(out, 24, std::int32_t{0});
  crypto::store_le(out, 28, static_cast<std::int32_t>(body.size()));
  std::copy(body.begin(), body.end(), out.begin() + kBindHeaderSize);
  rng.fill(out.subspan(unpadded));

  const auto msg_key = crypto::msg_key_v1(out.first(unpadded));
  const auto key_iv =
      crypto::message_key_iv_v1(context.perm_key, msg_key, crypto::Direction::client_to_server);
  call.encrypted_message.resize(kBindPrefixSize + out.size());
  auto message = std::span(call.encrypted_message);
  const auto id = context.perm_key.id_bytes();
  std::copy(id.begin(), id.end(), message.begin());
  std::copy(msg_key.begin(), msg_key.end(), message.begin() + 8);
  if (crypto::aes_ige_encrypt(key_iv.key.span(), key_iv.iv.span(), out, message.subspan(kBindPrefixSize))) {
    return fail(handshake_errc::crypto_failure);
  }
  return make_request(std::move(call));
}

BodyBuilder bind_temp_auth_key_body(const crypto::AuthKey& perm_key, const EncryptedSession& temp,
                                    Time expires_at, crypto::Rng& rng) {
  return [perm = perm_key, temp_key = temp.auth_key(), session_id = temp.session_id().value_or(0), expires_at,
          &rng](std::int64_t msg_id) -> Result<tl::Bytes> {
    auto request = bind_temp_auth_key({perm, temp_key, session_id, msg_id}, expires_at, rng);
    if (!request) return request.error();
    return std::move(request->bytes);
  };
}

}  // namespace layer::mtproto::handshake
