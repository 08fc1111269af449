// What ClientSession reports to its owner, in two streams:
// - outcomes: exactly one per request the owner enqueued (result, RPC error,
//   failure or cancelled), naming the RequestId enqueue returned, never a
//   msg_id and never a request the owner did not make;
// - notices: everything else the session saw (updates, session resets, a new
//   session of its own, what it could not read or match, its own service
//   requests failing, quick acks).
#pragma once

#include <cstdint>
#include <optional>
#include <system_error>
#include <variant>
#include <vector>

#include "layer/mtproto/rpc_error.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto {

using RequestId = std::uint64_t;

// The answer object (constructor and fields), gzip_packed already inflated.
// For ping this is the pong.
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
// not be read (gzip bomb), or mtproto_errc::outcome_unknown: the server may or
// may not have run it (it lost the session, or no longer remembers the
// message), so only the owner can decide whether sending it again is safe.
struct RequestFailedEvent {
  RequestId request = 0;
  std::error_code error;
  std::int32_t bad_msg_code = 0;
};

// ClientSession::cancel: the request is gone; if it had been sent, the server
// was told to drop its answer (rpc_drop_answer), which may have run already.
struct RequestCancelledEvent {
  RequestId request = 0;
};

using Outcome = std::variant<RpcResultEvent, RpcErrorEvent, RequestFailedEvent, RequestCancelledEvent>;

inline RequestId request_of(const Outcome& outcome) noexcept {
  return std::visit([](const auto& o) { return o.request; }, outcome);
}

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

// The session gave up its server session and started a new one on the same
// key (new session_id, seq_no from 0, msg_ids from the corrected clock, salts
// kept): the server's clock went back so far that the msg_ids already used
// would keep every later one too high for it (bad_msg_notification 16/17).
// What the server refused goes again in the new session; what it may have run
// in the old one is settled as after new_session_created. The owner should
// send what a new session needs (initConnection) and store the new offset;
// the server's new_session_created follows as a SessionResetEvent.
struct SessionRenewedEvent {
  std::int64_t previous_session_id = 0;
  std::int64_t session_id = 0;
  std::int32_t time_offset = 0;  // the new session's, seconds added to the local clock
};

// One message (alone or in a container) that could not be understood; the rest
// of its container was processed.
struct UndecodedMessageEvent {
  std::int64_t msg_id = 0;
  tl::Bytes body;
  std::error_code error;
};

// A message that names something this session is not waiting for: an
// rpc_result, pong or future_salts for a request already answered or never
// sent, a destroy_session_* for no pending destroy_session, a bad_msg_notification,
// msg_resend_req or msgs_state_info about a message it no longer has, or a
// whole packet of the session given up for a new one (SessionRenewedEvent),
// whose requests were settled already. Nothing is left to do, but nothing is
// dropped unseen either.
struct UnmatchedMessageEvent {
  std::int64_t msg_id = 0;  // the server's message
  // The msg_id it names (the session_id for destroy_session_* and for a packet
  // of the session given up).
  std::int64_t refers_to = 0;
  tl::Bytes body;
};

// A request the session made itself failed: get_future_salts (after
// bad_msg_notification 48), whose waiters were released and go on by
// themselves, or the rpc_drop_answer of a cancel.
struct ServiceRequestFailedEvent {
  std::uint32_t constructor = 0;
  std::error_code error;
};

// The server got, decrypted and accepted a packet sent with
// ClientSession::take_output(now, true): the owner's requests that packet
// carried (none when it held only the session's own messages). It says nothing
// of whether they ran or will; their outcomes come as usual.
struct QuickAckEvent {
  std::uint32_t token = 0;
  std::vector<RequestId> requests;
};

// A quick ack that matches no packet waiting for one: a wrong token, a second
// ack of one packet, or an ack of a packet sent on a connection since lost
// (on_disconnect) or pushed out by ClientSessionOptions::max_quick_acks.
struct UnmatchedQuickAckEvent {
  std::uint32_t token = 0;
};

using Notice =
    std::variant<UpdatesEvent, SessionResetEvent, SessionRenewedEvent, UndecodedMessageEvent,
                 UnmatchedMessageEvent, ServiceRequestFailedEvent, QuickAckEvent, UnmatchedQuickAckEvent>;

}  // namespace layer::mtproto
