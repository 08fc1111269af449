// The server end of one MTProto session, for the fake DC: it takes client
// packets apart (containers, gzip_packed), checks every message, acknowledges
// them, answers the service calls itself (ping, msgs_state_req,
// rpc_drop_answer), announces a new session, and queues what the DC handler
// sends back: results, errors, updates and the corrections a real server makes
// when the client is wrong.
//
// Like Telegram's, a session outlives its connections: answers are held until
// the client acknowledges them, and resume() sends them again on the next
// connection, so a client that lost a connection gets every answer once
// without running anything twice.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <vector>

#include "layer/mtproto/container.hpp"
#include "layer/mtproto/encrypted_session.hpp"
#include "layer/mtproto/gzip.hpp"
#include "layer/mtproto/replay_window.hpp"

namespace layer::mtproto {

struct ServerSessionOptions {
  EncryptedSessionOptions session;                            // side and check_time are set by ServerSession
  std::size_t max_inflated = kDefaultMaxInflated;             // one gzip_packed
  std::size_t max_inflated_per_packet = kDefaultMaxInflated;  // all of one packet's
  std::size_t seen_window = 2048;    // client msg_ids remembered, inner ones included
  std::size_t max_held_acks = 8192;  // take_client_acks keeps the newest this many
  bool answer_ping = true;
  // new_session_created before the answer to the session's first message.
  bool announce_new_session = true;
  std::size_t max_held_answers = 1024;  // unacknowledged answers kept for resume()
  bool check_salt = true;               // answer a stale salt with bad_server_salt
  bool check_time = true;               // answer a bad clock with bad_msg_notification 16/17
  // Answer a content-related message that cannot be read (gzip_packed that does
  // not inflate) with rpc_error 400 INPUT_FETCH_ERROR, as Telegram does.
  bool answer_undecodable = true;
  std::size_t max_container_messages = kMaxContainerMessages;
  std::size_t max_container_bytes = kMaxContainerBytes;
};

// A client message for the handler: a function call, gzip_packed inflated.
struct IncomingRequest {
  std::int64_t msg_id = 0;
  std::int32_t seq_no = 0;
  tl::Bytes body;
};

// A client message answered with bad_msg_notification `code` instead of being
// served, or (code 0) a duplicate of one already received, acknowledged again
// and not served twice.
struct RefusedMessage {
  std::int64_t msg_id = 0;
  std::int32_t seq_no = 0;
  std::int32_t code = 0;
};

// A client message that could not be read; it was not acknowledged.
struct UndecodableMessage {
  std::int64_t msg_id = 0;
  std::int32_t seq_no = 0;
  tl::Bytes body;
  std::error_code error;
};

class ServerSession {
 public:
  // rng draws padding and new_session_created's unique id and must outlive the session.
  ServerSession(crypto::AuthKey key, std::int64_t salt, crypto::Rng& rng, ServerSessionOptions options = {});
  ServerSession(const ServerSession&) = delete;  // a copy would answer with the same msg_ids
  ServerSession& operator=(const ServerSession&) = delete;

  // The error of a packet dropped as a whole; a packet answered with a
  // correction (salt, time) is not an error.
  std::error_code on_received(std::span<std::byte> packet, Time now);
  // The quick-ack token of the packet on_received took last (none after one it
  // dropped): what ServerTransport::encode_quick_ack sends back when the
  // client's frame asked for it (transport::Frame::quick_ack_requested).
  std::optional<std::uint32_t> last_quick_ack_token() const noexcept { return quick_ack_token_; }
  std::optional<IncomingRequest> next_request();
  // The messages of accepted packets that could not be read, for the owner to
  // log: drain it along with next_request.
  std::optional<UndecodableMessage> next_undecodable();
  // What was refused or dropped as a duplicate, for the owner to log.
  std::optional<RefusedMessage> next_refused();
  // The msg_ids the client acknowledged with msgs_ack since the last call, in
  // arrival order; at most max_held_acks (the newest) are held in between.
  std::vector<std::int64_t> take_client_acks();

  void reply(std::int64_t req_msg_id, std::span<const std::byte> result);
  void reply_error(std::int64_t req_msg_id, std::int32_t code, std::string_view message);
  void push_update(std::span<const std::byte> update);
  void send_bad_server_salt(std::int64_t bad_msg_id, std::int32_t bad_seq_no);
  void send_bad_msg_notification(std::int64_t bad_msg_id, std::int32_t bad_seq_no, std::int32_t code);
  void send_new_session_created(std::int64_t first_msg_id, std::int64_t unique_id);
  void request_resend(std::vector<std::int64_t> msg_ids);

  // One packet with everything queued (acks included), or nothing to send.
  std::optional<tl::Bytes> take_output(Time now);
  // The session is on a new connection: every answer the client has not
  // acknowledged is queued again.
  void resume();
  std::size_t held_answers() const noexcept { return held_.size(); }

  void set_salt(std::int64_t salt) noexcept { session_.set_salt(salt); }
  // A salt that is no longer current but still accepted, as servers accept
  // the previous salt for a while after they move to the next one.
  void also_accept_salt(std::optional<std::int64_t> salt) noexcept { previous_salt_ = salt; }
  EncryptedSession& session() noexcept { return session_; }

 private:
  struct Outgoing {
    tl::Bytes body;
    bool content_related;
    std::int64_t answers = 0;  // the request an rpc_result answers, 0 for anything else
  };
  struct Held {
    std::int64_t msg_id = 0;  // the server message it went out as
    std::int64_t answers = 0;
    tl::Bytes body;
  };

  bool correct_client(const Message& message, Time now);
  // The bad_msg_notification code a client message earns, 0 when it is served,
  // kDuplicate when it was received before.
  std::int32_t check_message(const ContainedMessage& m, Time now) const;
  void refuse(const ContainedMessage& m, std::int32_t code);
  void handle(const ContainedMessage& m);
  // The service calls answered here; false for anything else.
  bool serve_service(const ContainedMessage& m, std::span<const std::byte> body);
  void answer_state_req(const ContainedMessage& m, std::span<const std::byte> body);
  void answer_drop(const ContainedMessage& m, std::span<const std::byte> body);
  void forget_acked(std::span<const std::int64_t> ids);
  void requeue_held(std::int64_t answers);
  void hold_acks(std::span<const std::int64_t> ids);
  void undecodable(const ContainedMessage& m, std::error_code ec);
  void queue(tl::Bytes body, bool content_related = true, std::int64_t answers = 0);

  EncryptedSession session_;
  ServerSessionOptions options_;
  std::optional<std::int64_t> previous_salt_;
  std::optional<std::uint32_t> quick_ack_token_;
  std::deque<IncomingRequest> requests_;
  std::deque<UndecodableMessage> undecodable_;
  std::deque<RefusedMessage> refused_;
  std::deque<std::int64_t> client_acks_;
  ReplayWindow seen_;
  // The client message of highest msg_id so far, for the seq_no order rules.
  std::int64_t last_msg_id_ = 0;
  std::int32_t last_seq_no_ = 0;
  InflateBudget inflate_{0, 0};
  std::vector<std::int64_t> acks_;
  std::deque<Outgoing> outgoing_;
  crypto::Rng& rng_;
  bool announced_ = false;
  std::deque<Held> held_;            // sent answers not yet acknowledged, oldest first
  std::set<std::int64_t> running_;   // requests handed to the owner and not answered yet
  std::set<std::int64_t> dropping_;  // of those, the ones whose answer the client dropped
};

}  // namespace layer::mtproto
