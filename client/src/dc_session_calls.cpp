// DcSession's bookkeeping of calls: each pending call from start_call to the
// one completion it gets, whatever ends it (an outcome, its cancellation slot,
// its deadline, a lost key, close).
#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <utility>
#include <variant>
#include <vector>

#include "dc_session.hpp"
#include "layer/mtproto/errors.hpp"

namespace layer::client::detail {
namespace {

namespace asio = boost::asio;

Result<tl::Bytes> to_result(mtproto::Outcome&& outcome) {
  if (auto* result = std::get_if<mtproto::RpcResultEvent>(&outcome)) return std::move(result->body);
  if (auto* error = std::get_if<mtproto::RpcErrorEvent>(&outcome))
    return rpc_failure(std::move(error->error));
  if (auto* failed = std::get_if<mtproto::RequestFailedEvent>(&outcome)) return Error{failed->error, {}};
  return Error{client_errc::request_cancelled, {}};
}

// The caller resumes on its own executor, never inside our bookkeeping.
void resume(CallHandler handler, Result<tl::Bytes> result, const asio::any_io_executor& executor) {
  asio::post(executor, [handler = std::move(handler), result = std::move(result)]() mutable {
    std::move(handler)(std::move(result));
  });
}

}  // namespace

void DcSession::start_call(CallHandler handler, asio::any_io_executor resume_on, tl::Bytes body,
                           mtproto::CallOptions options, std::optional<mtproto::Instant> deadline) {
  asio::dispatch(
      strand_, [self = shared_from_this(), handler = std::move(handler), resume_on = std::move(resume_on),
                body = std::move(body), options, deadline]() mutable {
        if (self->closed_) {
          resume(std::move(handler), self->fatal_.value_or(Error{client_errc::client_closed, {}}), resume_on);
          return;
        }
        const CallId id = self->next_call_++;
        auto slot = handler.get_cancellation_slot();
        // Built in place: Boost 1.81's any_completion_handler move assignment
        // wraps the handler in another instead of moving it.
        auto& call = self->calls_
                         .emplace(std::piecewise_construct, std::forward_as_tuple(id),
                                  std::forward_as_tuple(std::move(body), options, std::move(handler),
                                                        std::move(resume_on), slot))
                         .first->second;
        const std::weak_ptr<DcSession> weak = self;
        if (call.slot.is_connected()) {
          call.slot.assign([weak, id, strand = self->strand_](asio::cancellation_type) {
            asio::post(strand, [weak, id] {
              if (auto s = weak.lock()) s->abandon(id, client_errc::request_cancelled);
            });
          });
        }
        if (deadline) {
          call.alarm = self->clock_.at(*deadline, self->strand_, [weak, id] {
            if (auto s = weak.lock()) s->abandon(id, client_errc::request_timeout);
          });
        }
        if (self->ready_) {
          self->submit(id);
          self->wake_->notify();
        } else {
          self->waiting_.push_back(id);
        }
      });
}

void DcSession::submit(CallId id) {
  auto& call = calls_.at(id);
  tl::Bytes body = call.options.idempotent ? call.body : std::move(call.body);
  call.request = session_->enqueue(std::move(body), call.options);
  by_request_[*call.request] = id;
}

void DcSession::submit_waiting() {
  while (!waiting_.empty()) {
    const CallId id = waiting_.front();
    waiting_.pop_front();
    if (auto it = calls_.find(id); it != calls_.end() && !it->second.request) submit(id);
  }
}

void DcSession::complete(CallId id, Result<tl::Bytes> result) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  PendingCall call = std::move(it->second);
  calls_.erase(it);
  if (call.request) by_request_.erase(*call.request);
  if (call.slot.is_connected()) call.slot.clear();
  call.alarm.reset();
  resume(std::move(call.handler), std::move(result), call.resume_on);
}

void DcSession::abandon(CallId id, client_errc why) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  if (it->second.request && session_) {
    session_->cancel(*it->second.request);
    wake_->notify();
  }
  complete(id, Error{why, {}});
}

void DcSession::fail_all(const Error& error) {
  std::vector<CallId> ids;
  ids.reserve(calls_.size());
  for (const auto& [id, call] : calls_) ids.push_back(id);
  for (const CallId id : ids) complete(id, error);
  waiting_.clear();
}

void DcSession::deliver() {
  if (!session_) return;
  while (auto outcome = session_->next_outcome()) on_outcome(std::move(*outcome));
  while (auto notice = session_->next_notice()) {
    if (std::holds_alternative<mtproto::SessionRenewedEvent>(*notice)) on_session_renewed();
    if (hooks_.notice) hooks_.notice(std::move(*notice));
  }
}

void DcSession::on_outcome(mtproto::Outcome outcome) {
  const auto request = mtproto::request_of(outcome);
  if (init_request_ && request == *init_request_) {
    init_request_.reset();
    on_init_outcome(std::move(outcome));
    return;
  }
  if (bind_request_ && request == *bind_request_) {
    bind_request_.reset();
    on_bind_outcome(std::move(outcome));
    return;
  }
  auto it = by_request_.find(request);
  if (it == by_request_.end()) return;  // a keepalive ping's pong, or a call already abandoned
  complete(it->second, to_result(std::move(outcome)));
}

// The session is gone with everything the server knew of it: idempotent calls
// go again in the next one, the others cannot know whether they ran.
void DcSession::drop_session() {
  std::vector<CallId> again;
  std::vector<CallId> unknown;
  for (auto& [id, call] : calls_) {
    if (!call.request) continue;
    call.request.reset();
    (call.options.idempotent ? again : unknown).push_back(id);
  }
  by_request_.clear();
  std::sort(again.begin(), again.end());  // call ids grow: the callers' order
  for (auto it = again.rbegin(); it != again.rend(); ++it) waiting_.push_front(*it);
  for (const CallId id : unknown) complete(id, Error{mtproto::mtproto_errc::outcome_unknown, {}});
  session_.reset();
  init_request_.reset();
  bind_request_.reset();
  temp_.reset();
}

void DcSession::forget_key() {
  drop_session();
  perm_key_.reset();
  authorized_ = false;
}

}  // namespace layer::client::detail
