// AES-256 in Infinite Garble Extension mode, the cipher of every MTProto message.
// OpenSSL 3 has no IGE through EVP, so the chain is built here on single-block AES:
// AES-NI when the CPU has it, EVP AES-256-ECB otherwise.
#pragma once

#include <cstddef>
#include <span>
#include <system_error>

namespace layer::crypto {

inline constexpr std::size_t kAesBlockSize = 16;

using AesKey = std::span<const std::byte, 32>;
// iv[0:16] is y0 (the "previous ciphertext"), iv[16:32] is x0 (the "previous plaintext").
using AesIgeIv = std::span<const std::byte, 32>;

enum class AesBackend {
  automatic,  // AES-NI if the CPU supports it, else EVP
  aesni,      // forced; behaves as evp on CPUs without AES-NI
  evp,        // forced OpenSSL EVP single-block path
};

// True when this build and CPU can run the AES-NI path.
bool aesni_available() noexcept;

// in and out must have the same size, a multiple of 16 (0 is allowed); they may be
// the same buffer but must not otherwise overlap. Returns crypto_errc::invalid_length
// and leaves out untouched otherwise.
[[nodiscard]] std::error_code aes_ige_encrypt(AesKey key, AesIgeIv iv, std::span<const std::byte> in,
                                              std::span<std::byte> out,
                                              AesBackend backend = AesBackend::automatic);
[[nodiscard]] std::error_code aes_ige_decrypt(AesKey key, AesIgeIv iv, std::span<const std::byte> in,
                                              std::span<std::byte> out,
                                              AesBackend backend = AesBackend::automatic);

// In place.
[[nodiscard]] inline std::error_code aes_ige_encrypt(AesKey key, AesIgeIv iv, std::span<std::byte> data,
                                                     AesBackend backend = AesBackend::automatic) {
  return aes_ige_encrypt(key, iv, data, data, backend);
}
[[nodiscard]] inline std::error_code aes_ige_decrypt(AesKey key, AesIgeIv iv, std::span<std::byte> data,
                                                     AesBackend backend = AesBackend::automatic) {
  return aes_ige_decrypt(key, iv, data, data, backend);
}

}  // namespace layer::crypto
