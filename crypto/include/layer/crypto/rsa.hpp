// RSA as the MTProto handshake uses it: raw (unpadded) modular exponentiation over
// 2048-bit keys, the RSA_PAD scheme for p_q_inner_data, key selection by the 64-bit
// fingerprint the server announces, and the server-side decrypt a fake DC needs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "layer/crypto/error.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/secure_bytes.hpp"

namespace layer::crypto {

inline constexpr std::size_t kRsaSize = 256;
inline constexpr std::size_t kRsaPadMaxData = 144;
using RsaBlock = std::array<std::byte, kRsaSize>;
// encrypt_rsa_pad draws a new temp key while the padded value is not below the
// modulus. A random 256-byte value is below a 2048-bit modulus with probability
// above 1/2, so the bound only stops a broken Rng from looping forever; reaching it
// fails with rsa_pad_attempts_exhausted.
inline constexpr int kRsaPadMaxAttempts = 256;

class RsaPublicKey {
 public:
  // "BEGIN RSA PUBLIC KEY" (PKCS#1) or "BEGIN PUBLIC KEY" (SubjectPublicKeyInfo).
  static Result<RsaPublicKey> from_pem(std::string_view pem);
  // Big-endian modulus and exponent, as in the server's key lists.
  static Result<RsaPublicKey> from_components(std::span<const std::byte> n, std::span<const std::byte> e);

  // Low 64 bits of SHA1(TL bytes(n) ‖ TL bytes(e)), read little-endian: the value
  // of server_public_key_fingerprints.
  std::int64_t fingerprint() const noexcept;
  // Big-endian, without leading zero bytes.
  std::span<const std::byte> modulus() const noexcept;
  std::span<const std::byte> exponent() const noexcept;

  // MTProto 2.0 RSA_PAD of data (at most 144 bytes): the encrypted_data of req_DH_params.
  // Draws the 192 - data.size() padding bytes, then one 32-byte temp key per attempt.
  Result<RsaBlock> encrypt_rsa_pad(std::span<const std::byte> data, Rng& rng) const;
  // Raw m^e mod n; m must be 256 bytes and below n.
  Result<RsaBlock> encrypt_raw(std::span<const std::byte, kRsaSize> m) const;

  struct Impl;  // opaque, defined in src/

 private:
  explicit RsaPublicKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

enum class RsaScheme {
  rsa_pad,   // MTProto 2.0 (tdlib, GramJS, grammers)
  old_sha1,  // sha1(data) ‖ data ‖ random, 255 bytes (Telethon)
};

struct RsaDecrypted {
  // RSA_PAD: all 192 bytes of data_with_padding (the scheme does not carry the
  // length; the TL parser stops at the object's end). Old scheme: exactly the
  // bytes the SHA-1 covered.
  SecureBytes data;
  RsaScheme scheme;
};

class RsaPrivateKey {
 public:
  // "BEGIN RSA PRIVATE KEY" (PKCS#1) or "BEGIN PRIVATE KEY" (PKCS#8), unencrypted.
  static Result<RsaPrivateKey> from_pem(std::string_view pem);

  const RsaPublicKey& public_key() const noexcept { return public_; }

  // Server side of req_DH_params: accepts either scheme and says which one it was.
  Result<RsaDecrypted> decrypt_inner_data(std::span<const std::byte> encrypted) const;
  // Raw c^d mod n (CRT, blinded).
  Result<SecureBytes> decrypt_raw(std::span<const std::byte> c) const;

 private:
  RsaPrivateKey(RsaPublicKey pub, std::shared_ptr<const RsaPublicKey::Impl> priv)
      : public_(std::move(pub)), private_(std::move(priv)) {}
  RsaPublicKey public_;
  std::shared_ptr<const RsaPublicKey::Impl> private_;
};

// Telegram's production and test DC keys (crypto/data/telegram-rsa-keys.pem).
std::span<const RsaPublicKey> builtin_keys();

// The first key in keys whose fingerprint the server offered, or unknown_fingerprint.
Result<RsaPublicKey> select_key(std::span<const std::int64_t> offered, std::span<const RsaPublicKey> keys);

}  // namespace layer::crypto
