// The AES-NI implementation of the IGE chain, compiled for the "aes" target only
// in its own functions so the rest of the build stays generic x86-64.
#pragma once

#include <cstddef>

namespace layer::crypto::detail {

// Whether the CPU (and this build) can run the functions below.
bool aesni_supported() noexcept;

// key: 32 bytes, iv: 32 bytes, in/out: blocks * 16 bytes (may be the same buffer).
void aesni_ige_encrypt(const std::byte* key, const std::byte* iv, const std::byte* in, std::byte* out,
                       std::size_t blocks) noexcept;
void aesni_ige_decrypt(const std::byte* key, const std::byte* iv, const std::byte* in, std::byte* out,
                       std::size_t blocks) noexcept;

}  // namespace layer::crypto::detail
