// Pieces both sides of the exchange share: decoding at the wire boundary, the
// big-endian numbers of pq/p/q, and the SHA-1-prefixed AES-IGE wrapping of
// server_DH_inner_data and client_DH_inner_data.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "layer/crypto/error.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/secure_bytes.hpp"
#include "layer/mtproto/handshake/errors.hpp"
#include "layer/mtproto/result.hpp"
#include "layer/tl/bytes.hpp"
#include "layer/tl/codec.hpp"
#include "layer/tl/errors.hpp"

namespace layer::mtproto::handshake::detail {

inline std::error_code fail(handshake_errc e) noexcept {
  return make_error_code(e);
}

// The one place wire bytes become TL values: DecodeError becomes malformed_message.
template <class T>
Result<T> decode(std::span<const std::byte> bytes) {
  try {
    return tl::deserialize<T>(bytes);
  } catch (const tl::DecodeError&) {
    return fail(handshake_errc::malformed_message);
  }
}

template <std::size_t N>
std::array<std::byte, N> random_array(crypto::Rng& rng) {
  std::array<std::byte, N> out{};
  rng.fill(out);
  return out;
}

inline std::span<const std::byte> as_bytes(std::string_view s) noexcept {
  return std::as_bytes(std::span(s.data(), s.size()));
}

// Big-endian without leading zeros, as pq, p and q travel.
std::string be_string(std::uint64_t value);
// At most 8 bytes; leading zeros are tolerated.
std::optional<std::uint64_t> be_value(std::string_view bytes) noexcept;

// AES-IGE(tmp key of new_nonce/server_nonce, SHA1(data) ‖ data ‖ random padding to 16).
tl::Bytes encrypt_with_hash(std::span<const std::byte> data, std::span<const std::byte, 32> new_nonce,
                            std::span<const std::byte, 16> server_nonce, crypto::Rng& rng);

// AES-IGE decryption of encrypt_with_hash's output; bad_encrypted_answer unless the
// length is a positive multiple of 16 with room for the hash.
Result<crypto::SecureBytes> decrypt_hashed(std::span<const std::byte> encrypted,
                                           std::span<const std::byte, 32> new_nonce,
                                           std::span<const std::byte, 16> server_nonce);

// The hash must cover exactly the parsed object and the padding must stay below 16.
std::error_code check_hash(std::span<const std::byte> plaintext, std::size_t object_size) noexcept;

// Reverses encrypt_with_hash and parses one T (constructor id included) after the
// hash. Errors: bad_encrypted_answer, malformed_message, answer_hash_mismatch.
template <class T>
Result<T> decrypt_with_hash(std::span<const std::byte> encrypted, std::span<const std::byte, 32> new_nonce,
                            std::span<const std::byte, 16> server_nonce) {
  auto plain = decrypt_hashed(encrypted, new_nonce, server_nonce);
  if (!plain) return plain.error();
  const auto object = plain->span().subspan(20);
  tl::Reader r(object);
  T value;
  try {
    if (r.read_u32() != T::ID) return fail(handshake_errc::malformed_message);
    value = tl::read<T>(r);
  } catch (const tl::DecodeError&) {
    return fail(handshake_errc::malformed_message);
  }
  if (auto ec = check_hash(plain->span(), r.offset())) return ec;
  return value;
}

// new_nonce[0:8] XOR server_nonce[0:8], read as a little-endian int64.
std::int64_t first_salt(std::span<const std::byte, 32> new_nonce,
                        std::span<const std::byte, 16> server_nonce);

// The 2048-bit safe prime Telegram's servers use, big-endian.
std::span<const std::byte, 256> telegram_dh_prime() noexcept;

}  // namespace layer::mtproto::handshake::detail
