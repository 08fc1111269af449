// Why a step of the auth key exchange refused its input. Every check the MTProto
// security guidelines ask for has its own code, so a caller (and a test) can tell
// a forged answer from a merely malformed one.
#pragma once

#include <system_error>
#include <type_traits>

namespace layer::mtproto::handshake {

enum class handshake_errc {
  // Success is 0, as std::error_code requires.
  malformed_message = 1,    // TL bytes that do not decode as the expected answer
  unexpected_message,       // a valid constructor the current step does not accept
  nonce_mismatch,           // nonce echo differs from ours
  server_nonce_mismatch,    // server_nonce differs from the one resPQ announced
  unknown_fingerprint,      // none of the offered RSA keys is known
  bad_pq,                   // pq that is not a product of two primes we can split
  dh_params_fail,           // the server answered server_DH_params_fail
  bad_encrypted_answer,     // ciphertext length not a positive multiple of 16
  answer_hash_mismatch,     // SHA-1 prefix of decrypted inner data is wrong
  bad_dh_prime,             // not a 2048-bit safe prime
  bad_dh_g,                 // g outside 2..7 or not a generator of the q-subgroup
  g_a_out_of_range,         // g_a outside [2^1984, p - 2^1984]
  new_nonce_hash_mismatch,  // new_nonce_hash1/2/3 does not match our key
  dh_gen_fail,              // the server answered dh_gen_fail
  retries_exhausted,        // too many dh_gen_retry answers
  crypto_failure,           // a local cryptographic operation failed
  // Server side.
  bad_p_q,             // p or q in req_DH_params are not the factors we chose
  bad_inner_data,      // p_q_inner_data unreadable or inconsistent with the request
  g_b_out_of_range,    // g_b outside [2^1984, p - 2^1984]
  handshake_finished,  // a message after the exchange completed or failed
  // auth.bindTempAuthKey.
  bind_malformed,         // encrypted_message too short or of a bad length
  bind_key_mismatch,      // encrypted for another permanent key
  bind_msg_key_mismatch,  // msg_key is not SHA-1 of the decrypted plaintext
  bind_field_mismatch,    // msg_id, nonce, key ids, session or expiry disagree
};

const std::error_category& handshake_category() noexcept;

inline std::error_code make_error_code(handshake_errc e) noexcept {
  return {static_cast<int>(e), handshake_category()};
}

}  // namespace layer::mtproto::handshake

template <>
struct std::is_error_code_enum<layer::mtproto::handshake::handshake_errc> : std::true_type {};
