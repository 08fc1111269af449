// HMAC-SHA512 and PBKDF2-HMAC-SHA512: the slow step of the 2FA password hash (PH2).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "layer/crypto/secure_bytes.hpp"

namespace layer::crypto {

SecureArray<64> hmac_sha512(std::span<const std::byte> key, std::span<const std::byte> data);

// Fills out (any length) with the derived key.
void pbkdf2_hmac_sha512(std::span<const std::byte> password, std::span<const std::byte> salt,
                        std::uint32_t iterations, std::span<std::byte> out);

}  // namespace layer::crypto
