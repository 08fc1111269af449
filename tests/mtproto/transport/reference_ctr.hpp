// An AES-256-CTR and SHA-256 straight from OpenSSL's EVP API, so the obfuscated2
// expectations do not go through layer::crypto.
#pragma once

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <memory>
#include <span>

#include "transport_test_util.hpp"

namespace layer::mtproto::transport::test {

// Keystream over `data` from the start of the stream keyed by (key, iv).
inline Bytes reference_ctr(std::span<const std::byte> key, std::span<const std::byte> iv,
                           std::span<const std::byte> data) {
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      EVP_CIPHER_CTX_free);
  EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_ctr(), nullptr,
                     reinterpret_cast<const unsigned char*>(key.data()),
                     reinterpret_cast<const unsigned char*>(iv.data()));
  Bytes out(data.size());
  int len = 0;
  EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len,
                    reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  return out;
}

inline Bytes reference_sha256(std::span<const std::byte> a, std::span<const std::byte> b) {
  const auto joined = concat({a, b});
  Bytes out(32);
  SHA256(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(),
         reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

// (key, iv) of the client→server stream of an obfuscated2 header; reversed: server→client.
inline std::pair<Bytes, Bytes> reference_keys(std::span<const std::byte> header, const Bytes* secret,
                                              bool reversed) {
  Bytes seed(header.begin() + 8, header.begin() + 56);
  if (reversed) std::reverse(seed.begin(), seed.end());
  Bytes key(seed.begin(), seed.begin() + 32), iv(seed.begin() + 32, seed.end());
  if (secret != nullptr) key = reference_sha256(key, *secret);
  return {key, iv};
}

}  // namespace layer::mtproto::transport::test
