// The layout of auth.bindTempAuthKey's encrypted_message, which the client
// builds (bind_temp_auth_key.cpp) and the server checks (verify_bind_temp_auth_key.cpp).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#include "layer/crypto/auth_key.hpp"

namespace layer::mtproto::handshake::detail {

// salt(8) ‖ session_id(8) ‖ msg_id(8) ‖ seq_no(4) ‖ length(4), then the body.
inline constexpr std::size_t kBindHeaderSize = 32;
// perm_auth_key_id(8) ‖ msg_key(16) before the ciphertext.
inline constexpr std::size_t kBindPrefixSize = 24;

inline std::int64_t key_id(const crypto::AuthKey& key) noexcept {
  return std::bit_cast<std::int64_t>(key.id());
}

}  // namespace layer::mtproto::handshake::detail
