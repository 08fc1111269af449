// msg_key, quick-ack tokens and the per-message AES key/IV of MTProto 2.0, plus the
// SHA-1 derivation of MTProto 1.0 that auth.bindTempAuthKey still requires for its
// inner message.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/secure_bytes.hpp"
#include "layer/crypto/sha.hpp"

namespace layer::crypto {

// x in the specification: which slice of the auth key each direction uses.
enum class Direction : std::size_t { client_to_server = 0, server_to_client = 8 };

using MsgKey = std::array<std::byte, 16>;

struct MessageKeyIv {
  SecureArray<32> key;
  SecureArray<32> iv;
};

// msg_key_large: SHA256(auth_key[88+x .. 120+x] ‖ plaintext), padding included.
// Both msg_key and the quick-ack token are slices of it, so a sender that wants
// both hashes once.
Sha256Digest msg_key_large(const AuthKey& key, std::span<const std::byte> plaintext, Direction dir);
// Bytes 8..24 of msg_key_large.
MsgKey msg_key(const Sha256Digest& large);
MsgKey msg_key(const AuthKey& key, std::span<const std::byte> plaintext, Direction dir);
// The quick-ack token of a client packet (msg_key_large with x = 0): its first
// four bytes read little-endian, with the high bit set. The server sends it back
// when the transport frame asked for a quick ack.
std::uint32_t quick_ack_token(const Sha256Digest& large);

MessageKeyIv message_key_iv(const AuthKey& key, const MsgKey& msg_key, Direction dir);

// Constant-time, so a forged packet learns nothing from how long rejection takes.
bool msg_key_equal(const MsgKey& a, const MsgKey& b);

// MTProto 1.0: msg_key = bytes 4..20 of SHA1(plaintext without padding).
MsgKey msg_key_v1(std::span<const std::byte> plaintext);

MessageKeyIv message_key_iv_v1(const AuthKey& key, const MsgKey& msg_key, Direction dir);

}  // namespace layer::crypto
