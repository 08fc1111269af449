#include "openssl_util.hpp"

namespace layer::crypto::detail {

Bn bn_new() {
  Bn bn(BN_new());
  ensure(bn != nullptr);
  return bn;
}

Bn bn_from_bytes(std::span<const std::byte> big_endian) {
  Bn bn(BN_bin2bn(uc(big_endian.data()), static_cast<int>(big_endian.size()), nullptr));
  ensure(bn != nullptr);
  return bn;
}

Bn bn_from_word(unsigned long word) {
  Bn bn = bn_new();
  ensure(BN_set_word(bn.get(), word) == 1);
  return bn;
}

BnCtx bn_ctx_new() {
  BnCtx ctx(BN_CTX_secure_new());
  ensure(ctx != nullptr);
  return ctx;
}

void bn_to_bytes(const BIGNUM* bn, std::span<std::byte> out) {
  ensure(BN_bn2binpad(bn, uc(out.data()), static_cast<int>(out.size())) == static_cast<int>(out.size()));
}

void bn_mod_exp_secret(BIGNUM* out, const BIGNUM* base, const BIGNUM* exp, const BIGNUM* m, BN_CTX* ctx) {
  ensure(BN_mod_exp_mont_consttime(out, base, exp, m, ctx, nullptr) == 1);
}

namespace {

const EVP_MD* fetch(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  ensure(md != nullptr);
  return md;  // kept for the life of the process, like OpenSSL's own tables
}

}  // namespace

const EVP_MD* md_sha1() {
  static const EVP_MD* md = fetch("SHA1");
  return md;
}

const EVP_MD* md_sha256() {
  static const EVP_MD* md = fetch("SHA256");
  return md;
}

const EVP_MD* md_sha512() {
  static const EVP_MD* md = fetch("SHA512");
  return md;
}

}  // namespace layer::crypto::detail
