// DcSession's connection lifecycle: connect, key exchange, initConnection,
// the read and write loops, keepalive, backoff (see dc_session.hpp).
#include "dc_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <string>
#include <utility>
#include <variant>

#include "handshake.hpp"
#include "layer/mtproto/transport/errors.hpp"
#include "layer/tl/codec.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/layer.hpp"

namespace layer::client::detail {
namespace {

namespace asio = boost::asio;
using asio::experimental::awaitable_operators::operator||;

// A connection that has received nothing for this long past a ping is dead.
constexpr std::chrono::seconds kSilenceAfterPing{30};
// Frames written in one go at most, so one write never holds all of a burst.
constexpr std::size_t kWriteBatch = 512 * 1024;

}  // namespace

DcSession::DcSession(asio::any_io_executor strand, Environment environment, std::int32_t dc_id,
                     std::optional<DcAuth> stored, Hooks hooks)
    : strand_(std::move(strand)),
      environment_(std::move(environment)),
      config_(*environment_.config),
      clock_(*environment_.clock),
      rng_(*environment_.rng),
      dc_id_(dc_id),
      hooks_(std::move(hooks)),
      backoff_(config_.reconnect_delay, config_.max_reconnect_delay),
      wake_(std::make_shared<Signal>(strand_)) {
  if (stored) {
    authorized_ = stored->authorized;
    if (config_.pfs)
      perm_key_.emplace(std::move(stored->session.key));
    else
      session_.emplace(std::move(stored->session), rng_);
  }
}

void DcSession::start() {
  asio::co_spawn(
      strand_, [self = shared_from_this()] { return self->run(); }, asio::detached);
}

void DcSession::close() {
  asio::dispatch(strand_, [self = shared_from_this()] {
    if (self->closed_) return;
    self->closed_ = true;
    if (self->connection_) self->connection_->close();
    self->wake_->notify();
  });
}

asio::awaitable<void> DcSession::state_changed() {
  if (state_ == ConnectionState::closed) co_return;
  auto signal = std::make_shared<Signal>(strand_);
  state_waiters_.push_back(signal);
  co_await signal->wait();
}

asio::awaitable<void> DcSession::set_authorized(bool authorized) {
  authorized_ = authorized;
  co_await save();
}

asio::awaitable<void> DcSession::run() {
  while (!closed_) {
    const auto reason = co_await connect_once();
    if (closed_) break;
    last_error_ = reason;
    if (std::exchange(perm_key_refused_, false)) {
      log("dc " + std::to_string(dc_id_) + ": the server forgot our permanent key; making a new one");
      forget_key();
    } else if (reason == mtproto::transport::transport_errc::auth_key_not_found) {
      if (config_.pfs) {
        log("dc " + std::to_string(dc_id_) + ": the server forgot our temporary key; making a new one");
        drop_session();
      } else {
        log("dc " + std::to_string(dc_id_) + ": the server forgot our key; making a new one");
        forget_key();
      }
    }
    if (std::exchange(renewing_, false)) continue;  // a planned end: the next connection comes at once
    const auto now = clock_.now();
    const auto delay = backoff_.next(rng_);
    const auto retry_at = now.mono + delay;
    publish(ConnectionState::waiting_for_network, reason, now.wall + delay);
    while (!closed_ && clock_.now().mono < retry_at) co_await wait_until(wake_, clock_, retry_at);
  }
  publish(ConnectionState::closed, last_error_);
  fail_all(fatal_.value_or(Error{client_errc::client_closed, {}}));
}

asio::awaitable<std::error_code> DcSession::connect_once() {
  publish(ConnectionState::connecting, last_error_);
  const auto address = hooks_.address(dc_id_);
  if (!address) {
    fatal_ = Error{client_errc::unknown_dc, {}};
    closed_ = true;
    co_return make_error_code(client_errc::unknown_dc);
  }
  Connection connection(strand_, config_.transport, rng_);
  connection_ = &connection;
  struct Detach {
    Connection*& slot;
    ~Detach() { slot = nullptr; }
  } detach{connection_};

  if (auto ec = co_await connection.connect(*address, clock_, config_.connect_timeout)) co_return ec;
  const auto keyed =
      config_.pfs ? co_await make_temporary_key(connection) : co_await make_permanent_key(connection);
  if (keyed) co_return keyed;
  if (init_request_) session_->cancel(*init_request_);
  init_request_.reset();
  // Under PFS, initConnection waits for the binding (on_bind_outcome).
  if (!temp_ || temp_->bound) start_session();
  last_received_ = clock_.now().mono;
  next_ping_ = last_received_ + config_.ping_interval;

  auto ended = co_await (read_loop(connection) || write_loop(connection));
  connection.close();
  ready_ = false;
  session_->on_disconnect();
  deliver();
  co_await save();
  co_return std::visit([](std::error_code ec) { return ec; }, ended);
}

asio::awaitable<std::error_code> DcSession::make_permanent_key(Connection& connection) {
  if (session_) co_return std::error_code{};
  publish(ConnectionState::handshaking);
  auto done = co_await exchange_keys(connection, {dc_id_, config_.server_keys, std::nullopt}, rng_, clock_);
  if (!done) co_return done.error();
  session_.emplace(std::move(done->auth_key), done->first_salt,
                   static_cast<std::int32_t>(done->time_offset.count()), rng_);
  co_await save();
  co_return std::error_code{};
}

void DcSession::start_session() {
  init_request_ = session_->enqueue(init_connection(), idempotent_call());
}

asio::awaitable<std::error_code> DcSession::read_loop(Connection& connection) {
  for (;;) {
    auto packet = co_await connection.receive();
    if (!packet) co_return packet.error();
    const auto now = clock_.now();
    last_received_ = now.mono;
    if (auto ec = session_->on_received(*packet, now)) {
      // A packet that fails the checks is an attack or a broken stream: this
      // connection cannot be trusted further.
      log("dc " + std::to_string(dc_id_) + ": dropped a packet: " + ec.message());
      co_return ec;
    }
    deliver();
    wake_->notify();
  }
}

asio::awaitable<std::error_code> DcSession::write_loop(Connection& connection) {
  tl::Bytes framed;
  for (;;) {
    const auto now = clock_.now();
    if (now.mono >= last_received_ + config_.ping_interval + kSilenceAfterPing) {
      co_return make_error_code(std::errc::timed_out);
    }
    if (auto due = session_->next_deadline(); due && *due <= now.mono) {
      session_->on_timeout(now);
      deliver();
    }
    if (renewal_due(now.mono)) co_return make_error_code(std::errc::operation_canceled);
    keep_alive(now.mono);
    framed.clear();
    while (framed.size() < kWriteBatch) {
      auto packet = session_->take_output(now);
      if (!packet) break;
      if (auto ec = connection.frame(*packet, framed)) co_return ec;
    }
    if (!framed.empty()) {
      if (auto ec = co_await connection.write(framed)) co_return ec;
      continue;
    }
    auto wake_at = std::min(next_ping_, last_received_ + config_.ping_interval + kSilenceAfterPing);
    if (auto due = session_->next_deadline()) wake_at = std::min(wake_at, *due);
    if (temp_) wake_at = std::min(wake_at, renewing_ ? temp_->replace_at : temp_->renew_at);
    if (!co_await wait_until(wake_, clock_, wake_at))
      co_return make_error_code(std::errc::operation_canceled);
    if (closed_) co_return make_error_code(std::errc::operation_canceled);
  }
}

void DcSession::keep_alive(mtproto::Instant now) {
  if (!ready_ || now < next_ping_) return;
  const auto disconnect_after = config_.ping_interval + kSilenceAfterPing / 2;
  session_->enqueue(tl::serialize(tl::functions::PingDelayDisconnect{
                        ++ping_id_, static_cast<std::int32_t>(disconnect_after.count())}),
                    idempotent_call());
  next_ping_ = now + config_.ping_interval;
}

void DcSession::on_init_outcome(mtproto::Outcome outcome) {
  if (auto* result = std::get_if<mtproto::RpcResultEvent>(&outcome)) {
    // A new session's initConnection on a ready connection changes no state.
    const bool was_ready = std::exchange(ready_, true);
    backoff_.reset();
    if (hooks_.config) hooks_.config(result->body);
    if (!was_ready) publish(ConnectionState::ready);
    submit_waiting();
    wake_->notify();
    return;
  }
  if (auto* error = std::get_if<mtproto::RpcErrorEvent>(&outcome)) {
    log("dc " + std::to_string(dc_id_) + ": initConnection: " + error->error.message);
    // API_ID_INVALID and the like: no retry can mend them.
    if (error->error.code == 400 || error->error.code == 403) {
      fatal_ = rpc_failure(error->error);
      closed_ = true;
      wake_->notify();
    }
  }
  if (connection_) connection_->close();
}

// The server keeps the layer and the client's description per session, so a
// new one is told again; the calls go on meanwhile. An initConnection still
// pending went to the new session with the rest (it is idempotent).
void DcSession::on_session_renewed() {
  if (!init_request_) init_request_ = session_->enqueue(init_connection(), idempotent_call());
  asio::co_spawn(
      strand_, [self = shared_from_this()] { return self->save(); }, asio::detached);
}

tl::Bytes DcSession::init_connection() const {
  tl::functions::InitConnection init;
  init.api_id = config_.api_id;
  init.device_model = config_.device_model;
  init.system_version = config_.system_version;
  init.app_version = config_.app_version;
  init.system_lang_code = config_.system_lang_code;
  init.lang_pack = config_.lang_pack;
  init.lang_code = config_.lang_code;
  init.query = tl::functions::help::GetConfig{};
  return tl::serialize(tl::functions::InvokeWithLayer{tl::layer, std::move(init)});
}

std::optional<DcAuth> DcSession::auth() const {
  if (config_.pfs) {
    if (!perm_key_) return std::nullopt;
    // The salts and the session are the temporary key's, and go with it.
    mtproto::SessionSnapshot snapshot{.key = *perm_key_, .future_salts = {}, .session_id = {}};
    if (session_) snapshot.time_offset = session_->snapshot().time_offset;
    return DcAuth{dc_id_, std::move(snapshot), authorized_};
  }
  if (!session_) return std::nullopt;
  auto snapshot = session_->snapshot();
  // The next process starts a server session of its own: this one's msg_ids
  // and seq_nos stay with this process.
  snapshot.session_id.reset();
  snapshot.content_count = 0;
  return DcAuth{dc_id_, std::move(snapshot), authorized_};
}

asio::awaitable<void> DcSession::save() {
  auto auth = this->auth();
  if (!auth || !hooks_.save) co_return;
  try {
    co_await hooks_.save(std::move(*auth));
  } catch (const std::exception& e) {
    log("dc " + std::to_string(dc_id_) + ": the session could not be stored: " + e.what());
  }
}

void DcSession::publish(ConnectionState state, std::error_code reason,
                        std::optional<mtproto::Time> retry_at) {
  state_ = state;
  if (hooks_.state) hooks_.state(ConnectionEvent{dc_id_, state, reason, retry_at});
  auto waiters = std::move(state_waiters_);
  state_waiters_.clear();
  for (auto& waiter : waiters) waiter->notify();
}

void DcSession::log(std::string_view line) const {
  if (config_.log) config_.log(line);
}

}  // namespace layer::client::detail
