// The server's half of auth.bindTempAuthKey: checks the encrypted_message a
// client built with bind_temp_auth_key against the keys of its connection.
#include <algorithm>

#include "bind_message.hpp"
#include "common.hpp"
#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/le.hpp"
#include "layer/crypto/mtproto_kdf.hpp"
#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto::handshake {

using detail::fail;
using detail::kBindHeaderSize;
using detail::kBindPrefixSize;
using detail::key_id;

Result<BoundKey> verify_bind_temp_auth_key(const tl::functions::auth::BindTempAuthKey& call,
                                           const BindContext& context) {
  const std::span<const std::byte> message = call.encrypted_message;
  if (message.size() < kBindPrefixSize + kBindHeaderSize || (message.size() - kBindPrefixSize) % 16 != 0) {
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
  crypto::SecureBytes plain(message.size() - kBindPrefixSize);
  if (crypto::aes_ige_decrypt(key_iv.key.span(), key_iv.iv.span(), message.subspan(kBindPrefixSize),
                              plain.span())) {
    return fail(handshake_errc::bind_malformed);
  }
  const std::span<const std::byte> in = plain.span();
  const auto length = crypto::load_le<std::uint32_t>(in, 28);
  if (length > in.size() - kBindHeaderSize || in.size() - kBindHeaderSize - length >= 16) {
    return fail(handshake_errc::bind_malformed);
  }
  if (!crypto::msg_key_equal(crypto::msg_key_v1(in.first(kBindHeaderSize + length)), msg_key)) {
    return fail(handshake_errc::bind_msg_key_mismatch);
  }
  if (crypto::load_le<std::int64_t>(in, 16) != context.msg_id || crypto::load_le<std::int32_t>(in, 24) != 0) {
    return fail(handshake_errc::bind_field_mismatch);
  }
  auto inner = detail::decode<tl::types::BindAuthKeyInner>(in.subspan(kBindHeaderSize, length));
  if (!inner) return fail(handshake_errc::bind_malformed);
  if (inner->nonce != call.nonce || inner->temp_auth_key_id != key_id(context.temp_key) ||
      inner->perm_auth_key_id != key_id(context.perm_key) ||
      inner->temp_session_id != context.temp_session_id || inner->expires_at != call.expires_at) {
    return fail(handshake_errc::bind_field_mismatch);
  }
  return BoundKey{call.nonce, call.expires_at};
}

}  // namespace layer::mtproto::handshake
