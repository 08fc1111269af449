// What ClientSession reports to its owner: one outcome per request (result, RPC
// error or failure), updates, and session-level happenings. Request outcomes
// name the RequestId the caller got from enqueue, never msg_ids.
#pragma once

#include <cstdint>
#include <system_error>
#include <variant>

#include "layer/mtproto/rpc_error.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto {

using RequestId = std::uint64_t;

// The answer object (constructor and fields), gzip_packed already inflated.
// For ping this is the pong, for get_future_salts the future_salts.
struct RpcResultEvent {
  RequestId request = 0;
  tl::Bytes body;
};

struct RpcErrorEvent {
  RequestId request = 0;
  RpcError error;
};

// The request will not be answered: a non-retryable bad_msg_notification
// (bad_msg_code says which), too many resends, a timeout, an answer that could
// not be read (gzip bomb).
struct RequestFailedEvent {
  RequestId request = 0;
  std::error_code error;
  std::int32_t bad_msg_code = 0;
};

// Anything the server sent that is not a service message: updates, raw TL.
struct UpdatesEvent {
  std::int64_t msg_id = 0;
  tl::Bytes body;
};

// new_session_created: the server started a new session, so updates sent in
// between may have been missed; the owner should fetch the difference.
struct SessionResetEvent {
  std::int64_t first_msg_id = 0;
  std::int64_t unique_id = 0;
};

// One message (alone or in a container) that could not be understood; the rest
// of its container was processed.
struct UndecodedMessageEvent {
  std::int64_t msg_id = 0;
  tl::Bytes body;
  std::error_code error;
};

using Event = std::variant<RpcResultEvent, RpcErrorEvent, RequestFailedEvent, UpdatesEvent, SessionResetEvent,
                           UndecodedMessageEvent>;

}  // namespace layer::mtproto
