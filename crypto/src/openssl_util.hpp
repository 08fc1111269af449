// RAII owners and helpers for the OpenSSL objects used across the library.
#pragma once

#include <openssl/bn.h>
#include <openssl/evp.h>

#include <cstddef>
#include <memory>
#include <span>

namespace layer::crypto::detail {

// Thrown only inside src/ when OpenSSL fails for lack of resources; public
// functions catch it and report crypto_errc::openssl_failure.
struct OpensslFailure {};

inline void ensure(bool ok) {
  if (!ok) throw OpensslFailure{};
}

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const noexcept { Free(p); }
};

using Bn = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_clear_free>>;
using BnCtx = std::unique_ptr<BN_CTX, Deleter<BN_CTX, BN_CTX_free>>;
using MontCtx = std::unique_ptr<BN_MONT_CTX, Deleter<BN_MONT_CTX, BN_MONT_CTX_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;

inline const unsigned char* uc(const std::byte* p) noexcept {
  return reinterpret_cast<const unsigned char*>(p);
}
inline unsigned char* uc(std::byte* p) noexcept {
  return reinterpret_cast<unsigned char*>(p);
}

// All throw OpensslFailure instead of returning null.
Bn bn_new();
Bn bn_from_bytes(std::span<const std::byte> big_endian);
Bn bn_from_word(unsigned long word);
BnCtx bn_ctx_new();
// Left-pads with zeros; the value must fit.
void bn_to_bytes(const BIGNUM* bn, std::span<std::byte> out);
// out = base^exp mod m, constant time in exp (for secret exponents).
void bn_mod_exp_secret(BIGNUM* out, const BIGNUM* base, const BIGNUM* exp, const BIGNUM* m, BN_CTX* ctx);

// The digest algorithms, fetched once per process.
const EVP_MD* md_sha1();
const EVP_MD* md_sha256();
const EVP_MD* md_sha512();

}  // namespace layer::crypto::detail
