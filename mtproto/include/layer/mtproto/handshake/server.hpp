// Server side of the auth key exchange, for the fake DC (layer::mtproto_server):
// a step machine fed the client's plain-message bodies. A message that fails a
// check is answered with an error and leaves the machine as it was, so the caller
// decides whether to drop the connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/crypto/secure_bytes.hpp"
#include "layer/mtproto/clock.hpp"
#include "layer/mtproto/handshake/errors.hpp"
#include "layer/mtproto/result.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto::handshake {

struct ServerOptions {
  // This DC's id. When non-zero, the dc of p_q_inner_data_dc must name it (as
  // id, -id for media, id + 10000 for test servers); 0 accepts any.
  std::int32_t dc_id = 0;
  // dh_gen_retry answers to give before dh_gen_ok, to exercise clients' retry path.
  int retries_to_request = 0;
};

struct ServerResult {
  crypto::AuthKey auth_key;
  std::int64_t first_salt = 0;
  // Set for a temporary (PFS) key, with the lifetime the client asked for.
  std::optional<std::int32_t> expires_in;
  // The dc the client named, absent for plain p_q_inner_data.
  std::optional<std::int32_t> dc;
  // Which RSA scheme the client used for p_q_inner_data.
  crypto::RsaScheme rsa_scheme = crypto::RsaScheme::rsa_pad;
};

class HandshakeServer {
 public:
  explicit HandshakeServer(crypto::RsaPrivateKey key, ServerOptions options = {});

  // A client message body (req_pq_multi, req_pq, req_DH_params,
  // set_client_DH_params); returns the TL bytes of the answer.
  Result<tl::Bytes> on_message(std::span<const std::byte> body, crypto::Rng& rng, Time now);

  Result<tl::types::ResPQ> on_req_pq(const tl::Int128& nonce, crypto::Rng& rng);
  Result<tl::enums::ServerDHParams> on_req_dh_params(const tl::functions::ReqDHParams& request,
                                                     crypto::Rng& rng, Time now);
  Result<tl::enums::SetClientDHParamsAnswer> on_set_client_dh_params(
      const tl::functions::SetClientDHParams& request);

  // After dh_gen_ok or dh_gen_fail was produced; nothing more is accepted.
  bool finished() const noexcept { return std::holds_alternative<Finished>(state_); }
  // The negotiated key, once dh_gen_ok was produced.
  const std::optional<ServerResult>& result() const noexcept { return result_; }

 private:
  struct AwaitingReqPq {};
  struct PqSent {
    tl::Int128 nonce{};
    tl::Int128 server_nonce{};
    std::uint64_t p = 0;
    std::uint64_t q = 0;
  };
  struct DhSent {
    tl::Int128 nonce{};
    tl::Int128 server_nonce{};
    crypto::SecureArray<32> new_nonce;
    crypto::SecureArray<256> a;
    std::optional<std::int32_t> expires_in;
    std::optional<std::int32_t> dc;
    crypto::RsaScheme rsa_scheme = crypto::RsaScheme::rsa_pad;
    std::int64_t expected_retry_id = 0;
    int retries_left = 0;
  };
  struct Finished {};
  using State = std::variant<AwaitingReqPq, PqSent, DhSent, Finished>;

  Result<DhSent> accept_inner_data(const PqSent& sent, const tl::functions::ReqDHParams& request) const;
  tl::enums::SetClientDHParamsAnswer conclude(const DhSent& sent, const crypto::AuthKey& key,
                                              std::int64_t retry_id);

  crypto::RsaPrivateKey key_;
  ServerOptions options_;
  State state_;
  std::optional<ServerResult> result_;
};

}  // namespace layer::mtproto::handshake
