// One DC: its auth key, its MTProto session (which outlives connections) and
// the connection of the moment. run() keeps a connection up: connect, key
// exchange when there is no key, initConnection, then the read loop and the
// write loop until the connection ends; then capped exponential backoff and
// again, with the same key and the same session, so the server recognises
// what was sent before (ClientSession asks msgs_state_req and takes the
// server's cached answers; nothing is resent blindly). When ClientSession
// starts a new server session by itself (the server's clock went back), the
// new session gets initConnection again and the corrected offset is stored.
//
// With Config::pfs the session runs on a temporary key made on connect and
// bound to the permanent one (auth.bindTempAuthKey) before initConnection;
// near its expiry new calls wait, the connection ends once the calls in flight
// are answered, and the next connection makes and binds a new key
// (dc_session_pfs.cpp).
//
// call() sends one serialized function and resolves exactly once: result, RPC
// error, timeout, cancellation (the completion handler's cancellation slot:
// ClientSession::cancel underneath, the others undisturbed), the session's
// failure (mtproto_errc::outcome_unknown when the server lost the session and
// the call was not idempotent), or client_closed. Everything runs on one strand.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "backoff.hpp"
#include "connection.hpp"
#include "layer/client/config.hpp"
#include "layer/client/error.hpp"
#include "layer/mtproto/client_session.hpp"
#include "signal.hpp"

namespace layer::client::detail {

// Options of a call the server may safely run twice.
inline mtproto::CallOptions idempotent_call() {
  mtproto::CallOptions options;
  options.idempotent = true;
  return options;
}

using CallHandler = boost::asio::any_completion_handler<void(Result<tl::Bytes>)>;

class DcSession : public std::enable_shared_from_this<DcSession> {
 public:
  struct Hooks {
    // A new key, or the session's state when a connection ends: to be stored.
    std::function<boost::asio::awaitable<void>(DcAuth)> save;
    std::function<std::optional<DcAddress>(std::int32_t dc_id)> address;
    std::function<void(const ConnectionEvent&)> state;
    std::function<void(mtproto::Notice)> notice;
    // The answer to initConnection's help.getConfig on each new connection.
    std::function<void(const tl::Bytes&)> config;
  };

  // What every DC of a client shares; held, so a DcSession may finish closing
  // after its client is gone.
  struct Environment {
    std::shared_ptr<const Config> config;
    std::shared_ptr<Clock> clock;
    std::shared_ptr<crypto::Rng> rng;
  };

  DcSession(boost::asio::any_io_executor strand, Environment environment, std::int32_t dc_id,
            std::optional<DcAuth> stored, Hooks hooks);

  void start();
  // For good: the connection closes and every call resolves with client_closed.
  void close();

  template <class Token = boost::asio::use_awaitable_t<>>
  auto call(tl::Bytes body, mtproto::CallOptions options, std::optional<mtproto::Instant> deadline,
            Token&& token = {}) {
    return boost::asio::async_initiate<Token, void(Result<tl::Bytes>)>(
        [self = shared_from_this()](auto handler, tl::Bytes b, mtproto::CallOptions o,
                                    std::optional<mtproto::Instant> d) {
          boost::asio::any_io_executor resume_on =
              boost::asio::get_associated_executor(handler, self->strand_);
          self->start_call(CallHandler(std::move(handler)), std::move(resume_on), std::move(b), o, d);
        },
        token, std::move(body), options, deadline);
  }

  // Resolves at the next change of state() (at once when closed).
  boost::asio::awaitable<void> state_changed();

  std::int32_t dc_id() const noexcept { return dc_id_; }
  ConnectionState state() const noexcept { return state_; }
  std::error_code last_error() const noexcept { return last_error_; }
  const std::optional<Error>& fatal_error() const noexcept { return fatal_; }
  bool authorized() const noexcept { return authorized_; }
  // Marks the key signed in (or not) and stores it so.
  boost::asio::awaitable<void> set_authorized(bool authorized);
  std::size_t calls() const noexcept { return calls_.size(); }

 private:
  using CallId = std::uint64_t;
  struct PendingCall {
    PendingCall(tl::Bytes b, mtproto::CallOptions o, CallHandler h, boost::asio::any_io_executor e,
                boost::asio::cancellation_slot s)
        : body(std::move(b)), options(o), handler(std::move(h)), resume_on(std::move(e)), slot(s) {}
    PendingCall(PendingCall&&) noexcept = default;
    PendingCall& operator=(PendingCall&&) = delete;  // see start_call

    tl::Bytes body;  // until it is in the session; an idempotent call's stays, to go again with a new key
    mtproto::CallOptions options;
    CallHandler handler;
    boost::asio::any_io_executor resume_on;  // the caller's executor
    boost::asio::cancellation_slot slot;
    std::optional<mtproto::RequestId> request;
    std::shared_ptr<void> alarm;  // the deadline's
  };

  void start_call(CallHandler handler, boost::asio::any_io_executor resume_on, tl::Bytes body,
                  mtproto::CallOptions options, std::optional<mtproto::Instant> deadline);
  void submit(CallId id);
  void submit_waiting();
  void complete(CallId id, Result<tl::Bytes> result);
  void abandon(CallId id, client_errc why);
  void fail_all(const Error& error);
  void deliver();
  void on_outcome(mtproto::Outcome outcome);
  void on_init_outcome(mtproto::Outcome outcome);
  // ClientSession started a new server session (the server's clock went back).
  void on_session_renewed();
  void on_bind_outcome(mtproto::Outcome outcome);
  // The session goes, and with it what the server knew of the calls in it.
  void drop_session();
  // The permanent key goes too: the server no longer knows it.
  void forget_key();

  boost::asio::awaitable<void> run();
  boost::asio::awaitable<std::error_code> connect_once();
  boost::asio::awaitable<std::error_code> make_permanent_key(Connection& connection);
  boost::asio::awaitable<std::error_code> make_temporary_key(Connection& connection);
  void start_session();
  // Whether the temporary key is due for renewal and the connection should end.
  bool renewal_due(mtproto::Instant now);
  boost::asio::awaitable<std::error_code> read_loop(Connection& connection);
  boost::asio::awaitable<std::error_code> write_loop(Connection& connection);
  void keep_alive(mtproto::Instant now);
  tl::Bytes init_connection() const;
  std::optional<DcAuth> auth() const;
  boost::asio::awaitable<void> save();
  void publish(ConnectionState state, std::error_code reason = {},
               std::optional<mtproto::Time> retry_at = {});
  void log(std::string_view line) const;

  boost::asio::any_io_executor strand_;
  Environment environment_;
  const Config& config_;
  Clock& clock_;
  crypto::Rng& rng_;
  std::int32_t dc_id_;
  Hooks hooks_;
  Backoff backoff_;
  std::optional<mtproto::ClientSession> session_;
  // PFS only: the permanent key, which the session's (temporary) key is bound to.
  std::optional<crypto::AuthKey> perm_key_;
  struct TemporaryKey {
    mtproto::Instant renew_at;    // new calls wait from here on
    mtproto::Instant replace_at;  // the connection ends even with calls in flight
    bool bound = false;
  };
  std::optional<TemporaryKey> temp_;
  std::optional<mtproto::RequestId> bind_request_;
  bool renewing_ = false;
  bool perm_key_refused_ = false;
  bool authorized_ = false;
  std::optional<mtproto::RequestId> init_request_;
  Connection* connection_ = nullptr;
  std::shared_ptr<Signal> wake_;
  std::vector<std::shared_ptr<Signal>> state_waiters_;
  CallId next_call_ = 1;
  std::unordered_map<CallId, PendingCall> calls_;
  std::unordered_map<mtproto::RequestId, CallId> by_request_;
  std::deque<CallId> waiting_;  // not in the session yet: submitted once ready
  ConnectionState state_ = ConnectionState::connecting;
  std::error_code last_error_;
  std::optional<Error> fatal_;
  bool ready_ = false;
  bool closed_ = false;
  mtproto::Instant last_received_{};
  mtproto::Instant next_ping_{};
  std::int64_t ping_id_ = 0;
};

}  // namespace layer::client::detail
