// The two ways clients wrap p_q_inner_data for RSA: MTProto 2.0's RSA_PAD and the
// older sha1(data) ‖ data ‖ padding that Telethon still sends.
#include <openssl/crypto.h>

#include <algorithm>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/sha.hpp"
#include "rsa_impl.hpp"

namespace layer::crypto {
namespace {

constexpr std::size_t kPaddedSize = 192;      // data_with_padding
constexpr std::size_t kHashedSize = 224;      // data_with_hash
constexpr std::size_t kOldPayloadSize = 255;  // sha1 ‖ data ‖ padding
constexpr std::size_t kOldMaxData = kOldPayloadSize - 20;

constexpr std::array<std::byte, 32> kZeroIv{};

// The layout of key_aes_encrypted: a 32-byte masked temp key, then the AES part
// of data_with_padding and its SHA-256.
static_assert(kHashedSize == kPaddedSize + 32 && kRsaSize == 32 + kHashedSize);

void xor_into(std::span<std::byte> dst, std::span<const std::byte> src) noexcept {
  for (std::size_t i = 0; i < dst.size(); ++i) dst[i] ^= src[i];
}

// key_aes_encrypted = (temp_key XOR SHA256(aes_encrypted)) ‖ aes_encrypted, with
// aes_encrypted = IGE(temp_key, 0, reverse(data_with_padding) ‖ SHA256(temp_key ‖ data_with_padding)).
std::error_code pad_once(std::span<const std::byte, kPaddedSize> padded,
                         std::span<const std::byte, 32> temp_key, std::span<std::byte, kRsaSize> out) {
  const std::span<std::byte> aes_part = out.subspan(32);
  std::reverse_copy(padded.begin(), padded.end(), aes_part.begin());
  // Both digests are wiped: the hash covers the secret data, and the mask with
  // aes_part recovers temp_key.
  const SecureArray<32> hash(sha256({temp_key, padded}));
  std::copy_n(hash.data(), hash.size(), aes_part.begin() + kPaddedSize);
  if (auto ec = aes_ige_encrypt(temp_key, kZeroIv, aes_part); ec) return ec;
  const SecureArray<32> mask(sha256(aes_part));
  std::copy(temp_key.begin(), temp_key.end(), out.begin());
  xor_into(out.first(32), mask.span());
  return {};
}

// Inverse of pad_once; empty when the embedded hash does not match.
Result<SecureBytes> unpad(std::span<const std::byte, kRsaSize> m) {
  SecureArray<32> temp_key(m.first<32>());
  xor_into(temp_key.span(), SecureArray<32>(sha256(m.subspan(32))).span());
  SecureBytes hashed(m.subspan(32));
  if (auto ec = aes_ige_decrypt(temp_key.span(), kZeroIv, hashed.span()); ec) return ec;
  SecureBytes padded(kPaddedSize);
  std::reverse_copy(hashed.data(), hashed.data() + kPaddedSize, padded.data());
  const SecureArray<32> hash(sha256({temp_key.span(), padded.span()}));
  if (CRYPTO_memcmp(hash.data(), hashed.data() + kPaddedSize, hash.size()) != 0) {
    return crypto_errc::rsa_decrypt_failed;
  }
  return padded;
}

// The old layout leaves the data length implicit: it is the prefix the SHA-1 covers.
Result<SecureBytes> unwrap_old(std::span<const std::byte, kRsaSize> m) {
  if (m[0] != std::byte{0}) return crypto_errc::rsa_decrypt_failed;
  const std::span<const std::byte> digest = m.subspan(1, 20);
  const std::span<const std::byte> rest = m.subspan(21);
  for (std::size_t len = 0; len <= kOldMaxData; ++len) {
    const Sha1Digest h = sha1(rest.first(len));
    if (CRYPTO_memcmp(h.data(), digest.data(), h.size()) == 0) return SecureBytes(rest.first(len));
  }
  return crypto_errc::rsa_decrypt_failed;
}

}  // namespace

Result<RsaBlock> RsaPublicKey::encrypt_rsa_pad(std::span<const std::byte> data, Rng& rng) const {
  if (data.size() > kRsaPadMaxData) return crypto_errc::rsa_data_too_long;
  SecureArray<kPaddedSize> padded;
  std::copy(data.begin(), data.end(), padded.data());
  rng.fill(padded.span().subspan(data.size()));
  SecureArray<32> temp_key;
  SecureArray<kRsaSize> key_aes_encrypted;
  for (int attempt = 0; attempt < kRsaPadMaxAttempts; ++attempt) {
    rng.fill(temp_key.span());
    if (auto ec = pad_once(padded.span(), temp_key.span(), key_aes_encrypted.span()); ec) return ec;
    if (detail::below_modulus(key_aes_encrypted.span(), impl_->n))
      return encrypt_raw(key_aes_encrypted.span());
  }
  return crypto_errc::rsa_pad_attempts_exhausted;
}

Result<RsaDecrypted> RsaPrivateKey::decrypt_inner_data(std::span<const std::byte> encrypted) const {
  if (encrypted.size() > kRsaSize) return crypto_errc::invalid_length;
  // Some clients drop leading zero bytes of the ciphertext.
  std::array<std::byte, kRsaSize> c{};
  std::copy(encrypted.begin(), encrypted.end(), c.end() - static_cast<std::ptrdiff_t>(encrypted.size()));
  auto m = decrypt_raw(c);
  if (!m) return m.error();
  const auto block = m->span().first<kRsaSize>();
  if (auto padded = unpad(block)) return RsaDecrypted{std::move(*padded), RsaScheme::rsa_pad};
  if (auto old = unwrap_old(block)) return RsaDecrypted{std::move(*old), RsaScheme::old_sha1};
  return crypto_errc::rsa_decrypt_failed;
}

}  // namespace layer::crypto
