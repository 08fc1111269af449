#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <algorithm>

#include "layer/crypto/le.hpp"
#include "layer/crypto/sha.hpp"
#include "rsa_impl.hpp"

namespace layer::crypto {
namespace {

using DecoderCtx =
    std::unique_ptr<OSSL_DECODER_CTX, detail::Deleter<OSSL_DECODER_CTX, OSSL_DECODER_CTX_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, detail::Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, detail::Deleter<OSSL_PARAM, OSSL_PARAM_free>>;

// The TL encoding of `bytes`: length prefix (1 byte up to 253, else 0xfe and 3
// bytes little-endian), data, zero padding to a multiple of 4.
void append_tl_bytes(std::vector<std::byte>& out, std::span<const std::byte> data) {
  const std::size_t start = out.size();
  if (data.size() <= 253) {
    out.push_back(static_cast<std::byte>(data.size()));
  } else {
    out.push_back(std::byte{0xfe});
    for (int i = 0; i < 3; ++i) out.push_back(static_cast<std::byte>(data.size() >> (8 * i)));
  }
  out.insert(out.end(), data.begin(), data.end());
  while ((out.size() - start) % 4 != 0) out.push_back(std::byte{0});
}

std::int64_t compute_fingerprint(std::span<const std::byte> n, std::span<const std::byte> e) {
  std::vector<std::byte> tl;
  append_tl_bytes(tl, n);
  append_tl_bytes(tl, e);
  const Sha1Digest digest = sha1(tl);
  return load_le<std::int64_t>(digest, 12);
}

std::vector<std::byte> get_param(EVP_PKEY* pkey, const char* name) {
  BIGNUM* raw = nullptr;
  detail::ensure(EVP_PKEY_get_bn_param(pkey, name, &raw) == 1);
  detail::Bn bn(raw);
  std::vector<std::byte> out(static_cast<std::size_t>(BN_num_bytes(bn.get())));
  detail::bn_to_bytes(bn.get(), out);
  return out;
}

// Wraps a decoded or built EVP_PKEY after checking it is what MTProto can use.
Result<std::shared_ptr<RsaPublicKey::Impl>> wrap(detail::Pkey pkey) {
  if (!EVP_PKEY_is_a(pkey.get(), "RSA") || EVP_PKEY_get_bits(pkey.get()) != 2048) {
    return crypto_errc::unsupported_rsa_key;
  }
  auto impl = std::make_shared<RsaPublicKey::Impl>();
  impl->n = get_param(pkey.get(), OSSL_PKEY_PARAM_RSA_N);
  impl->e = get_param(pkey.get(), OSSL_PKEY_PARAM_RSA_E);
  impl->fingerprint = compute_fingerprint(impl->n, impl->e);
  impl->pkey = std::move(pkey);
  return impl;
}

// structure == nullptr lets the decoder accept both PKCS#1 and SPKI / PKCS#8 PEM.
Result<detail::Pkey> decode_pem(std::string_view pem, int selection) {
  EVP_PKEY* raw = nullptr;
  DecoderCtx dctx(OSSL_DECODER_CTX_new_for_pkey(&raw, "PEM", nullptr, "RSA", selection, nullptr, nullptr));
  detail::ensure(dctx != nullptr);
  const auto* data = reinterpret_cast<const unsigned char*>(pem.data());
  std::size_t len = pem.size();
  if (OSSL_DECODER_from_data(dctx.get(), &data, &len) != 1 || raw == nullptr) {
    ERR_clear_error();  // the caller gets the reason as a code; leave no stale queue entries
    return crypto_errc::malformed_pem;
  }
  return detail::Pkey(raw);
}

}  // namespace

void detail::rsa_raw(EVP_PKEY* pkey, bool encrypt, std::span<const std::byte> in, std::span<std::byte> out) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  ensure(ctx != nullptr);
  ensure((encrypt ? EVP_PKEY_encrypt_init(ctx.get()) : EVP_PKEY_decrypt_init(ctx.get())) == 1);
  ensure(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_NO_PADDING) == 1);
  std::size_t len = out.size();
  const int rc = encrypt ? EVP_PKEY_encrypt(ctx.get(), uc(out.data()), &len, uc(in.data()), in.size())
                         : EVP_PKEY_decrypt(ctx.get(), uc(out.data()), &len, uc(in.data()), in.size());
  ensure(rc == 1 && len == out.size());
}

bool detail::below_modulus(std::span<const std::byte, kRsaSize> value,
                           std::span<const std::byte> n) noexcept {
  if (n.size() != kRsaSize) return n.size() > kRsaSize;
  return std::lexicographical_compare(value.begin(), value.end(), n.begin(), n.end());
}

Result<RsaPublicKey> RsaPublicKey::from_pem(std::string_view pem) {
  try {
    auto pkey = decode_pem(pem, OSSL_KEYMGMT_SELECT_PUBLIC_KEY);
    if (!pkey) return pkey.error();
    auto impl = wrap(std::move(*pkey));
    if (!impl) return impl.error();
    return RsaPublicKey(std::move(*impl));
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

Result<RsaPublicKey> RsaPublicKey::from_components(std::span<const std::byte> n,
                                                   std::span<const std::byte> e) {
  try {
    detail::Bn bn_n = detail::bn_from_bytes(n);
    detail::Bn bn_e = detail::bn_from_bytes(e);
    ParamBld bld(OSSL_PARAM_BLD_new());
    detail::ensure(bld != nullptr);
    detail::ensure(OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) == 1 &&
                   OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) == 1);
    Params params(OSSL_PARAM_BLD_to_param(bld.get()));
    detail::PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    detail::ensure(params != nullptr && ctx != nullptr && EVP_PKEY_fromdata_init(ctx.get()) == 1);
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
      ERR_clear_error();
      return crypto_errc::unsupported_rsa_key;
    }
    auto impl = wrap(detail::Pkey(raw));
    if (!impl) return impl.error();
    return RsaPublicKey(std::move(*impl));
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

std::int64_t RsaPublicKey::fingerprint() const noexcept {
  return impl_->fingerprint;
}
std::span<const std::byte> RsaPublicKey::modulus() const noexcept {
  return impl_->n;
}
std::span<const std::byte> RsaPublicKey::exponent() const noexcept {
  return impl_->e;
}

Result<RsaBlock> RsaPublicKey::encrypt_raw(std::span<const std::byte, kRsaSize> m) const {
  if (!detail::below_modulus(m, impl_->n)) return crypto_errc::rsa_value_too_large;
  try {
    RsaBlock out;
    detail::rsa_raw(impl_->pkey.get(), true, m, out);
    return out;
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

Result<RsaPrivateKey> RsaPrivateKey::from_pem(std::string_view pem) {
  try {
    auto pkey = decode_pem(pem, OSSL_KEYMGMT_SELECT_KEYPAIR);
    if (!pkey) return pkey.error();
    BIGNUM* d = nullptr;
    if (EVP_PKEY_get_bn_param(pkey->get(), OSSL_PKEY_PARAM_RSA_D, &d) != 1) {
      ERR_clear_error();  // a public key where a private one was expected
      return crypto_errc::malformed_pem;
    }
    BN_clear_free(d);
    auto impl = wrap(std::move(*pkey));
    if (!impl) return impl.error();
    // A separate public-only key, so copies of public_key() carry no private material.
    auto pub = RsaPublicKey::from_components((*impl)->n, (*impl)->e);
    if (!pub) return pub.error();
    return RsaPrivateKey(std::move(*pub), std::move(*impl));
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

Result<SecureBytes> RsaPrivateKey::decrypt_raw(std::span<const std::byte> c) const {
  if (c.size() != kRsaSize) return crypto_errc::invalid_length;
  if (!detail::below_modulus(c.first<kRsaSize>(), private_->n)) return crypto_errc::rsa_value_too_large;
  try {
    SecureBytes out(kRsaSize);
    detail::rsa_raw(private_->pkey.get(), false, c, out.span());
    return out;
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

Result<RsaPublicKey> select_key(std::span<const std::int64_t> offered, std::span<const RsaPublicKey> keys) {
  for (const RsaPublicKey& key : keys) {
    if (std::find(offered.begin(), offered.end(), key.fingerprint()) != offered.end()) return key;
  }
  return crypto_errc::unknown_fingerprint;
}

}  // namespace layer::crypto
