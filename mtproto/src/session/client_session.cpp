#include "layer/mtproto/client_session.hpp"

#include <algorithm>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/types/root.hpp"
#include "outbox.hpp"

namespace layer::mtproto {

ClientSession::ClientSession(crypto::AuthKey key, std::int64_t first_salt, std::int32_t time_offset,
                             crypto::Rng& rng, ClientSessionOptions options)
    : session_(std::move(key), first_salt, time_offset, rng,
               [&] {
                 auto o = options.session;
                 o.side = Side::client;
                 o.check_time = false;
                 return o;
               }()),
      options_(options),
      seen_(options.seen_window),
      check_time_(options.session.check_time) {}

RequestId ClientSession::enqueue(tl::Bytes body, CallOptions options) {
  const RequestId id = next_id_++;
  Request r;
  r.constructor = constructor_of(body);
  r.body = options.gzip ? gzip_if_smaller(body, true) : std::move(body);
  r.options = options;
  requests_.emplace(id, std::move(r));
  queue_.push_back(id);
  return id;
}

bool ClientSession::acks_due(Time now) const {
  if (acks_.empty()) return false;
  return acks_.size() >= options_.max_pending_acks || now >= *acks_since_ + options_.ack_delay;
}

std::vector<RequestId> ClientSession::next_batch(std::size_t used_count, std::size_t used_bytes) {
  std::vector<RequestId> batch;
  while (!queue_.empty() && used_count < options_.max_container_messages) {
    const Request& r = requests_.at(queue_.front());
    const std::size_t size = r.body.size() + kContainedHeaderSize;
    // A request too big to share a container still goes, alone.
    if (used_count > 0 && used_bytes + size > options_.max_container_bytes) break;
    batch.push_back(queue_.front());
    queue_.pop_front();
    ++used_count;
    used_bytes += size;
  }
  return batch;
}

void ClientSession::mark_sent(const std::vector<RequestId>& batch, std::span<const std::int64_t> msg_ids,
                              std::int64_t container_id, Time now) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Request& r = requests_.at(batch[i]);
    r.msg_id = msg_ids[i];
    r.container_id = container_id;
    r.acked = false;
    ++r.sends;
    if (!r.deadline && r.options.timeout) r.deadline = now + *r.options.timeout;
    by_msg_id_[r.msg_id] = batch[i];
  }
}

std::optional<tl::Bytes> ClientSession::take_output(Time now) {
  std::vector<tl::Bytes> service;
  std::vector<detail::OutgoingBody> bodies;
  if (!acks_.empty() && (!queue_.empty() || acks_due(now))) {
    service.push_back(tl::serialize(tl::types::MsgsAck{std::move(acks_)}));
    acks_.clear();
    acks_since_.reset();
  }
  if (!resend_wanted_.empty()) {
    service.push_back(tl::serialize(tl::types::MsgResendReq{std::move(resend_wanted_)}));
    resend_wanted_.clear();
  }
  std::size_t used_bytes = 0;
  for (const auto& s : service) used_bytes += s.size() + kContainedHeaderSize;
  const auto batch = next_batch(service.size(), used_bytes);
  if (service.empty() && batch.empty()) return std::nullopt;

  // Acks are not content-related; a resend request is.
  for (std::size_t i = 0; i < service.size(); ++i) {
    bodies.push_back({service[i], constructor_of(service[i]) != tl::types::MsgsAck::ID});
  }
  for (RequestId id : batch) bodies.push_back({requests_.at(id).body, true});
  auto packed = detail::pack_bodies(session_, bodies, now);
  mark_sent(batch, std::span(packed.msg_ids).subspan(service.size()), packed.container_id, now);
  return std::move(packed.packet);
}

std::optional<Event> ClientSession::next_event() {
  if (events_.empty()) return std::nullopt;
  Event e = std::move(events_.front());
  events_.pop_front();
  return e;
}

std::optional<Time> ClientSession::next_deadline() const {
  std::optional<Time> earliest;
  auto consider = [&](Time t) { earliest = earliest ? std::min(*earliest, t) : t; };
  if (!acks_.empty()) consider(*acks_since_ + options_.ack_delay);
  for (const auto& [id, r] : requests_) {
    if (r.deadline) consider(*r.deadline);
  }
  return earliest;
}

void ClientSession::on_timeout(Time now) {
  std::vector<RequestId> expired;
  for (const auto& [id, r] : requests_) {
    if (r.deadline && *r.deadline <= now) expired.push_back(id);
  }
  for (RequestId id : expired) fail(id, mtproto_errc::request_timeout);
}

void ClientSession::on_disconnect() {
  std::vector<RequestId> sent;
  for (const auto& [id, r] : requests_) {
    if (r.msg_id != 0) sent.push_back(id);
  }
  for (RequestId id : sent) requeue(id);
}

bool ClientSession::is_acked(RequestId id) const {
  auto it = requests_.find(id);
  return it != requests_.end() && it->second.acked;
}

void ClientSession::requeue(RequestId id) {
  Request& r = requests_.at(id);
  if (r.msg_id == 0) return;
  by_msg_id_.erase(r.msg_id);
  r.msg_id = 0;
  r.container_id = 0;
  if (r.sends > r.options.max_resends) {
    fail(id, mtproto_errc::request_resend_limit);
    return;
  }
  queue_.push_back(id);
}

void ClientSession::requeue_sent_as(std::int64_t msg_id) {
  // msg_id names a request, or a container whose requests all share the fate.
  std::vector<RequestId> hit;
  for (const auto& [id, r] : requests_) {
    if (r.msg_id != 0 && (r.msg_id == msg_id || r.container_id == msg_id)) hit.push_back(id);
  }
  for (RequestId id : hit) requeue(id);
}

void ClientSession::finish(RequestId id, Event event) {
  auto it = requests_.find(id);
  if (it == requests_.end()) return;
  if (it->second.msg_id != 0) by_msg_id_.erase(it->second.msg_id);
  if (it->second.msg_id == 0) std::erase(queue_, id);
  requests_.erase(it);
  events_.push_back(std::move(event));
}

void ClientSession::fail(RequestId id, std::error_code ec, std::int32_t bad_msg_code) {
  finish(id, RequestFailedEvent{id, ec, bad_msg_code});
}

}  // namespace layer::mtproto
