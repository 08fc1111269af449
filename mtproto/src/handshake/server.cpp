#include "layer/mtproto/handshake/server.hpp"

#include <algorithm>
#include <bit>
#include <utility>

#include "common.hpp"
#include "layer/crypto/dh.hpp"
#include "server_pq.hpp"

namespace layer::mtproto::handshake {

namespace {

using detail::fail;
constexpr std::int32_t kG = 3;

template <class T, class S>
std::error_code check_nonces(const T& message, const S& state) {
  if (message.nonce != state.nonce) return fail(handshake_errc::nonce_mismatch);
  if (message.server_nonce != state.server_nonce) return fail(handshake_errc::server_nonce_mismatch);
  return {};
}

std::string to_string(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// A uniform a puts g_a out of range with probability about 2^-1984; a few draws
// make failure practically impossible while keeping the loop bounded.
Result<crypto::DhValue> draw_a(crypto::SecureArray<256>& a, crypto::Rng& rng) {
  const auto prime = detail::telegram_dh_prime();
  for (int attempt = 0; attempt < 3; ++attempt) {
    rng.fill(a.span());
    auto g_a = crypto::dh_public(kG, a.span(), prime);
    if (g_a && !crypto::check_dh_value(*g_a, prime)) return g_a;
  }
  return fail(handshake_errc::crypto_failure);
}

}  // namespace

HandshakeServer::HandshakeServer(crypto::RsaPrivateKey key, ServerOptions options)
    : key_(std::move(key)), options_(options) {}

Result<tl::types::ResPQ> HandshakeServer::on_req_pq(const tl::Int128& nonce, crypto::Rng& rng) {
  if (finished()) return fail(handshake_errc::handshake_finished);
  if (!std::holds_alternative<AwaitingReqPq>(state_)) return fail(handshake_errc::unexpected_message);
  const auto challenge = detail::random_pq(rng);
  PqSent sent{nonce, detail::random_array<16>(rng), challenge.p, challenge.q};

  tl::types::ResPQ answer;
  answer.nonce = sent.nonce;
  answer.server_nonce = sent.server_nonce;
  answer.pq = detail::be_string(challenge.p * challenge.q);
  answer.server_public_key_fingerprints = {key_.public_key().fingerprint()};
  state_ = sent;
  return answer;
}

Result<tl::enums::ServerDHParams> HandshakeServer::on_req_dh_params(const tl::functions::ReqDHParams& request,
                                                                    crypto::Rng& rng, Time now) {
  if (finished()) return fail(handshake_errc::handshake_finished);
  const auto* sent = std::get_if<PqSent>(&state_);
  if (!sent) return fail(handshake_errc::unexpected_message);
  auto next = accept_inner_data(*sent, request);
  if (!next) return next.error();
  auto g_a = draw_a(next->a, rng);
  if (!g_a) return g_a.error();

  tl::types::ServerDHInnerData inner;
  inner.nonce = next->nonce;
  inner.server_nonce = next->server_nonce;
  inner.g = kG;
  inner.dh_prime = to_string(detail::telegram_dh_prime());
  inner.g_a = to_string(*g_a);
  inner.server_time = static_cast<std::int32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  const auto encrypted =
      detail::encrypt_with_hash(tl::serialize(inner), next->new_nonce.span(), next->server_nonce, rng);

  tl::types::ServerDHParamsOk answer;
  answer.nonce = next->nonce;
  answer.server_nonce = next->server_nonce;
  answer.encrypted_answer = to_string(encrypted);
  next->retries_left = options_.retries_to_request;
  state_ = std::move(*next);
  return tl::enums::ServerDHParams(std::move(answer));
}

Result<tl::enums::SetClientDHParamsAnswer> HandshakeServer::on_set_client_dh_params(
    const tl::functions::SetClientDHParams& request) {
  if (finished()) return fail(handshake_errc::handshake_finished);
  const auto* sent = std::get_if<DhSent>(&state_);
  if (!sent) return fail(handshake_errc::unexpected_message);
  if (auto ec = check_nonces(request, *sent)) return ec;
  auto inner = detail::decrypt_with_hash<tl::types::ClientDHInnerData>(
      detail::as_bytes(request.encrypted_data), sent->new_nonce.span(), sent->server_nonce);
  if (!inner) return inner.error();
  if (auto ec = check_nonces(*inner, *sent)) return ec;
  const auto prime = detail::telegram_dh_prime();
  const auto g_b = detail::as_bytes(inner->g_b);
  if (crypto::check_dh_value(g_b, prime)) return fail(handshake_errc::g_b_out_of_range);
  auto key = crypto::dh_shared(g_b, sent->a.span(), prime);
  if (!key) return fail(handshake_errc::crypto_failure);
  return conclude(*sent, *key, inner->retry_id);
}

// The answer to a well-formed client_DH_inner_data: a wrong retry_id means the
// client and server disagree on which key is current, which only dh_gen_fail fixes.
tl::enums::SetClientDHParamsAnswer HandshakeServer::conclude(const DhSent& sent, const crypto::AuthKey& key,
                                                             std::int64_t retry_id) {
  const auto new_nonce = sent.new_nonce.span();
  if (retry_id != sent.expected_retry_id) {
    tl::types::DhGenFail answer{sent.nonce, sent.server_nonce, crypto::new_nonce_hash(new_nonce, 3, key)};
    state_ = Finished{};
    return answer;
  }
  if (sent.retries_left > 0) {
    tl::types::DhGenRetry answer{sent.nonce, sent.server_nonce, crypto::new_nonce_hash(new_nonce, 2, key)};
    DhSent next = sent;
    --next.retries_left;
    next.expected_retry_id = std::bit_cast<std::int64_t>(key.aux_hash());
    state_ = std::move(next);
    return answer;
  }
  tl::types::DhGenOk answer{sent.nonce, sent.server_nonce, crypto::new_nonce_hash(new_nonce, 1, key)};
  result_ = ServerResult{key, detail::first_salt(new_nonce, sent.server_nonce), sent.expires_in, sent.dc,
                         sent.rsa_scheme};
  state_ = Finished{};
  return answer;
}

Result<tl::Bytes> HandshakeServer::on_message(std::span<const std::byte> body, crypto::Rng& rng, Time now) {
  auto decoded = detail::decode<tl::AnyFunction>(body);
  if (!decoded) return decoded.error();
  auto reply = [](auto answer) -> Result<tl::Bytes> {
    if (!answer) return answer.error();
    return tl::serialize(*answer);
  };
  if (const auto* multi = decoded->as<tl::functions::ReqPqMulti>())
    return reply(on_req_pq(multi->nonce, rng));
  if (const auto* plain = decoded->as<tl::functions::ReqPq>()) return reply(on_req_pq(plain->nonce, rng));
  if (const auto* dh = decoded->as<tl::functions::ReqDHParams>())
    return reply(on_req_dh_params(*dh, rng, now));
  if (const auto* set = decoded->as<tl::functions::SetClientDHParams>()) {
    return reply(on_set_client_dh_params(*set));
  }
  return fail(handshake_errc::unexpected_message);
}

}  // namespace layer::mtproto::handshake
