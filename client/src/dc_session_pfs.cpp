// DcSession under perfect forward secrecy (Config::pfs): the permanent key is
// made once and stored; each session runs on a temporary key made on connect,
// bound to the permanent one before initConnection, and replaced before it
// expires (see dc_session.hpp).
#include <algorithm>
#include <string>

#include "dc_session.hpp"
#include "handshake.hpp"
#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"
#include "layer/tl/codec.hpp"

namespace layer::client::detail {
namespace {

namespace asio = boost::asio;

constexpr std::chrono::seconds kShortestLifetime{60};

}  // namespace

asio::awaitable<std::error_code> DcSession::make_temporary_key(Connection& connection) {
  const auto lifetime = std::max(config_.temp_key_lifetime, kShortestLifetime);
  if (session_ && temp_ && clock_.now().mono >= temp_->renew_at) {
    log("dc " + std::to_string(dc_id_) + ": the temporary key is due for renewal");
    drop_session();
  } else if (session_ && temp_ && !temp_->bound && !bind_request_) {
    log("dc " + std::to_string(dc_id_) + ": the temporary key was never bound; making another");
    drop_session();
  }
  if (!perm_key_) {
    publish(ConnectionState::handshaking);
    auto done = co_await exchange_keys(connection, {dc_id_, config_.server_keys, std::nullopt}, rng_, clock_);
    if (!done) co_return done.error();
    perm_key_.emplace(std::move(done->auth_key));
    co_await save();
  }
  if (session_) co_return std::error_code{};

  publish(ConnectionState::handshaking);
  const KeyExchange temporary{dc_id_, config_.server_keys, static_cast<std::int32_t>(lifetime.count())};
  auto done = co_await exchange_keys(connection, temporary, rng_, clock_);
  if (!done) co_return done.error();
  const auto now = clock_.now();
  session_.emplace(std::move(done->auth_key), done->first_salt,
                   static_cast<std::int32_t>(done->time_offset.count()), rng_);
  // Renewal starts at 90 % of the lifetime; at 95 % the connection ends even
  // with calls in flight, before the server stops knowing the key.
  temp_ = TemporaryKey{now.mono + lifetime * 9 / 10, now.mono + lifetime * 19 / 20};
  const auto expires_at = now.wall + done->time_offset + lifetime;
  bind_request_ = session_->enqueue_built(
      mtproto::handshake::bind_temp_auth_key_body(*perm_key_, session_->session(), expires_at, rng_),
      idempotent_call());
  co_return std::error_code{};
}

void DcSession::on_bind_outcome(mtproto::Outcome outcome) {
  if (auto* result = std::get_if<mtproto::RpcResultEvent>(&outcome)) {
    // Only boolTrue binds: anything else leaves the temporary key unbound,
    // and calls under it would run as nobody's.
    const auto bound = tl::try_deserialize<bool>(result->body);
    if (bound == true) {
      temp_->bound = true;
      start_session();
      wake_->notify();
      return;
    }
    log("dc " + std::to_string(dc_id_) + ": auth.bindTempAuthKey answered " +
        (bound ? std::string("boolFalse")
               : "with " + std::to_string(result->body.size()) + " undecodable bytes"));
  }
  if (auto* error = std::get_if<mtproto::RpcErrorEvent>(&outcome)) {
    log("dc " + std::to_string(dc_id_) + ": auth.bindTempAuthKey: " + error->error.message);
    // The server cannot read the binding under the permanent key it names:
    // it no longer knows that key (forgotten once this connection has ended).
    if (error->error.message == "ENCRYPTED_MESSAGE_INVALID") perm_key_refused_ = true;
  }
  if (connection_) connection_->close();
}

bool DcSession::renewal_due(mtproto::Instant now) {
  if (!temp_ || now < temp_->renew_at) return false;
  if (!renewing_) {
    renewing_ = true;
    ready_ = false;  // new calls wait for the next key
  }
  return by_request_.empty() || now >= temp_->replace_at;
}

}  // namespace layer::client::detail
