#include "layer/crypto/srp.hpp"

#include <openssl/crypto.h>

#include <algorithm>

#include "dh_internal.hpp"
#include "layer/crypto/kdf.hpp"
#include "layer/crypto/sha.hpp"
#include "openssl_util.hpp"

namespace layer::crypto {
namespace {

using detail::Bn;

// Numbers enter the hashes as 256-byte big-endian strings.
DhValue pad256(std::span<const std::byte> v) {
  while (v.size() > 256 && v.front() == std::byte{0}) v = v.subspan(1);
  DhValue out{};
  std::copy(v.begin(), v.end(),
            out.end() - static_cast<std::ptrdiff_t>(std::min<std::size_t>(v.size(), 256)));
  return out;
}

DhValue pad256(const BIGNUM* bn) {
  DhValue out;
  detail::bn_to_bytes(bn, out);
  return out;
}

DhValue g_bytes(std::uint32_t g) {
  const std::array<std::byte, 4> be{static_cast<std::byte>(g >> 24), static_cast<std::byte>(g >> 16),
                                    static_cast<std::byte>(g >> 8), static_cast<std::byte>(g)};
  return pad256(be);
}

SrpHash salted(std::span<const std::byte> data, std::span<const std::byte> salt) {
  return sha256({salt, data, salt});
}

// Modular arithmetic over the group's p, with one BN_CTX for the whole computation.
class Group {
 public:
  explicit Group(const SrpParams& params)
      : ctx_(detail::bn_ctx_new()), p_(detail::bn_from_bytes(params.p)), g_(detail::bn_from_word(params.g)) {}

  const BIGNUM* p() const { return p_.get(); }
  const BIGNUM* g() const { return g_.get(); }

  Bn pow(const BIGNUM* base, const BIGNUM* e) {
    Bn r = detail::bn_new();
    detail::bn_mod_exp_secret(r.get(), base, e, p_.get(), ctx_.get());
    return r;
  }
  Bn mul(const BIGNUM* a, const BIGNUM* b) {
    Bn r = detail::bn_new();
    detail::ensure(BN_mod_mul(r.get(), a, b, p_.get(), ctx_.get()) == 1);
    return r;
  }
  Bn add(const BIGNUM* a, const BIGNUM* b) {
    Bn r = detail::bn_new();
    detail::ensure(BN_mod_add(r.get(), a, b, p_.get(), ctx_.get()) == 1);
    return r;
  }
  Bn sub(const BIGNUM* a, const BIGNUM* b) {
    Bn r = detail::bn_new();
    detail::ensure(BN_mod_sub(r.get(), a, b, p_.get(), ctx_.get()) == 1);
    return r;
  }
  // a + u*x over the integers: the exponent is not reduced.
  Bn exponent(const BIGNUM* a, const BIGNUM* u, const BIGNUM* x) {
    Bn r = detail::bn_new();
    detail::ensure(BN_mul(r.get(), u, x, ctx_.get()) == 1 && BN_add(r.get(), r.get(), a) == 1);
    return r;
  }

 private:
  detail::BnCtx ctx_;
  Bn p_;
  Bn g_;
};

Bn bn(std::span<const std::byte> v) {
  return detail::bn_from_bytes(v);
}

// M1 = H(H(p) xor H(g) ‖ H(salt1) ‖ H(salt2) ‖ A ‖ B ‖ K).
SrpHash proof(const SrpParams& params, const DhValue& a_pub, const DhValue& b_pub, const SrpHash& k_session) {
  SrpHash hp = sha256(pad256(params.p));
  const SrpHash hg = sha256(g_bytes(params.g));
  for (std::size_t i = 0; i < hp.size(); ++i) hp[i] ^= hg[i];
  return sha256({hp, sha256(params.salt1), sha256(params.salt2), a_pub, b_pub, k_session});
}

SrpHash session_key(const BIGNUM* s, SecureBytes* s_out) {
  SecureBytes bytes(256);
  detail::bn_to_bytes(s, bytes.span());
  const SrpHash k = sha256(bytes.span());
  if (s_out != nullptr) *s_out = std::move(bytes);
  return k;
}

Result<SrpClientProof> client_proof(const SrpParams& params, std::span<const std::byte> srp_b,
                                    const SecureArray<32>& x, std::span<const std::byte, 256> a) {
  Group grp(params);
  if (!detail::dh_value_in_range(srp_b, params.p)) return crypto_errc::srp_value_out_of_range;
  SrpClientProof out;
  Bn a_bn = bn(a);
  out.A = pad256(grp.pow(grp.g(), a_bn.get()).get());
  if (!detail::dh_value_in_range(out.A, params.p)) return crypto_errc::srp_value_out_of_range;
  const DhValue b_pub = pad256(srp_b);
  Bn k = bn(srp_k(params.p, params.g));
  Bn u = bn(srp_u(out.A, b_pub));
  Bn x_bn = bn(x.span());
  Bn kv = grp.mul(k.get(), grp.pow(grp.g(), x_bn.get()).get());
  Bn base = grp.sub(bn(b_pub).get(), kv.get());
  Bn s = grp.pow(base.get(), grp.exponent(a_bn.get(), u.get(), x_bn.get()).get());
  out.M1 = proof(params, out.A, b_pub, session_key(s.get(), nullptr));
  return out;
}

Result<SrpServerSession> server_session(const SrpParams& params, std::span<const std::byte> v,
                                        std::span<const std::byte, 256> b, std::span<const std::byte> a_pub) {
  if (!detail::dh_value_in_range(a_pub, params.p)) return crypto_errc::srp_value_out_of_range;
  auto b_pub = srp_server_public(params, v, b);
  if (!b_pub) return b_pub.error();
  Group grp(params);
  const DhValue a_padded = pad256(a_pub);
  Bn u = bn(srp_u(a_padded, *b_pub));
  Bn base = grp.mul(bn(a_padded).get(), grp.pow(bn(v).get(), u.get()).get());
  Bn s = grp.pow(base.get(), bn(b).get());
  SrpServerSession out;
  out.K = session_key(s.get(), &out.S);
  out.M1 = proof(params, a_padded, *b_pub, out.K);
  return out;
}

}  // namespace

SecureArray<32> srp_password_hash(std::span<const std::byte> password, std::span<const std::byte> salt1,
                                  std::span<const std::byte> salt2) {
  SecureArray<32> ph1(salted(salted(password, salt1), salt2));
  SecureArray<64> slow;
  pbkdf2_hmac_sha512(ph1.span(), salt1, kSrpPbkdf2Iterations, slow.span());
  return SecureArray<32>(salted(slow.span(), salt2));
}

SrpHash srp_k(std::span<const std::byte> p, std::uint32_t g) {
  return sha256({pad256(p), g_bytes(g)});
}

SrpHash srp_u(std::span<const std::byte> a_pub, std::span<const std::byte> b_pub) {
  return sha256({pad256(a_pub), pad256(b_pub)});
}

Result<SrpClientProof> srp_client_proof(const SrpParams& params, std::span<const std::byte> srp_b,
                                        const SecureArray<32>& x, std::span<const std::byte, 256> a) {
  if (auto ec = check_dh_params(params.p, params.g)) return ec;
  try {
    return client_proof(params, srp_b, x, a);
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

Result<SrpClientProof> srp_client_proof(const SrpParams& params, std::span<const std::byte> srp_b,
                                        std::span<const std::byte> password, Rng& rng) {
  SecureArray<256> a;
  rng.fill(a.span());
  return srp_client_proof(params, srp_b, srp_password_hash(password, params.salt1, params.salt2), a.span());
}

Result<DhValue> srp_verifier(const SrpParams& params, const SecureArray<32>& x) {
  return dh_public(params.g, x.span(), params.p);
}

Result<DhValue> srp_server_public(const SrpParams& params, std::span<const std::byte> v,
                                  std::span<const std::byte, 256> b) {
  try {
    Group grp(params);
    Bn k = bn(srp_k(params.p, params.g));
    Bn b_pub = grp.add(grp.mul(k.get(), bn(v).get()).get(), grp.pow(grp.g(), bn(b).get()).get());
    return pad256(b_pub.get());
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

Result<SrpServerSession> srp_server_session(const SrpParams& params, std::span<const std::byte> v,
                                            std::span<const std::byte, 256> b,
                                            std::span<const std::byte> a_pub) {
  try {
    return server_session(params, v, b, a_pub);
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

std::error_code srp_server_verify(const SrpParams& params, std::span<const std::byte> v,
                                  std::span<const std::byte, 256> b, std::span<const std::byte> a_pub,
                                  std::span<const std::byte> m1) {
  auto session = srp_server_session(params, v, b, a_pub);
  if (!session) return session.error();
  if (m1.size() != session->M1.size() || CRYPTO_memcmp(m1.data(), session->M1.data(), m1.size()) != 0) {
    return crypto_errc::srp_proof_mismatch;
  }
  return {};
}

}  // namespace layer::crypto
