#include "common.hpp"

#include <bit>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/sha.hpp"

namespace layer::mtproto::auth::detail {

namespace {

constexpr std::size_t kHashSize = 20;

constexpr std::string_view kTelegramPrimeHex =
    "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db"
    "fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64"
    "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41"
    "0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4"
    "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf"
    "6f4fadf034b10403119cd8e3b92fcc5b";

constexpr int nibble(char c) {
  return c <= '9' ? c - '0' : c - 'a' + 10;
}

constexpr std::array<std::byte, 256> parse_prime() {
  static_assert(kTelegramPrimeHex.size() == 512);
  std::array<std::byte, 256> out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] =
        static_cast<std::byte>(nibble(kTelegramPrimeHex[2 * i]) << 4 | nibble(kTelegramPrimeHex[2 * i + 1]));
  }
  return out;
}

constexpr std::array<std::byte, 256> kTelegramPrime = parse_prime();

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
  if (encrypted.size() < 32 || encrypted.size() % 16 != 0) return fail(auth_errc::bad_encrypted_answer);
  const auto key_iv = crypto::tmp_aes_key_iv(new_nonce, server_nonce);
  crypto::SecureBytes plain(encrypted.size());
  if (crypto::aes_ige_decrypt(key_iv.key.span(), key_iv.iv.span(), encrypted, plain.span())) {
    return fail(auth_errc::bad_encrypted_answer);
  }
  return plain;
}

std::error_code check_hash(std::span<const std::byte> plaintext, std::size_t object_size) noexcept {
  const std::size_t padding = plaintext.size() - kHashSize - object_size;
  if (padding >= 16) return fail(auth_errc::bad_encrypted_answer);
  const auto hash = crypto::sha1(plaintext.subspan(kHashSize, object_size));
  if (!std::equal(hash.begin(), hash.end(), plaintext.begin())) return fail(auth_errc::answer_hash_mismatch);
  return {};
}

std::int64_t first_salt(std::span<const std::byte, 32> new_nonce,
                        std::span<const std::byte, 16> server_nonce) {
  std::uint64_t salt = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    salt |= std::uint64_t{std::to_integer<std::uint8_t>(new_nonce[i] ^ server_nonce[i])} << (8 * i);
  }
  return std::bit_cast<std::int64_t>(salt);
}

std::span<const std::byte, 256> telegram_dh_prime() noexcept {
  return kTelegramPrime;
}

}  // namespace layer::mtproto::auth::detail
