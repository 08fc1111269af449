// Error codes of the session layer. Every check on an incoming packet has its own
// code, so a test (or a log line) says exactly which rule a packet broke.
#pragma once

#include <system_error>

namespace layer::mtproto {

enum class mtproto_errc {
  // Success is 0, as std::error_code requires.
  bad_packet_length = 1,  // encrypted packet shorter than the minimum or not 24 + 16k bytes
  auth_key_mismatch,      // auth_key_id is not the session's key (or not 0 for plain)
  msg_key_mismatch,       // recomputed msg_key differs: forged or corrupted packet
  session_id_mismatch,    // decrypted session_id is not ours
  bad_message_length,     // message_data_length beyond the decrypted data or not 4-aligned
  bad_padding,            // padding outside 12..1024 bytes
  bad_msg_id_parity,      // server id not odd / client id not divisible by 4
  msg_id_too_old,         // msg_id time more than 300 s behind now
  msg_id_too_new,         // msg_id time more than 30 s ahead of now
  msg_id_replayed,        // msg_id already seen
  msg_id_below_window,    // msg_id older than every id the replay window remembers
  bad_plain_message,      // plain message with a length field that does not match
  malformed_message,      // TL body that does not decode (truncated, bad lengths)
  nested_container,       // msg_container inside msg_container
  container_too_large,    // more than 1020 messages or 1 MiB in one container
  gzip_bomb,              // gzip_packed output above the configured cap
  bad_gzip,               // gzip_packed data that zlib cannot inflate
  unknown_constructor,    // a message whose constructor no schema defines
  bad_msg_notification,   // server rejected a request with a non-retryable code
  request_resend_limit,   // a request was resent too many times
  wrong_salt,             // server side: client used a salt that is not current
  request_timeout,        // no answer before the request's deadline
  invalid_container,      // a contained msg_id not below the container's, or one twice
  duplicate_msg_id,       // a msg_id handed out twice: refused, never sent as another request's
  outcome_unknown,        // the server may or may not have run the request (lost session)
  rpc_error_answer,       // the session's own request was answered with rpc_error
};

const std::error_category& mtproto_category() noexcept;

inline std::error_code make_error_code(mtproto_errc e) noexcept {
  return {static_cast<int>(e), mtproto_category()};
}

}  // namespace layer::mtproto

template <>
struct std::is_error_code_enum<layer::mtproto::mtproto_errc> : std::true_type {};
