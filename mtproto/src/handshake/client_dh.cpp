// Steps 3 and 4 of the client: the server's DH parameters -> set_client_DH_params,
// then dh_gen_ok / dh_gen_retry / dh_gen_fail.
#include <algorithm>
#include <bit>
#include <utility>

#include "common.hpp"
#include "layer/crypto/dh.hpp"
#include "layer/mtproto/handshake/client.hpp"

namespace layer::mtproto::handshake {

namespace {

using detail::fail;

// Everything an attempt at set_client_DH_params needs; a retry reuses it with a new b.
struct DhSetup {
  tl::Int128 nonce{};
  tl::Int128 server_nonce{};
  crypto::SecureArray<32> new_nonce;
  std::optional<std::int32_t> expires_in;
  int retries_left = 0;
  std::string dh_prime;
  std::int32_t g = 0;
  std::string g_a;
  std::chrono::seconds time_offset{0};
};

DhSetup setup_of(const State3& s) {
  return {s.nonce, s.server_nonce, s.new_nonce,  s.expires_in, s.retries_left, s.dh_prime,
          s.g,     s.g_a,          s.time_offset};
}

// g_b out of range has probability about 2^-1984 for a uniform b; drawing again a
// couple of times turns that into "never" without an unbounded loop.
Result<crypto::DhClientOutput> exchange(const DhSetup& setup, crypto::Rng& rng) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    crypto::SecureArray<256> b;
    rng.fill(b.span());
    auto out =
        crypto::dh_client_exchange(detail::as_bytes(setup.dh_prime), static_cast<std::uint32_t>(setup.g),
                                   detail::as_bytes(setup.g_a), b.span());
    if (out) return out;
  }
  return fail(handshake_errc::crypto_failure);
}

Result<Step3> attempt(DhSetup setup, std::int64_t retry_id, crypto::Rng& rng) {
  auto dh = exchange(setup, rng);
  if (!dh) return dh.error();

  tl::types::ClientDHInnerData inner;
  inner.nonce = setup.nonce;
  inner.server_nonce = setup.server_nonce;
  inner.retry_id = retry_id;
  inner.g_b.assign(reinterpret_cast<const char*>(dh->g_b.data()), dh->g_b.size());
  const auto encrypted =
      detail::encrypt_with_hash(tl::serialize(inner), setup.new_nonce.span(), setup.server_nonce, rng);

  tl::functions::SetClientDHParams request;
  request.nonce = setup.nonce;
  request.server_nonce = setup.server_nonce;
  request.encrypted_data.assign(reinterpret_cast<const char*>(encrypted.data()), encrypted.size());
  State3 state{setup.nonce,
               setup.server_nonce,
               std::move(setup.new_nonce),
               setup.expires_in,
               setup.retries_left,
               std::move(setup.dh_prime),
               setup.g,
               std::move(setup.g_a),
               setup.time_offset,
               std::move(dh->auth_key)};
  return Step3{make_request(std::move(request)), std::move(state)};
}

template <class T, class S>
std::error_code check_nonces(const T& answer, const S& state) {
  if (answer.nonce != state.nonce) return fail(handshake_errc::nonce_mismatch);
  if (answer.server_nonce != state.server_nonce) return fail(handshake_errc::server_nonce_mismatch);
  return {};
}

std::error_code check_server_dh(const tl::types::ServerDHInnerData& inner) {
  const auto prime = detail::as_bytes(inner.dh_prime);
  if (crypto::check_dh_prime(prime)) return fail(handshake_errc::bad_dh_prime);
  if (inner.g < 0 || crypto::check_dh_g(prime, static_cast<std::uint32_t>(inner.g))) {
    return fail(handshake_errc::bad_dh_g);
  }
  if (crypto::check_dh_value(detail::as_bytes(inner.g_a), prime))
    return fail(handshake_errc::g_a_out_of_range);
  return {};
}

bool hash_matches(const State3& state, std::uint8_t number, const tl::Int128& received) {
  return crypto::new_nonce_hash(state.new_nonce.span(), number, state.auth_key) == received;
}

Result<FinishOutcome> on_retry(const State3& state, const tl::types::DhGenRetry& retry, crypto::Rng& rng) {
  if (auto ec = check_nonces(retry, state)) return ec;
  if (!hash_matches(state, 2, retry.new_nonce_hash2)) return fail(handshake_errc::new_nonce_hash_mismatch);
  if (state.retries_left <= 0) return fail(handshake_errc::retries_exhausted);
  DhSetup setup = setup_of(state);
  --setup.retries_left;
  const auto retry_id = std::bit_cast<std::int64_t>(state.auth_key.aux_hash());
  auto next = attempt(std::move(setup), retry_id, rng);
  if (!next) return next.error();
  return FinishOutcome{std::move(*next)};
}

}  // namespace

Result<Step3> step3(const State2& state, const tl::enums::ServerDHParams& answer, crypto::Rng& rng,
                    Time now) {
  if (const auto* failed = answer.as<tl::types::ServerDHParamsFail>()) {
    if (auto ec = check_nonces(*failed, state)) return ec;
    return fail(handshake_errc::dh_params_fail);
  }
  const auto* ok = answer.as<tl::types::ServerDHParamsOk>();
  if (!ok) return fail(handshake_errc::unexpected_message);
  if (auto ec = check_nonces(*ok, state)) return ec;

  auto inner = detail::decrypt_with_hash<tl::types::ServerDHInnerData>(
      detail::as_bytes(ok->encrypted_answer), state.new_nonce.span(), state.server_nonce);
  if (!inner) return inner.error();
  if (auto ec = check_nonces(*inner, state)) return ec;
  if (auto ec = check_server_dh(*inner)) return ec;

  const auto local = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  DhSetup setup{state.nonce,      state.server_nonce,    state.new_nonce,
                state.expires_in, state.retries_left,    std::move(inner->dh_prime),
                inner->g,         std::move(inner->g_a), std::chrono::seconds(inner->server_time) - local};
  return attempt(std::move(setup), 0, rng);
}

Result<Step3> step3(const State2& state, std::span<const std::byte> answer, crypto::Rng& rng, Time now) {
  auto decoded = detail::decode<tl::enums::ServerDHParams>(answer);
  if (!decoded) return decoded.error();
  return step3(state, *decoded, rng, now);
}

Result<FinishOutcome> finish(const State3& state, const tl::enums::SetClientDHParamsAnswer& answer,
                             crypto::Rng& rng) {
  if (const auto* ok = answer.as<tl::types::DhGenOk>()) {
    if (auto ec = check_nonces(*ok, state)) return ec;
    if (!hash_matches(state, 1, ok->new_nonce_hash1)) return fail(handshake_errc::new_nonce_hash_mismatch);
    return FinishOutcome{Done{state.auth_key, detail::first_salt(state.new_nonce.span(), state.server_nonce),
                              state.time_offset, state.expires_in}};
  }
  if (const auto* retry = answer.as<tl::types::DhGenRetry>()) return on_retry(state, *retry, rng);
  if (const auto* failed = answer.as<tl::types::DhGenFail>()) {
    if (auto ec = check_nonces(*failed, state)) return ec;
    if (!hash_matches(state, 3, failed->new_nonce_hash3))
      return fail(handshake_errc::new_nonce_hash_mismatch);
    return fail(handshake_errc::dh_gen_fail);
  }
  return fail(handshake_errc::unexpected_message);
}

Result<FinishOutcome> finish(const State3& state, std::span<const std::byte> answer, crypto::Rng& rng) {
  auto decoded = detail::decode<tl::enums::SetClientDHParamsAnswer>(answer);
  if (!decoded) return decoded.error();
  return finish(state, *decoded, rng);
}

}  // namespace layer::mtproto::handshake
