// Steps 1 and 2 of the client: req_pq_multi, then resPQ -> req_DH_params.
#include "layer/mtproto/handshake/client.hpp"

#include <algorithm>
#include <utility>

#include "common.hpp"
#include "layer/crypto/pq.hpp"
#include "layer/crypto/sha.hpp"

namespace layer::mtproto::handshake {

namespace {

using detail::fail;

// p_q_inner_data carries new_nonce, the seed of every later key: it must not
// outlive this step in ordinary heap memory.
crypto::SecureBytes inner_data_bytes(const ClientOptions& options, const tl::types::ResPQ& res,
                                     const crypto::PqFactors& factors,
                                     const crypto::SecureArray<32>& new_nonce) {
  auto fill = [&](auto inner) {
    inner.pq = res.pq;
    inner.p = detail::be_string(factors.p);
    inner.q = detail::be_string(factors.q);
    inner.nonce = res.nonce;
    inner.server_nonce = res.server_nonce;
    std::copy_n(new_nonce.data(), 32, inner.new_nonce.begin());
    inner.dc = options.dc_id;
    tl::Bytes plain = tl::serialize(inner);
    crypto::SecureBytes out(plain);
    crypto::detail::cleanse(plain.data(), plain.size());
    crypto::detail::cleanse(inner.new_nonce.data(), inner.new_nonce.size());
    return out;
  };
  if (options.expires_in) {
    tl::types::PQInnerDataTempDc inner;
    inner.expires_in = *options.expires_in;
    return fill(std::move(inner));
  }
  return fill(tl::types::PQInnerDataDc{});
}

// Telethon's scheme: raw RSA of 0 ‖ SHA1(data) ‖ data ‖ random, 256 bytes, so the
// block stays below any 2048-bit modulus.
Result<crypto::RsaBlock> encrypt_old_scheme(const crypto::RsaPublicKey& key, std::span<const std::byte> data,
                                            crypto::Rng& rng) {
  constexpr std::size_t kHeader = 1 + 20;
  if (data.size() > crypto::kRsaSize - kHeader) return fail(handshake_errc::crypto_failure);
  crypto::SecureArray<crypto::kRsaSize> block;
  const auto hash = crypto::sha1(data);
  auto out = block.span();
  std::copy(hash.begin(), hash.end(), out.begin() + 1);
  std::copy(data.begin(), data.end(), out.begin() + kHeader);
  rng.fill(out.subspan(kHeader + data.size()));
  return key.encrypt_raw(out);
}

Result<crypto::RsaBlock> encrypt_inner(const crypto::RsaPublicKey& key, std::span<const std::byte> data,
                                       crypto::RsaScheme scheme, crypto::Rng& rng) {
  auto block = scheme == crypto::RsaScheme::rsa_pad ? key.encrypt_rsa_pad(data, rng)
                                                    : encrypt_old_scheme(key, data, rng);
  if (!block) return fail(handshake_errc::crypto_failure);
  return block;
}

}  // namespace

Result<Step1> step1(ClientOptions options, crypto::Rng& rng) {
  State1 state{std::move(options), detail::random_array<16>(rng)};
  tl::functions::ReqPqMulti request;
  request.nonce = state.nonce;
  return Step1{make_request(std::move(request)), std::move(state)};
}

Result<Step2> step2(const State1& state, const tl::types::ResPQ& res_pq, crypto::Rng& rng) {
  if (res_pq.nonce != state.nonce) return fail(handshake_errc::nonce_mismatch);
  const std::span<const crypto::RsaPublicKey> keys =
      state.options.keys.empty() ? crypto::builtin_keys() : std::span(state.options.keys);
  auto key = crypto::select_key(res_pq.server_public_key_fingerprints, keys);
  if (!key) return fail(handshake_errc::unknown_fingerprint);
  const auto pq = detail::be_value(res_pq.pq);
  if (!pq) return fail(handshake_errc::bad_pq);
  const auto factors = crypto::factorize_pq(*pq);
  if (!factors) return fail(handshake_errc::bad_pq);

  State2 next;
  next.nonce = state.nonce;
  next.server_nonce = res_pq.server_nonce;
  rng.fill(next.new_nonce.span());
  next.expires_in = state.options.expires_in;
  next.retries_left = state.options.max_retries;

  const auto inner = inner_data_bytes(state.options, res_pq, *factors, next.new_nonce);
  auto encrypted = encrypt_inner(*key, inner.span(), state.options.rsa_scheme, rng);
  if (!encrypted) return encrypted.error();

  tl::functions::ReqDHParams request;
  request.nonce = state.nonce;
  request.server_nonce = res_pq.server_nonce;
  request.p = detail::be_string(factors->p);
  request.q = detail::be_string(factors->q);
  request.public_key_fingerprint = key->fingerprint();
  request.encrypted_data.assign(reinterpret_cast<const char*>(encrypted->data()), encrypted->size());
  return Step2{make_request(std::move(request)), std::move(next)};
}

Result<Step2> step2(const State1& state, std::span<const std::byte> res_pq, crypto::Rng& rng) {
  auto decoded = detail::decode<tl::types::ResPQ>(res_pq);
  if (!decoded) return decoded.error();
  return step2(state, *decoded, rng);
}

}  // namespace layer::mtproto::handshake
