// Perfect forward secrecy: auth.bindTempAuthKey ties a temporary key to the
// permanent one. Its encrypted_message is an MTProto 1.0 message encrypted with the
// PERMANENT key (SHA-1 msg_key, SHA-1 KDF with x = 0) whose body is
// bind_auth_key_inner; the outer call itself travels encrypted with the temporary key,
// in the session named inside, as the message whose msg_id is named inside.
//
// Through a ClientSession on the temporary key, which alone knows that msg_id:
//   session.enqueue_built(bind_temp_auth_key_body(perm_key, session.session(), expires_at, rng));
#pragma once

#include <cstdint>

#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/mtproto/body_builder.hpp"
#include "layer/mtproto/clock.hpp"
#include "layer/mtproto/encrypted_session.hpp"
#include "layer/mtproto/handshake/errors.hpp"
#include "layer/mtproto/handshake/request.hpp"
#include "layer/mtproto/result.hpp"
#include "layer/tl/functions/auth.hpp"

namespace layer::mtproto::handshake {

// Both sides agree on these; the server takes them from the connection the call came in on.
struct BindContext {
  const crypto::AuthKey& perm_key;
  const crypto::AuthKey& temp_key;
  // The session the temporary key is used in.
  std::int64_t temp_session_id = 0;
  // msg_id of the outer message that carries the call; the inner one must equal it.
  std::int64_t msg_id = 0;
};

// Client: the call to send (random nonce, random inner salt, session and padding).
Result<Request<tl::functions::auth::BindTempAuthKey>> bind_temp_auth_key(const BindContext& context,
                                                                         Time expires_at, crypto::Rng& rng);

// The call as ClientSession::enqueue_built wants it, for the session temp of the
// temporary key (a client's: its session id is set): made again for each msg_id
// it goes out as, with a new nonce each time. The keys are copied; rng must
// outlive the builder.
BodyBuilder bind_temp_auth_key_body(const crypto::AuthKey& perm_key, const EncryptedSession& temp,
                                    Time expires_at, crypto::Rng& rng);

struct BoundKey {
  std::int64_t nonce = 0;
  std::int32_t expires_at = 0;
};

// Server (layer::mtproto_server): checks a received call against the permanent
// key it names (looked up by the caller through perm_auth_key_id). Errors:
// bind_malformed, bind_key_mismatch, bind_msg_key_mismatch, bind_field_mismatch.
Result<BoundKey> verify_bind_temp_auth_key(const tl::functions::auth::BindTempAuthKey& call,
                                           const BindContext& context);

}  // namespace layer::mtproto::handshake
