// The service messages a client session owes the server: acknowledgements
// (batched), msg_resend_req, answers to msgs_state_req and its own state
// queries. The ones sent lately are kept, so that they go again when the server
// refuses their packet (bad_server_salt, bad_msg_notification) or asks for it.
// Its times are monotonic (see clock.hpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "layer/mtproto/clock.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto {

class ServiceOutbox {
 public:
  // Acks go out with the next other message, or alone once max_pending_acks
  // are waiting or the oldest has waited ack_delay.
  ServiceOutbox(std::size_t max_pending_acks, std::chrono::milliseconds ack_delay)
      : max_pending_acks_(max_pending_acks), ack_delay_(ack_delay) {}

  void ack(std::int64_t msg_id, Instant now);
  void want_resend(std::int64_t msg_id) { resend_wanted_.push_back(msg_id); }
  void send(tl::Bytes body) { out_.push_back(std::move(body)); }

  bool ack_pending(std::int64_t msg_id) const;
  std::size_t pending_acks() const noexcept { return acks_.size(); }
  // When pending acks must go out on their own. The other service messages are
  // due at once: the session's owner takes output after whatever queued them.
  std::optional<Instant> deadline() const;
  // Whether take would return something with no request going out.
  bool due(Instant now) const;

  // The service messages for the next packet. Acks are left waiting unless they
  // are due or something else goes anyway (requests_follow, or other service).
  std::vector<tl::Bytes> take(Instant now, bool requests_follow);
  // Records what take returned, as packed: one msg_id per body.
  void sent(std::vector<tl::Bytes> bodies, std::span<const std::int64_t> msg_ids, std::int64_t container_id);

  // Whether msg_id names a service message sent lately (or its container).
  bool knows(std::int64_t msg_id) const;
  // Queues again the service messages sent as msg_id or in container msg_id;
  // false when there are none.
  bool resend(std::int64_t msg_id);
  // The body of the service message sent as msg_id, which is then forgotten.
  std::optional<tl::Bytes> take_sent(std::int64_t msg_id);

 private:
  struct Sent {
    std::int64_t msg_id = 0;
    std::int64_t container_id = 0;
    tl::Bytes body;
  };
  // Enough for the packets in flight; an older one the server still wants is
  // reported by the session as unmatched.
  static constexpr std::size_t kSentKept = 64;

  std::size_t max_pending_acks_;
  std::chrono::milliseconds ack_delay_;
  std::vector<std::int64_t> acks_;
  std::optional<Instant> acks_since_;
  std::vector<std::int64_t> resend_wanted_;
  std::deque<tl::Bytes> out_;
  std::deque<Sent> sent_;
};

}  // namespace layer::mtproto
