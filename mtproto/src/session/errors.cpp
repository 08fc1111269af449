#include "layer/mtproto/errors.hpp"

#include <string>

namespace layer::mtproto {
namespace {

const char* describe(mtproto_errc e) noexcept {
  switch (e) {
    case mtproto_errc::bad_packet_length:
      return "encrypted packet has an impossible length";
    case mtproto_errc::auth_key_mismatch:
      return "auth_key_id does not match the session key";
    case mtproto_errc::msg_key_mismatch:
      return "msg_key does not match the decrypted data";
    case mtproto_errc::session_id_mismatch:
      return "session_id does not match";
    case mtproto_errc::bad_message_length:
      return "message_data_length is out of bounds";
    case mtproto_errc::bad_padding:
      return "padding is not 12..1024 bytes";
    case mtproto_errc::bad_msg_id_parity:
      return "msg_id has the wrong parity for its sender";
    case mtproto_errc::msg_id_too_old:
      return "msg_id is more than 300 s old";
    case mtproto_errc::msg_id_too_new:
      return "msg_id is more than 30 s in the future";
    case mtproto_errc::msg_id_replayed:
      return "msg_id was already received";
    case mtproto_errc::msg_id_below_window:
      return "msg_id is older than the replay window";
    case mtproto_errc::bad_plain_message:
      return "plain message framing is invalid";
    case mtproto_errc::malformed_message:
      return "message body does not decode";
    case mtproto_errc::nested_container:
      return "msg_container nested in a msg_container";
    case mtproto_errc::container_too_large:
      return "msg_container exceeds 1020 messages or 1 MiB";
    case mtproto_errc::gzip_bomb:
      return "gzip_packed output exceeds the cap";
    case mtproto_errc::bad_gzip:
      return "gzip_packed data does not inflate";
    case mtproto_errc::unknown_constructor:
      return "message has an unknown constructor";
    case mtproto_errc::bad_msg_notification:
      return "server rejected the message (bad_msg_notification)";
    case mtproto_errc::request_resend_limit:
      return "request resent too many times";
    case mtproto_errc::wrong_salt:
      return "message carries a server salt that is not current";
    case mtproto_errc::request_timeout:
      return "no answer before the request deadline";
    case mtproto_errc::invalid_container:
      return "msg_container holds a msg_id twice or one not below its own";
    case mtproto_errc::duplicate_msg_id:
      return "msg_id was already used in this session";
    case mtproto_errc::outcome_unknown:
      return "the server may or may not have run the request";
    case mtproto_errc::rpc_error_answer:
      return "the session's own request was answered with rpc_error";
  }
  return "unknown mtproto error";
}

class MtprotoCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "layer.mtproto"; }
  std::string message(int ev) const override { return describe(static_cast<mtproto_errc>(ev)); }
};

}  // namespace

const std::error_category& mtproto_category() noexcept {
  static const MtprotoCategory category;
  return category;
}

}  // namespace layer::mtproto
