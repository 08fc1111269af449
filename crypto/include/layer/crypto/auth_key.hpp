// The 2048-bit authorization key and the values the handshake derives from it and
// from the nonces.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "layer/crypto/secure_bytes.hpp"

namespace layer::crypto {

inline constexpr std::size_t kAuthKeySize = 256;

class AuthKey {
 public:
  explicit AuthKey(std::span<const std::byte, kAuthKeySize> key);

  std::span<const std::byte, kAuthKeySize> bytes() const noexcept { return key_.span(); }
  // Low 64 bits of SHA1(key): bytes 12..20 of the digest read little-endian.
  std::uint64_t id() const noexcept { return id_; }
  // The same 8 bytes as sent on the wire.
  std::array<std::byte, 8> id_bytes() const;
  // High 64 bits of SHA1(key): the digest's first 8 bytes.
  std::array<std::byte, 8> aux_hash() const noexcept { return aux_hash_; }

 private:
  SecureArray<kAuthKeySize> key_;
  std::uint64_t id_;
  // Plain on purpose: aux_hash is not secret-equivalent. It is 64 bits of a one-way
  // digest of the key, so it neither decrypts nor authenticates anything, and as a
  // check for a guessed key it adds nothing to auth_key_id, 64 other bits of the
  // same digest that every message carries in the clear. The handshake only hashes
  // it with the secret new_nonce into new_nonce_hash1/2/3, which travel in the clear.
  std::array<std::byte, 8> aux_hash_;
};

using Nonce128 = std::span<const std::byte, 16>;
using Nonce256 = std::span<const std::byte, 32>;

// new_nonce_hash1/2/3 of dh_gen_ok/retry/fail: the last 128 bits of
// SHA1(new_nonce ‖ byte(number) ‖ aux_hash).
std::array<std::byte, 16> new_nonce_hash(Nonce256 new_nonce, std::uint8_t number, const AuthKey& key);

struct TmpAesKeyIv {
  SecureArray<32> key;
  SecureArray<32> iv;
};

// The key and IV that encrypt server_DH_inner_data and client_DH_inner_data.
TmpAesKeyIv tmp_aes_key_iv(Nonce256 new_nonce, Nonce128 server_nonce);

}  // namespace layer::crypto
