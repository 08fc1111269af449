// ClientSession's bookkeeping of requests: which msg_id each was sent as,
// resends, outcomes, and the requests held until the salt is fixed.
#include <algorithm>
#include <variant>

#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"

namespace layer::mtproto {
namespace {

// future_salts returns up to 64; a few hours' worth is plenty.
constexpr std::int32_t kFutureSaltsWanted = 8;

}  // namespace

bool ClientSession::knows_sent(std::int64_t msg_id) const {
  return !sent_as(msg_id).empty() || service_.knows(msg_id);
}

// The requests sent as msg_id, or in the container msg_id: they share its fate.
// 0 names nothing (it is the container id of a request sent alone).
std::vector<RequestId> ClientSession::sent_as(std::int64_t msg_id) const {
  std::vector<RequestId> hit;
  if (msg_id == 0) return hit;
  if (auto it = by_msg_id_.find(msg_id); it != by_msg_id_.end()) {
    hit.push_back(it->second);
    return hit;
  }
  for (const auto& [id, r] : requests_) {
    if (r.msg_id != 0 && r.container_id == msg_id) hit.push_back(id);
  }
  return hit;
}

bool ClientSession::requeue_sent_as(std::int64_t msg_id) {
  const auto hit = sent_as(msg_id);
  for (RequestId id : hit) requeue(id);
  const bool service = service_.resend(msg_id);
  return !hit.empty() || service;
}

void ClientSession::requeue(RequestId id) {
  if (unsend(id)) queue_.push_back(id);
}

// Forgets the msg_id a request went out as. False when it has been sent too
// often already and failed instead (or was not out).
bool ClientSession::unsend(RequestId id) {
  Request& r = requests_.at(id);
  if (r.msg_id == 0) return false;
  by_msg_id_.erase(r.msg_id);
  r.msg_id = 0;
  r.container_id = 0;
  if (r.sends > r.options.max_resends) {
    fail(id, mtproto_errc::request_resend_limit);
    return false;
  }
  return true;
}

void ClientSession::finish(RequestId id, Outcome outcome) {
  auto it = requests_.find(id);
  if (it == requests_.end()) return;
  const bool internal = it->second.internal;
  const std::uint32_t constructor = it->second.constructor;
  if (it->second.msg_id != 0) by_msg_id_.erase(it->second.msg_id);
  if (it->second.msg_id == 0) std::erase(queue_, id);
  if (it->second.deadline) deadlines_.erase({*it->second.deadline, id});
  std::erase(salt_waiters_, id);
  requests_.erase(it);
  if (!internal) {
    outcomes_.push_back(std::move(outcome));
  } else if (const auto* failed = std::get_if<RequestFailedEvent>(&outcome)) {
    // The session's own requests report no outcome (the owner never made them);
    // a failure is a notice, and what waited on them goes on by itself.
    notices_.emplace_back(ServiceRequestFailedEvent{constructor, failed->error});
  } else if (std::holds_alternative<RpcErrorEvent>(outcome)) {
    notices_.emplace_back(ServiceRequestFailedEvent{constructor, mtproto_errc::rpc_error_answer});
  }
  if (salt_request_ == id) {
    salt_request_.reset();
    release_salt_waiters();
  }
}

RequestId ClientSession::enqueue_internal(tl::Bytes body) {
  const RequestId id = enqueue(std::move(body));
  requests_.at(id).internal = true;
  return id;
}

bool ClientSession::cancel(RequestId id) {
  auto it = requests_.find(id);
  if (it == requests_.end() || it->second.internal) return false;
  if (it->second.msg_id != 0)
    enqueue_internal(tl::serialize(tl::functions::RpcDropAnswer{it->second.msg_id}));
  finish(id, RequestCancelledEvent{id});
  return true;
}

void ClientSession::settle_unknown(std::int64_t before) {
  std::vector<RequestId> sent;
  for (const auto& [id, r] : requests_) {
    if (r.msg_id != 0 && (before == 0 || r.msg_id < before)) sent.push_back(id);
  }
  for (RequestId id : sent) {
    const Request& r = requests_.at(id);
    if (r.options.idempotent || r.internal) {
      requeue(id);
    } else {
      fail(id, mtproto_errc::outcome_unknown);
    }
  }
}

void ClientSession::fail(RequestId id, std::error_code ec, std::int32_t bad_msg_code) {
  finish(id, RequestFailedEvent{id, ec, bad_msg_code});
}

// bad_msg_notification 48 names a wrong salt without giving the right one (only
// bad_server_salt does), so the requests wait for get_future_salts.
void ClientSession::wait_for_salt(std::int64_t bad_msg_id) {
  for (RequestId id : sent_as(bad_msg_id)) {
    if (requests_.at(id).internal) {
      requeue(id);
    } else if (unsend(id)) {
      salt_waiters_.push_back(id);
    }
  }
  service_.resend(bad_msg_id);
  if (salt_request_ || salt_waiters_.empty()) return;
  salt_request_ = enqueue_internal(tl::serialize(tl::functions::GetFutureSalts{kFutureSaltsWanted}));
}

void ClientSession::release_salt_waiters() {
  queue_.insert(queue_.begin(), salt_waiters_.begin(), salt_waiters_.end());
  salt_waiters_.clear();
}

void ClientSession::change_salt(std::int64_t salt) {
  session_.set_salt(salt);
  release_salt_waiters();
}

void ClientSession::adopt_due_salt(Time now) {
  if (auto due = salts_.take_due(unix_seconds(now) + session_.time_offset())) {
    if (*due != session_.salt()) change_salt(*due);
  }
}

}  // namespace layer::mtproto
