#include "layer/mtproto/handshake/errors.hpp"

#include <string>

namespace layer::mtproto::handshake {

namespace {

const char* message_for(handshake_errc e) noexcept {
  switch (e) {
    case handshake_errc::malformed_message:
      return "handshake message does not decode";
    case handshake_errc::unexpected_message:
      return "handshake message not expected at this step";
    case handshake_errc::nonce_mismatch:
      return "nonce does not match";
    case handshake_errc::server_nonce_mismatch:
      return "server_nonce does not match";
    case handshake_errc::unknown_fingerprint:
      return "no known RSA key among the offered fingerprints";
    case handshake_errc::bad_pq:
      return "pq is not a product of two primes";
    case handshake_errc::dh_params_fail:
      return "server answered server_DH_params_fail";
    case handshake_errc::bad_encrypted_answer:
      return "encrypted handshake data has a bad length or padding";
    case handshake_errc::answer_hash_mismatch:
      return "SHA-1 of decrypted handshake data does not match";
    case handshake_errc::bad_dh_prime:
      return "dh_prime is not a 2048-bit safe prime";
    case handshake_errc::bad_dh_g:
      return "g is not an acceptable generator";
    case handshake_errc::g_a_out_of_range:
      return "g_a out of range";
    case handshake_errc::new_nonce_hash_mismatch:
      return "new_nonce_hash does not match";
    case handshake_errc::dh_gen_fail:
      return "server answered dh_gen_fail";
    case handshake_errc::retries_exhausted:
      return "too many dh_gen_retry answers";
    case handshake_errc::crypto_failure:
      return "cryptographic operation failed";
    case handshake_errc::bad_p_q:
      return "p or q do not match the server's pq";
    case handshake_errc::bad_inner_data:
      return "p_q_inner_data unreadable or inconsistent";
    case handshake_errc::g_b_out_of_range:
      return "g_b out of range";
    case handshake_errc::handshake_finished:
      return "handshake already finished";
    case handshake_errc::bind_malformed:
      return "bindTempAuthKey message malformed";
    case handshake_errc::bind_key_mismatch:
      return "bindTempAuthKey encrypted for another key";
    case handshake_errc::bind_msg_key_mismatch:
      return "bindTempAuthKey msg_key does not match";
    case handshake_errc::bind_field_mismatch:
      return "bindTempAuthKey fields disagree";
  }
  return nullptr;
}

class HandshakeCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "layer.mtproto.handshake"; }
  std::string message(int ev) const override {
    const char* text = message_for(static_cast<handshake_errc>(ev));
    return text ? text : "unknown handshake error " + std::to_string(ev);
  }
};

}  // namespace

const std::error_category& handshake_category() noexcept {
  static const HandshakeCategory category;
  return category;
}

}  // namespace layer::mtproto::handshake
