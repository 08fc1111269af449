// The client end of an MTProto session above EncryptedSession: it owns msg_ids
// and seq_nos, acknowledgements, containers, gzip, the service messages and
// every resend, and reports exactly one outcome per request.
//
// Driving it: enqueue requests; after each enqueue, received packet or timeout,
// call take_output(now) until it returns nothing and write each packet to the
// transport (take_output commits: if the write fails, call on_disconnect).
// Feed received packets to on_received, then drain next_outcome() and
// next_notice(). Wake up at next_deadline() and call on_timeout.
//
// Quick acks: take_output(now, true) keeps the packet's token, and the packet
// goes out with the transport's quick-ack flag; hand the transport's quick-ack
// frames to on_quick_ack, which reports a QuickAckEvent naming the requests the
// packet carried, or an UnmatchedQuickAckEvent.
//
// Time comes as a Now (clock.hpp): its wall clock makes msg_ids and salts and
// checks the server's time, its monotonic one runs the deadlines, so
// next_deadline() is an Instant. The switch to an announced salt is due by the
// server's wall clock; next_deadline() places it on the monotonic clock
// through the last Now given (none given yet: it is not waited for), so a
// wall-clock jump moves it only from the next call that takes time.
//
// The session outlives connections, and a request is never run twice by it:
// - on_disconnect resends nothing blindly. What was sent and not acknowledged
//   is asked about (msgs_state_req) on the next connection and sent again only
//   if the server says it never got it; what the server has is left to its
//   answer, which the server sends again on the new connection.
// - When the server lost the session (new_session_created) or no longer
//   remembers a message, a request marked CallOptions::idempotent is sent again;
//   any other fails with mtproto_errc::outcome_unknown, for the owner to decide.
// - Requests the server refused outright (bad_msg_notification, bad_server_salt,
//   msg_resend_req) never ran, so they are sent again whatever their kind.
//
// A session follows the server's clock within itself while it can: msg_ids
// must grow within a session, and ids the server may have taken are never
// given up. When a bad_msg_notification 16/17 says the clock went back so far
// that the next id would still be refused (above the corrected clock's
// window, or above an id refused as too high twice running), the session
// starts a new server session on the same key
// (EncryptedSession::start_new_session) once the packet is handled, and
// reports a SessionRenewedEvent. The requests refused
// by 16/17 go again in it; whatever else was out in the old session is settled
// as after new_session_created (idempotent ones again, others outcome_unknown).
// Packets of the old session still arriving are reported as
// UnmatchedMessageEvent and otherwise ignored. If the server's msg_ids ran
// ahead of its clock, the corrected offset is still wrong, and the new
// session's first bad_msg_notification corrects it within that session.
//
// Nothing the server sends vanishes: a message that cannot be read is an
// UndecodedMessageEvent, one that names nothing pending an UnmatchedMessageEvent.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layer/mtproto/body_builder.hpp"
#include "layer/mtproto/container.hpp"
#include "layer/mtproto/encrypted_session.hpp"
#include "layer/mtproto/events.hpp"
#include "layer/mtproto/gzip.hpp"
#include "layer/mtproto/salt_schedule.hpp"
#include "layer/mtproto/service_outbox.hpp"
#include "layer/mtproto/session_snapshot.hpp"

namespace layer::mtproto {

struct CallOptions {
  bool gzip = true;  // send as gzip_packed when over 512 bytes and smaller
  std::optional<std::chrono::milliseconds> timeout{};
  unsigned max_resends = 8;
  // Safe to run twice (a read, or a call the server deduplicates, such as one
  // carrying a random_id): sent again when the server may have lost it.
  bool idempotent = false;
};

struct ClientSessionOptions {
  EncryptedSessionOptions session;
  std::size_t max_inflated = kDefaultMaxInflated;             // one gzip_packed
  std::size_t max_inflated_per_packet = kDefaultMaxInflated;  // all of one packet's
  // Acks go out with the next request, or alone once this many are pending or
  // the oldest has waited ack_delay.
  std::size_t max_pending_acks = 16;
  std::chrono::milliseconds ack_delay{500};
  std::size_t max_container_messages = kMaxContainerMessages;
  std::size_t max_container_bytes = kMaxContainerBytes;
  std::size_t seen_window = 2048;  // inner msg_ids remembered to drop duplicates
  // Packets sent asking for a quick ack whose ack is awaited; past this many the
  // oldest is given up (an ack for it would be unmatched).
  std::size_t max_quick_acks = 64;
};

class ClientSession {
 public:
  // rng draws the session id and padding and must outlive the session.
  ClientSession(crypto::AuthKey key, std::int64_t first_salt, std::int32_t time_offset, crypto::Rng& rng,
                ClientSessionOptions options = {});
  ClientSession(SessionSnapshot snapshot, crypto::Rng& rng, ClientSessionOptions options = {});
  ClientSession(const ClientSession&) = delete;  // a copy would reuse the session id and msg_ids
  ClientSession& operator=(const ClientSession&) = delete;

  // body is a serialized function call (constructor id and fields).
  RequestId enqueue(tl::Bytes body, CallOptions options = {});
  // A call whose body depends on its own msg_id (auth.bindTempAuthKey: see
  // handshake::bind_temp_auth_key_body): build runs at each send with the msg_id
  // of the message that carries the call, alone or inside a container (that is
  // the msg_id the call must name), so every resend carries a body made for its
  // new msg_id. If build fails, that take_output fails the request with its error.
  RequestId enqueue_built(BodyBuilder build, CallOptions options = {});
  // The request's outcome becomes RequestCancelledEvent at once. Queued, it is
  // never sent; sent, the server is asked to drop its answer (rpc_drop_answer),
  // though it may have run it. False when id is not pending.
  bool cancel(RequestId id);

  // Decrypts packet in place. The error is that of a packet dropped as a whole
  // (a failed check, a malformed or nested container); nothing changed then.
  std::error_code on_received(std::span<std::byte> packet, Now now);

  // quick_ack: the caller sends this packet with the transport's quick-ack flag,
  // and the session waits for its token (see the header comment).
  std::optional<tl::Bytes> take_output(Now now, bool quick_ack = false);
  // A quick-ack token from the transport (transport::Frame::quick_ack_token).
  void on_quick_ack(std::uint32_t token);
  std::optional<Outcome> next_outcome();
  std::optional<Notice> next_notice();
  // The earliest of the request timeouts, the ack delay and the next salt.
  std::optional<Instant> next_deadline() const;
  // Fails the requests whose timeout has passed and switches to a due salt.
  void on_timeout(Now now);
  // The connection is gone: see the header comment for what happens to requests.
  void on_disconnect();

  // Asks the server (msgs_state_req) about every request sent and not yet
  // acknowledged; those it reports as not received are sent again. The query
  // goes with the next take_output.
  void request_state();

  bool is_acked(RequestId id) const;
  bool is_pending(RequestId id) const { return requests_.contains(id) && !requests_.at(id).internal; }
  std::size_t pending() const noexcept { return requests_.size(); }
  std::size_t pending_acks() const noexcept { return service_.pending_acks(); }
  const EncryptedSession& session() const noexcept { return session_; }
  const SaltSchedule& salts() const noexcept { return salts_; }  // announced, not used yet
  // Everything needed to resume this session elsewhere (see SessionSnapshot).
  SessionSnapshot snapshot() const;

 private:
  struct Request {
    tl::Bytes body;  // of a built request: as built for its last msg_id
    BodyBuilder build;
    CallOptions options;
    std::uint32_t constructor = 0;
    std::int64_t msg_id = 0;  // 0 while queued
    std::int64_t container_id = 0;
    bool acked = false;
    bool content_related = true;    // odd seq_no; bad_msg_notification 34/35 flip it
    bool internal = false;          // the session's own get_future_salts or rpc_drop_answer: no outcome
    bool refused_too_high = false;  // its last send got bad_msg_notification 17
    unsigned sends = 0;
    std::optional<Instant> deadline;  // set at the first send when options.timeout is
  };

  void handle(const ContainedMessage& m, Now now);
  void dispatch(const ContainedMessage& m, Now now);
  void dispatch_info(const ContainedMessage& m, Now now);
  void on_rpc_result(const ContainedMessage& m, Time now);
  void on_bad_msg(std::int64_t bad_msg_id, std::int32_t code, const ContainedMessage& m, Time now);
  // After a 16/17 correction: whether the next msg_id would still be refused.
  bool ids_stuck(std::int64_t bad_msg_id, std::int32_t code, Time now) const;
  void start_new_session(Time now);
  void on_new_session(const ContainedMessage& m);
  void on_detailed_info(std::int64_t msg_id, std::int64_t answer_msg_id, Instant now);
  void on_future_salts(const ContainedMessage& m, Time now);
  bool store_salts(std::span<const std::byte> future_salts, Time now);
  void on_destroy_session(const ContainedMessage& m);
  void on_resend_req(const ContainedMessage& m);
  void on_state_req(const ContainedMessage& m);
  void on_state_info(const ContainedMessage& m);
  void apply_states(const ContainedMessage& m, std::span<const std::int64_t> ids, std::string_view info);
  std::uint8_t state_of(std::int64_t msg_id) const;
  bool corrects_time(std::span<const ContainedMessage> items) const;
  std::error_code check_times(const Message& message, std::span<const ContainedMessage> items,
                              Time now) const;
  bool answer(std::int64_t req_msg_id, std::span<const std::byte> body);
  void undecoded(const ContainedMessage& m, std::error_code ec);
  void unmatched(const ContainedMessage& m, std::int64_t refers_to);
  void on_ack(std::int64_t msg_id);

  bool knows_sent(std::int64_t msg_id) const;
  std::vector<RequestId> sent_as(std::int64_t msg_id) const;
  bool requeue_sent_as(std::int64_t msg_id);
  void requeue(RequestId id);
  bool unsend(RequestId id);
  void finish(RequestId id, Outcome outcome);
  // The server may have run what was sent before `before` (0: everything sent):
  // idempotent requests go again, the others fail as outcome_unknown.
  void settle_unknown(std::int64_t before);
  RequestId enqueue_internal(tl::Bytes body);
  void fail(RequestId id, std::error_code ec, std::int32_t bad_msg_code = 0);
  void wait_for_salt(std::int64_t bad_msg_id);
  void release_salt_waiters();
  void change_salt(std::int64_t salt);
  void adopt_due_salt(Time now);

  RequestId add(Request r);
  bool build_body(RequestId id, std::int64_t msg_id);
  std::vector<RequestId> next_batch(std::size_t used_count, std::size_t used_bytes,
                                    std::vector<std::int64_t>& msg_ids, Time now);
  void mark_sent(const std::vector<RequestId>& batch, std::span<const std::int64_t> msg_ids,
                 std::int64_t container_id, Instant now);
  void await_quick_ack(std::uint32_t token, const std::vector<RequestId>& batch);

  EncryptedSession session_;
  ClientSessionOptions options_;
  RequestId next_id_ = 1;
  std::map<RequestId, Request> requests_;
  // The requests' deadlines, earliest first: a timeout looks at the front only.
  // An entry lives exactly as long as its request.
  std::set<std::pair<Instant, RequestId>> deadlines_;
  std::optional<Now> last_now_;  // the latest given, for the salt's deadline
  std::unordered_map<std::int64_t, RequestId> by_msg_id_;
  std::deque<RequestId> queue_;
  ServiceOutbox service_;
  std::vector<RequestId> salt_waiters_;    // held after bad_msg_notification 48
  std::optional<RequestId> salt_request_;  // the get_future_salts they wait for
  SaltSchedule salts_;
  std::deque<Outcome> outcomes_;
  std::deque<Notice> notices_;
  struct AwaitedQuickAck {
    std::uint32_t token = 0;
    std::vector<RequestId> requests;
  };
  std::deque<AwaitedQuickAck> quick_acks_;  // oldest first
  ReplayWindow seen_;
  bool check_time_;
  // Of the packet being handled: the checked outer msg_id that time corrections
  // read the server's clock from, and what its gzip_packed may still inflate to.
  std::int64_t packet_msg_id_ = 0;
  InflateBudget inflate_{0, 0};
  bool new_session_due_ = false;  // set by a 16/17 of the packet: see start_new_session
};

}  // namespace layer::mtproto
