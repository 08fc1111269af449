#include "common.hpp"

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/dh.hpp"
#include "layer/crypto/le.hpp"
#include "layer/crypto/sha.hpp"

namespace layer::mtproto::handshake::detail {

namespace {

constexpr std::size_t kHashSize = 20;

}  // namespace

std::string be_string(std::uint64_t value) {
  std::string out;
  for (int shift = 56; shift >= 0; shift -= 8) {
    const auto byte = static_cast<char>((value >> shift) & 0xff);
    if (!out.empty() || byte != 0) out.push_back(byte);
  }
  return out;
}

std::optional<std::uint64_t> be_value(std::string_view bytes) noexcept {
  if (bytes.size() > 8) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : bytes) value = value << 8 | static_cast<unsigned char>(c);
  return value;
}

tl::Bytes encrypt_with_hash(std::span<const std::byte> data, std::span<const std::byte, 32> new_nonce,
                            std::span<const std::byte, 16> server_nonce, crypto::Rng& rng) {
  const auto hash = crypto::sha1(data);
  const std::size_t size = (kHashSize + data.size() + 15) / 16 * 16;
  crypto::SecureBytes plain(size);
  auto out = plain.span();
  std::copy(hash.begin(), hash.end(), out.begin());
  std::copy(data.begin(), data.end(), out.begin() + kHashSize);
  rng.fill(out.subspan(kHashSize + data.size()));

  const auto key_iv = crypto::tmp_aes_key_iv(new_nonce, server_nonce);
  tl::Bytes encrypted(size);
  // Sizes are multiples of 16 by construction, so the cipher cannot refuse them.
  (void)crypto::aes_ige_encrypt(key_iv.key.span(), key_iv.iv.span(), out, encrypted);
  return encrypted;
}

Result<crypto::SecureBytes> decrypt_hashed(std::span<const std::byte> encrypted,
                                           std::span<const std::byte, 32> new_nonce,
                                           std::span<const std::byte, 16> server_nonce) {
  if (encrypted.size() < 32 || encrypted.size() % 16 != 0) return fail(handshake_errc::bad_encrypted_answer);
  const auto key_iv = crypto::tmp_aes_key_iv(new_nonce, server_nonce);
  crypto::SecureBytes plain(encrypted.size());
  if (crypto::aes_ige_decrypt(key_iv.key.span(), key_iv.iv.span(), encrypted, plain.span())) {
    return fail(handshake_errc::bad_encrypted_answer);
  }
  return plain;
}

std::error_code check_hash(std::span<const std::byte> plaintext, std::size_t object_size) noexcept {
  const std::size_t padding = plaintext.size() - kHashSize - object_size;
  if (padding >= 16) return fail(handshake_errc::bad_encrypted_answer);
  const auto hash = crypto::sha1(plaintext.subspan(kHashSize, object_size));
  if (!std::equal(hash.begin(), hash.end(), plaintext.begin()))
    return fail(handshake_errc::answer_hash_mismatch);
  return {};
}

std::int64_t first_salt(std::span<const std::byte, 32> new_nonce,
                        std::span<const std::byte, 16> server_nonce) {
  return crypto::load_le<std::int64_t>(new_nonce) ^ crypto::load_le<std::int64_t>(server_nonce);
}

std::span<const std::byte, 256> telegram_dh_prime() noexcept {
  return crypto::telegram_dh_prime();
}

}  // namespace layer::mtproto::handshake::detail
