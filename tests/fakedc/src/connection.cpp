#include "connection.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdio>

#include "dc.hpp"
#include "layer/crypto/le.hpp"
#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"
#include "layer/tl/functions/auth.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/names.hpp"
#include "layer/tl/types/root.hpp"
#include "wrappers.hpp"

namespace layer::fakedc {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

// Telegram's transport error for a packet under an auth key it does not know.
constexpr std::int32_t kAuthKeyNotFound = -404;

std::uint64_t load_le64(std::span<const std::byte> b) {
  return crypto::load_le<std::uint64_t>(b);
}

std::string hex_id(std::uint64_t id) {
  char text[19];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(id));
  return text;
}

std::int64_t random_i64(crypto::Rng& rng) {
  std::array<std::byte, 8> b;
  rng.fill(b);
  return static_cast<std::int64_t>(load_le64(b));
}

std::int32_t unix_seconds(mtproto::Time t) {
  return static_cast<std::int32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

}  // namespace

Connection::Connection(Dc& dc, asio::ip::tcp::socket socket, std::uint64_t number)
    : dc_(dc),
      socket_(std::move(socket)),
      wake_writer_(socket_.get_executor(), asio::steady_timer::time_point::max()),
      name_("dc" + std::to_string(dc.id()) + "#" + std::to_string(number)),
      // Padded intermediate with at most 3 bytes of padding: Telethon strips only len % 4.
      transport_(mtproto::transport::ServerOptions{.codec = {.max_padding = 3}}, *dc.shared().rng) {}

void Connection::start() {
  last_activity_ = dc_.shared().timers.elapsed();
  watch();
  auto spawn = [&](asio::awaitable<void> (Connection::*loop)()) {
    asio::co_spawn(
        socket_.get_executor(), [self = shared_from_this(), loop] { return ((*self).*loop)(); },
        [](const std::exception_ptr&) {});
  };
  spawn(&Connection::read_loop);
  spawn(&Connection::write_loop);
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  wake_writer_.cancel();
  deadline_.reset();
}

void Connection::log(const std::string& line) const {
  dc_.log(name_ + ": " + line);
}

void Connection::drop(const std::string& reason) {
  if (close_after_write_ || closed_) return;
  log("closing: " + reason);
  close_after_write_ = true;
  wake_writer_.cancel();
}

asio::awaitable<void> Connection::read_loop() {
  std::vector<std::byte> buffer(64 * 1024);
  try {
    while (!closed_ && !close_after_write_) {
      const std::size_t n = co_await socket_.async_read_some(asio::buffer(buffer), asio::use_awaitable);
      last_activity_ = dc_.shared().timers.elapsed();
      std::span<const std::byte> in(buffer.data(), n);
      for (;;) {
        auto decoded = transport_.decode(in);
        if (!decoded) {
          drop("transport: " + decoded.error().message());
          co_return;
        }
        in = in.subspan(decoded->consumed);
        if (!decoded->frame) break;
        if (auto reason = on_payload(decoded->frame->payload); !reason.empty()) {
          drop(reason);
          co_return;
        }
      }
      flush();
    }
  } catch (const boost::system::system_error& e) {
    if (!closed_) log("disconnected: " + e.code().message());
    close();
  }
}

asio::awaitable<void> Connection::write_loop() {
  try {
    while (!closed_) {
      if (pending_.empty()) {
        if (close_after_write_) break;
        boost::system::error_code woken;
        co_await wake_writer_.async_wait(asio::redirect_error(asio::use_awaitable, woken));
        continue;
      }
      const tl::Bytes out = std::exchange(pending_, {});
      co_await asio::async_write(socket_, asio::buffer(out), asio::use_awaitable);
    }
  } catch (const boost::system::system_error&) {
  }
  close();
}

Timers::Duration Connection::deadline() const {
  const Timers::Duration idle = last_activity_ + dc_.shared().options.idle_timeout;
  return ping_deadline_ ? std::min(idle, *ping_deadline_) : idle;
}

void Connection::watch() {
  Timers& timers = dc_.shared().timers;
  // Reads only move last_activity_; when the alarm fires early it is set again
  // for the deadline as it is then, so traffic costs no timer operations.
  deadline_ = timers.after(deadline() - timers.elapsed(), [weak = weak_from_this()] {
    const auto self = weak.lock();
    if (!self || self->closed_) return;
    const auto due = self->deadline();
    if (due > self->dc_.shared().timers.elapsed()) {
      self->watch();
      return;
    }
    self->drop(self->ping_deadline_ && *self->ping_deadline_ <= due ? "no ping_delay_disconnect in time"
                                                                    : "idle");
  });
}

std::string Connection::on_payload(std::span<const std::byte> payload) {
  if (!announced_transport_ && transport_.kind()) {
    announced_transport_ = true;
    log("transport " + std::string(mtproto::transport::to_string(*transport_.kind())));
  }
  const Kind kind = *transport_.kind();
  if (mtproto::transport::framing_of(kind) == Kind::padded)
    payload = mtproto::transport::without_padding(payload);
  if (payload.size() < 8) return "a packet of " + std::to_string(payload.size()) + " bytes";
  return load_le64(payload) == 0 ? on_plain(payload) : on_encrypted(payload);
}

std::string Connection::on_plain(std::span<const std::byte> packet) {
  const auto message = plain_.unpack_plain(packet);
  if (!message) return "plain message: " + message.error().message();
  if (!handshake_ || handshake_->finished()) {
    handshake_.emplace(dc_.shared().rsa, mtproto::handshake::ServerOptions{.dc_id = dc_.id()});
  }
  const auto now = dc_.shared().now();
  const auto answer = handshake_->on_message(message->body, *dc_.shared().rng, now);
  if (!answer) return "key exchange: " + answer.error().message();
  send(plain_.pack_plain(std::span<const std::byte>(*answer), now));
  if (handshake_->finished() && handshake_->result()) {
    const auto& result = *handshake_->result();
    const auto& entry = dc_.shared().world.add_key(
        dc_.id(),
        {result.auth_key, result.first_salt, result.expires_in, {}, {}, {}, dc_.shared().world.now()});
    log("auth key " + hex_id(entry.key.id()) +
        (result.expires_in ? " (temporary, " + std::to_string(*result.expires_in) + " s)" : std::string()));
  }
  return {};
}

std::string Connection::on_encrypted(std::span<const std::byte> packet) {
  const std::uint64_t key_id = load_le64(packet);
  if (!session_ || key_id != auth_key_id_) {
    const KeyRecord* entry = dc_.shared().world.key(dc_.id(), key_id);
    if (entry == nullptr) {
      (void)transport_.encode_error(kAuthKeyNotFound, pending_);
      return "unknown auth key " + hex_id(key_id);
    }
    session_.emplace(entry->key, entry->salt, *dc_.shared().rng);
    auth_key_id_ = key_id;
    session_announced_ = false;
  }
  use_current_salt(*dc_.shared().world.key(dc_.id(), key_id));
  tl::Bytes copy(packet.begin(), packet.end());
  if (const auto ec = session_->on_received(copy, dc_.shared().now())) {
    return "encrypted packet: " + ec.message();
  }
  while (auto request = session_->next_request()) serve(*request);
  while (auto bad = session_->next_undecodable()) {
    log("undecodable message " + std::to_string(bad->msg_id) + " (" + std::to_string(bad->body.size()) +
        " bytes): " + bad->error.message());
  }
  return {};
}

void Connection::use_current_salt(KeyRecord& key) {
  World& world = dc_.shared().world;
  if (dc_.shared().faults.take_bad_salt()) {
    // A new salt schedule: the client's packet, stamped with the old salt, is
    // answered with bad_server_salt.
    key.salt = random_i64(*dc_.shared().rng);
    key.salts_since = world.now();
  }
  const std::int32_t hour = world.salt_hour(key);
  session_->set_salt(world.salt(key, hour));
  // The previous hour's salt stays good for the first half hour of the next.
  const bool grace =
      hour > 0 && world.now() - (key.salts_since + hour * World::kSaltHour) < World::kSaltHour / 2;
  session_->also_accept_salt(grace ? std::optional(world.salt(key, hour - 1)) : std::nullopt);
}

void Connection::serve(const mtproto::IncomingRequest& request) {
  if (!session_announced_) {
    session_announced_ = true;
    session_->send_new_session_created(request.msg_id, random_i64(*dc_.shared().rng));
  }
  if (serve_service(request)) return;
  auto answer = this->answer(request);
  if (dc_.shared().faults.take_restart()) {
    asio::post(socket_.get_executor(), dc_.shared().restart);
  }
  if (!answer) return;
  if (answer->delay.count() > 0) {
    reply_later(request.msg_id, std::move(*answer));
  } else {
    reply(request.msg_id, *answer);
  }
}

std::optional<Connection::Answer> Connection::answer(const mtproto::IncomingRequest& request) {
  Answer out;
  try {
    const Peeled peeled = peel_wrappers(request.body);
    if (peeled.layer) layer_ = *peeled.layer;
    if (peeled.client) {
      log("client api_id " + std::to_string(peeled.client->api_id) + ", " + peeled.client->device_model +
          ", " + peeled.client->app_version + ", layer " + std::to_string(layer_) +
          (dc_.shared().translator->translates(layer_) ? " (translated)" : ""));
    }
    const auto translated = in_our_layer(peeled.query);
    const std::span<const std::byte> query =
        translated ? std::span<const std::byte>(*translated) : peeled.query;
    const Call call{.dc_id = dc_.id(),
                    .layer = layer_,
                    .auth_key_id = auth_key_id_,
                    .session_id = session_->session().session_id().value_or(0),
                    .msg_id = request.msg_id,
                    .query = query,
                    .key = dc_.shared().world.authority(dc_.id(), auth_key_id_),
                    .defer = [this, msg_id = request.msg_id, query] { return responder(msg_id, query); }};
    const auto method = tl::name_for_id(call.constructor()).value_or("?");
    const CallFault fault = dc_.shared().faults.on_call(dc_.id(), method);
    if (fault.drop) {
      drop("fault: drop_after reached at " + std::string(method));
      return std::nullopt;
    }
    if (fault.resend) {
      log("fault: msg_resend_req for " + std::string(method));
      session_->request_resend({request.msg_id});
      return std::nullopt;
    }
    out.delay = fault.delay;
    if (fault.error) throw RpcFailure(fault.error->first, fault.error->second);
    const bool binding = call.constructor() == fn::auth::BindTempAuthKey::ID;
    out.result =
        in_client_layer(query, binding ? bind_temp_key(request, query) : dc_.dispatcher().dispatch(call));
  } catch (const Deferred&) {
    return std::nullopt;
  } catch (const RpcFailure& failure) {
    out.error = {failure.code(), failure.name()};
  } catch (const tl::DecodeError& e) {
    log(std::string("undecodable call: ") + e.what());
    out.error = {400, "INPUT_FETCH_ERROR"};
  } catch (const LayerMismatch& e) {
    log(std::string("layer ") + std::to_string(layer_) + ": " + e.what());
    out.error = {400, "INPUT_LAYER_INVALID"};
  } catch (const std::exception& e) {
    log(std::string("handler failed: ") + e.what());
    out.error = {500, "INTERNAL"};
  }
  return out;
}

void Connection::reply(std::int64_t msg_id, const Answer& answer) {
  if (answer.error) {
    session_->reply_error(msg_id, answer.error->first, answer.error->second);
  } else {
    session_->reply(msg_id, answer.result);
  }
}

Responder Connection::responder(std::int64_t msg_id, std::span<const std::byte> query) {
  return Responder([weak = weak_from_this(), msg_id, query = tl::Bytes(query.begin(), query.end())](
                       std::optional<tl::Bytes> result, std::int32_t code, const std::string& name) {
    const auto self = weak.lock();
    if (!self || self->closed_ || !self->session_) return;
    Answer answer;
    if (result) {
      try {
        answer.result = self->in_client_layer(query, std::move(*result));
      } catch (const LayerMismatch& e) {
        self->log(std::string("layer ") + std::to_string(self->layer_) + ": " + e.what());
        answer.error = {500, "INTERNAL"};
      }
    } else {
      answer.error = {code, name};
    }
    self->reply(msg_id, answer);
    self->flush();
  });
}

void Connection::reply_later(std::int64_t msg_id, Answer answer) {
  dc_.shared().timers.after_detached(answer.delay, [self = shared_from_this(), msg_id, answer] {
    if (self->closed_ || !self->session_) return;
    self->reply(msg_id, answer);
    self->flush();
  });
}

bool Connection::serve_service(const mtproto::IncomingRequest& request) {
  const auto id = Call{.query = request.body}.constructor();
  const auto now = dc_.shared().now();
  if (id == fn::PingDelayDisconnect::ID) {
    const auto ping = tl::deserialize<fn::PingDelayDisconnect>(request.body);
    session_->push_update(tl::serialize(types::Pong{request.msg_id, ping.ping_id}));
    ping_deadline_ = dc_.shared().timers.elapsed() + std::chrono::seconds(ping.disconnect_delay);
    watch();
    return true;
  }
  if (id == fn::GetFutureSalts::ID) {
    // The salts of the coming hours, each good for half an hour past its own.
    const auto call = tl::deserialize<fn::GetFutureSalts>(request.body);
    World& world = dc_.shared().world;
    const KeyRecord& key = *world.key(dc_.id(), auth_key_id_);
    const std::int32_t first = world.salt_hour(key);
    types::FutureSalts salts{request.msg_id, unix_seconds(now), {}};
    for (std::int32_t h = first; h < first + std::clamp(call.num, 1, 64); ++h) {
      const std::int32_t since = key.salts_since + h * World::kSaltHour;
      salts.salts.push_back(types::FutureSalt{since, since + World::kSaltHour * 3 / 2, world.salt(key, h)});
    }
    session_->push_update(tl::serialize(salts));
    return true;
  }
  if (id == fn::DestroySession::ID) {
    const auto call = tl::deserialize<fn::DestroySession>(request.body);
    const bool ours = call.session_id == session_->session().session_id();
    session_->reply(
        request.msg_id,
        ours ? tl::serialize(tl::enums::DestroySessionRes(types::DestroySessionOk{call.session_id}))
             : tl::serialize(tl::enums::DestroySessionRes(types::DestroySessionNone{call.session_id})));
    return true;
  }
  return false;
}

tl::Bytes Connection::bind_temp_key(const mtproto::IncomingRequest& request,
                                    std::span<const std::byte> query) {
  const auto call = tl::deserialize<fn::auth::BindTempAuthKey>(query);
  KeyRecord* perm = dc_.shared().world.key(dc_.id(), static_cast<std::uint64_t>(call.perm_auth_key_id));
  KeyRecord* temp = dc_.shared().world.key(dc_.id(), auth_key_id_);
  if (perm == nullptr || temp == nullptr || perm->expires_in || !temp->expires_in) {
    throw RpcFailure(400, "ENCRYPTED_MESSAGE_INVALID");
  }
  const mtproto::handshake::BindContext context{perm->key, temp->key,
                                                session_->session().session_id().value_or(0), request.msg_id};
  const auto bound = mtproto::handshake::verify_bind_temp_auth_key(call, context);
  if (!bound) {
    log("auth.bindTempAuthKey rejected: " + bound.error().message());
    throw RpcFailure(400, "ENCRYPTED_MESSAGE_INVALID");
  }
  temp->bound_to = perm->key.id();
  log("temporary key " + hex_id(temp->key.id()) + " bound to " + hex_id(perm->key.id()));
  return tl::serialize(true);
}

std::optional<tl::Bytes> Connection::in_our_layer(std::span<const std::byte> query) const {
  if (!dc_.shared().translator->translates(layer_)) return std::nullopt;
  try {
    return dc_.shared().translator->request_to_current(layer_, query);
  } catch (const tl::DecodeError&) {
    throw;
  } catch (const std::exception& e) {
    throw LayerMismatch(e.what());
  }
}

tl::Bytes Connection::in_client_layer(std::span<const std::byte> query, tl::Bytes result) const {
  if (!dc_.shared().translator->translates(layer_)) return result;
  try {
    return dc_.shared().translator->result_to_layer(layer_, query, result);
  } catch (const std::exception& e) {
    throw LayerMismatch(std::string("answer: ") + e.what());
  }
}

void Connection::push(std::int64_t account, std::span<const std::byte> updates, std::int64_t skip_session) {
  if (!session_ || closed_ || close_after_write_) return;
  if (session_->session().session_id() == skip_session) return;
  const KeyRecord* key = dc_.shared().world.authority(dc_.id(), auth_key_id_);
  if (key == nullptr || key->account != account) return;
  if (dc_.shared().translator->translates(layer_)) {
    try {
      session_->push_update(dc_.shared().translator->to_layer(layer_, updates));
    } catch (const std::exception& e) {
      // What the client's layer cannot carry is not sent, and says so.
      log(std::string("push not sent: layer ") + std::to_string(layer_) + ": " + e.what());
      return;
    }
  } else {
    session_->push_update(updates);
  }
  flush();
}

void Connection::send(std::span<const std::byte> payload) {
  if (const auto ec = transport_.encode(payload, pending_)) {
    log("cannot frame a packet: " + ec.message());
    return;
  }
  wake_writer_.cancel();
}

void Connection::flush() {
  if (!session_) return;
  const auto now = dc_.shared().now();
  while (auto packet = session_->take_output(now)) send(*packet);
}

}  // namespace layer::fakedc
