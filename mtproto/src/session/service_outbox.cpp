#include "layer/mtproto/service_outbox.hpp"

#include <algorithm>

#include "layer/tl/codec.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto {

void ServiceOutbox::ack(std::int64_t msg_id, Instant now) {
  if (acks_.empty()) acks_since_ = now;
  acks_.push_back(msg_id);
}

bool ServiceOutbox::ack_pending(std::int64_t msg_id) const {
  return std::find(acks_.begin(), acks_.end(), msg_id) != acks_.end();
}

std::optional<Instant> ServiceOutbox::deadline() const {
  if (acks_.empty()) return std::nullopt;
  return *acks_since_ + ack_delay_;
}

bool ServiceOutbox::due(Instant now) const {
  if (!resend_wanted_.empty() || !out_.empty()) return true;
  return !acks_.empty() && (acks_.size() >= max_pending_acks_ || now >= *acks_since_ + ack_delay_);
}

std::vector<tl::Bytes> ServiceOutbox::take(Instant now, bool requests_follow) {
  std::vector<tl::Bytes> bodies;
  if (!acks_.empty() && (requests_follow || due(now))) {
    bodies.push_back(tl::serialize(tl::types::MsgsAck{std::move(acks_)}));
    acks_.clear();
    acks_since_.reset();
  }
  if (!resend_wanted_.empty()) {
    bodies.push_back(tl::serialize(tl::types::MsgResendReq{std::move(resend_wanted_)}));
    resend_wanted_.clear();
  }
  for (; !out_.empty(); out_.pop_front()) bodies.push_back(std::move(out_.front()));
  return bodies;
}

void ServiceOutbox::sent(std::vector<tl::Bytes> bodies, std::span<const std::int64_t> msg_ids,
                         std::int64_t container_id) {
  for (std::size_t i = 0; i < bodies.size(); ++i)
    sent_.push_back({msg_ids[i], container_id, std::move(bodies[i])});
  while (sent_.size() > kSentKept) sent_.pop_front();
}

bool ServiceOutbox::knows(std::int64_t msg_id) const {
  if (msg_id == 0) return false;  // the container id of a message sent alone
  return std::any_of(sent_.begin(), sent_.end(),
                     [&](const Sent& s) { return s.msg_id == msg_id || s.container_id == msg_id; });
}

bool ServiceOutbox::resend(std::int64_t msg_id) {
  bool hit = false;
  if (msg_id == 0) return hit;
  for (auto it = sent_.begin(); it != sent_.end();) {
    if (it->msg_id != msg_id && it->container_id != msg_id) {
      ++it;
      continue;
    }
    out_.push_back(std::move(it->body));
    it = sent_.erase(it);
    hit = true;
  }
  return hit;
}

std::optional<tl::Bytes> ServiceOutbox::take_sent(std::int64_t msg_id) {
  auto it = std::find_if(sent_.begin(), sent_.end(), [&](const Sent& s) { return s.msg_id == msg_id; });
  if (it == sent_.end()) return std::nullopt;
  tl::Bytes body = std::move(it->body);
  sent_.erase(it);
  return body;
}

}  // namespace layer::mtproto
