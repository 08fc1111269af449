#include "layer/crypto/kdf.hpp"

#include <openssl/hmac.h>

#include <system_error>

#include "layer/crypto/error.hpp"
#include "openssl_util.hpp"

namespace layer::crypto {
namespace {

[[noreturn]] void fail() {
  throw std::system_error(make_error_code(crypto_errc::openssl_failure));
}

const EVP_MD* sha512() {
  try {
    return detail::md_sha512();
  } catch (const detail::OpensslFailure&) {
    fail();
  }
}

}  // namespace

SecureArray<64> hmac_sha512(std::span<const std::byte> key, std::span<const std::byte> data) {
  SecureArray<64> out;
  unsigned int len = 0;
  if (HMAC(sha512(), key.data(), static_cast<int>(key.size()), detail::uc(data.data()), data.size(),
           detail::uc(out.data()), &len) == nullptr) {
    fail();
  }
  return out;
}

void pbkdf2_hmac_sha512(std::span<const std::byte> password, std::span<const std::byte> salt,
                        std::uint32_t iterations, std::span<std::byte> out) {
  if (PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.data()), static_cast<int>(password.size()),
                        detail::uc(salt.data()), static_cast<int>(salt.size()), static_cast<int>(iterations),
                        sha512(), static_cast<int>(out.size()), detail::uc(out.data())) != 1) {
    fail();
  }
}

}  // namespace layer::crypto
