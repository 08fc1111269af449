// Client side of the MTProto 2.0 auth key exchange as four typed steps, each taking
// the previous state by const reference: a step that fails leaves the caller with
// the state it had, and a recorded run replays byte for byte with a fixed Rng and time.
//
//   step1(options)            -> req_pq_multi,         State1
//   step2(State1, resPQ)      -> req_DH_params,        State2
//   step3(State2, DH params)  -> set_client_DH_params, State3
//   finish(State3, answer)    -> Done, or (dh_gen_retry) a new set_client_DH_params
//
// Every answer is accepted as a layer::tl value or as its raw TL bytes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/crypto/secure_bytes.hpp"
#include "layer/mtproto/clock.hpp"
#include "layer/mtproto/handshake/errors.hpp"
#include "layer/mtproto/handshake/request.hpp"
#include "layer/mtproto/result.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto::handshake {

struct ClientOptions {
  // Keys the server may choose from; empty means crypto::builtin_keys().
  std::vector<crypto::RsaPublicKey> keys{};
  // Sent in p_q_inner_data_dc; negative for test DCs (-10000 - id for media is the caller's call).
  std::int32_t dc_id = 0;
  // Set for a temporary (PFS) key: p_q_inner_data_temp_dc with this lifetime in seconds.
  std::optional<std::int32_t> expires_in{};
  // old_sha1 exists to exercise servers that must still accept Telethon.
  crypto::RsaScheme rsa_scheme = crypto::RsaScheme::rsa_pad;
  // dh_gen_retry answers accepted before giving up.
  int max_retries = 5;
};

struct State1 {
  ClientOptions options;
  tl::Int128 nonce{};
};

struct State2 {
  tl::Int128 nonce{};
  tl::Int128 server_nonce{};
  crypto::SecureArray<32> new_nonce;
  std::optional<std::int32_t> expires_in;
  int retries_left = 0;
};

struct State3 {
  tl::Int128 nonce{};
  tl::Int128 server_nonce{};
  crypto::SecureArray<32> new_nonce;
  std::optional<std::int32_t> expires_in;
  int retries_left = 0;
  // Kept so that dh_gen_retry can answer with a fresh b.
  std::string dh_prime;
  std::int32_t g = 0;
  std::string g_a;
  std::chrono::seconds time_offset{0};
  crypto::AuthKey auth_key;
};

struct Step1 {
  Request<tl::functions::ReqPqMulti> request;
  State1 state;
};

struct Step2 {
  Request<tl::functions::ReqDHParams> request;
  State2 state;
};

struct Step3 {
  Request<tl::functions::SetClientDHParams> request;
  State3 state;
};

struct Done {
  crypto::AuthKey auth_key;
  std::int64_t first_salt = 0;
  // server_time - local time when server_DH_inner_data arrived.
  std::chrono::seconds time_offset{0};
  // Set when the key is temporary; it still needs auth.bindTempAuthKey.
  std::optional<std::int32_t> expires_in;
};

// dh_gen_ok gives Done; dh_gen_retry gives the next attempt to send.
using FinishOutcome = std::variant<Done, Step3>;

Result<Step1> step1(ClientOptions options, crypto::Rng& rng);

Result<Step2> step2(const State1& state, const tl::types::ResPQ& res_pq, crypto::Rng& rng);
Result<Step2> step2(const State1& state, std::span<const std::byte> res_pq, crypto::Rng& rng);

Result<Step3> step3(const State2& state, const tl::enums::ServerDHParams& answer, crypto::Rng& rng, Time now);
Result<Step3> step3(const State2& state, std::span<const std::byte> answer, crypto::Rng& rng, Time now);

Result<FinishOutcome> finish(const State3& state, const tl::enums::SetClientDHParamsAnswer& answer,
                             crypto::Rng& rng);
Result<FinishOutcome> finish(const State3& state, std::span<const std::byte> answer, crypto::Rng& rng);

}  // namespace layer::mtproto::handshake
