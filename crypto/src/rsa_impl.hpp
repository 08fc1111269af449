// What RsaPublicKey and RsaPrivateKey share between rsa_key.cpp and rsa_pad.cpp.
#pragma once

#include <cstdint>
#include <vector>

#include "layer/crypto/rsa.hpp"
#include "openssl_util.hpp"

namespace layer::crypto {

struct RsaPublicKey::Impl {
  detail::Pkey pkey;
  std::vector<std::byte> n;  // big-endian, no leading zeros
  std::vector<std::byte> e;
  std::int64_t fingerprint = 0;
};

namespace detail {

// Raw m^e or c^d (RSA_NO_PADDING) through EVP; input is 256 bytes below n.
void rsa_raw(EVP_PKEY* pkey, bool encrypt, std::span<const std::byte> in, std::span<std::byte> out);

// Big-endian comparison of a 256-byte value with the modulus.
bool below_modulus(std::span<const std::byte, kRsaSize> value, std::span<const std::byte> n) noexcept;

}  // namespace detail
}  // namespace layer::crypto
