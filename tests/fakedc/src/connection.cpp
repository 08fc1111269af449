#include "connection.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdio>

#include "dc.hpp"
#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/le.hpp"
#include "layer/crypto/mtproto_kdf.hpp"
#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"

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

// AES-IGE under the packet's own msg_key undoes the decryption that a session
// did in place before it found the packet was not its own.
void encrypt_again(const crypto::AuthKey& key, std::span<std::byte> packet) {
  constexpr std::size_t kKeyId = 8;
  crypto::MsgKey msg_key;
  std::copy_n(packet.begin() + kKeyId, msg_key.size(), msg_key.begin());
  const auto kiv = crypto::message_key_iv(key, msg_key, crypto::Direction::client_to_server);
  (void)crypto::aes_ige_encrypt(kiv.key.span(), kiv.iv.span(), packet.subspan(kKeyId + msg_key.size()));
}

std::int32_t unix_seconds(mtproto::Time t) {
  return static_cast<std::int32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

std::int64_t random_i64(crypto::Rng& rng) {
  std::array<std::byte, 8> b;
  rng.fill(b);
  return static_cast<std::int64_t>(load_le64(b));
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
        [self = shared_from_this()](const std::exception_ptr& error) {
          if (error) self->fail(error);
        });
  };
  spawn(&Connection::read_loop);
  spawn(&Connection::write_loop);
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  let_go();
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  wake_writer_.cancel();
  deadline_.reset();
}

std::string Connection::hex_id(std::uint64_t id) {
  char text[19];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(id));
  return text;
}

void Connection::log(const std::string& line) const {
  dc_.log(name_ + ": " + line);
}

void Connection::drop(const std::string& reason) {
  if (close_after_write_ || closed_) return;
  log("closing: " + reason);
  // What the session makes from now on waits for its next connection rather
  // than for a write that may never happen.
  let_go();
  close_after_write_ = true;
  wake_writer_.cancel();
}

void Connection::release(const Session& session, std::string_view why) {
  if (session_.get() != &session) return;
  log("session " + session.name() + " " + std::string(why));
  session_.reset();
}

void Connection::carry(std::shared_ptr<Session> session) {
  if (session_ == session) return;
  let_go();
  session_ = std::move(session);
  const std::size_t held = session_->server().held_answers();
  log("session " + session_->name() +
      (held == 0 ? std::string() : ", resending " + std::to_string(held) + " answers"));
  session_->attach(shared_from_this());
}

void Connection::let_go() {
  if (!session_) return;
  session_->detach(*this);
  session_.reset();
}

void Connection::fail(const std::exception_ptr& error) {
  std::string what = "not a std::exception";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  // Closed at once, without what is pending: the state that threw is not to be trusted.
  if (!closed_) log("closing: exception: " + what);
  close();
}

void Connection::guarded(const std::function<void()>& work) {
  try {
    work();
  } catch (...) {
    fail(std::current_exception());
  }
}

// Socket errors end the loop here; anything thrown while serving escapes to
// start()'s completion handler, which closes the connection.
asio::awaitable<void> Connection::read_loop() {
  std::vector<std::byte> buffer(64 * 1024);
  while (!closed_ && !close_after_write_) {
    boost::system::error_code ec;
    const std::size_t n =
        co_await socket_.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (!closed_) log("disconnected: " + ec.message());
      close();
      co_return;
    }
    last_activity_ = dc_.shared().timers.elapsed();
    std::span<std::byte> in(buffer.data(), n);
    for (;;) {
      auto decoded = transport_.decode(in);
      if (!decoded) {
        drop("transport: " + decoded.error().message());
        co_return;
      }
      in = in.subspan(decoded->consumed);
      if (!decoded->frame) break;
      const auto& frame = *decoded->frame;
      if (auto reason = on_payload(frame.payload, frame.quick_ack_requested); !reason.empty()) {
        drop(reason);
        co_return;
      }
    }
    flush();
  }
}

asio::awaitable<void> Connection::write_loop() {
  while (!closed_) {
    if (pending_.empty()) {
      if (close_after_write_) break;
      boost::system::error_code woken;
      co_await wake_writer_.async_wait(asio::redirect_error(asio::use_awaitable, woken));
      continue;
    }
    const tl::Bytes out = std::exchange(pending_, {});
    boost::system::error_code ec;
    co_await asio::async_write(socket_, asio::buffer(out), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
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

std::string Connection::on_payload(std::span<std::byte> payload, bool quick_ack) {
  if (!announced_transport_ && transport_.kind()) {
    announced_transport_ = true;
    log("transport " + std::string(mtproto::transport::to_string(*transport_.kind())));
  }
  if (payload.size() < 8) return "a packet of " + std::to_string(payload.size()) + " bytes";
  return load_le64(payload) == 0 ? on_plain(payload) : on_encrypted(payload, quick_ack);
}

std::string Connection::on_plain(std::span<const std::byte> packet) {
  const auto message = plain_.unpack_plain(packet);
  if (!message) return "plain message: " + message.error().message();
  if (!handshake_ || handshake_->finished()) {
    // Each exchange costs an RSA decryption, so a client may not start them without end.
    const int limit = dc_.shared().options.key_exchanges_per_connection;
    if (key_exchanges_ >= limit) return "more than " + std::to_string(limit) + " key exchanges";
    ++key_exchanges_;
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

std::string Connection::on_encrypted(std::span<std::byte> packet, bool quick_ack) {
  const std::uint64_t key_id = load_le64(packet);
  // Looked up for every packet, even on an open session: since the last one
  // a temporary key may have expired, or other handshakes evicted this key.
  KeyRecord* entry = dc_.shared().world.use_key(dc_.id(), key_id);
  if (entry == nullptr) {
    (void)transport_.encode_error(kAuthKeyNotFound, pending_);
    return "unknown auth key " + hex_id(key_id);
  }
  apply_salt_fault(*entry);
  const auto now = dc_.shared().now();
  // The packet is decrypted where the transport left it.
  std::error_code ec = mtproto::mtproto_errc::session_id_mismatch;
  if (session_ && session_->auth_key_id() == key_id) {
    use_current_salt(*entry);
    ec = session_->server().on_received(packet, now);
    // It decrypted and names another session: encrypted again, it is the
    // packet that arrived, for that session to read.
    if (ec == mtproto::mtproto_errc::session_id_mismatch) encrypt_again(entry->key, packet);
  }
  if (ec == mtproto::mtproto_errc::session_id_mismatch) {
    // The connection's first packet under this key, or one of another session:
    // the session is the one the packet names, once it decrypts. Only here is
    // the packet copied, to learn that name without consuming it.
    mtproto::EncryptedSessionOptions options;
    options.side = mtproto::Side::server;
    options.check_time = false;
    mtproto::EncryptedSession reader(entry->key, 0, 0, *dc_.shared().rng, options);
    tl::Bytes copy(packet.begin(), packet.end());
    const auto message = reader.peek(copy, now);
    if (!message) return "encrypted packet: " + message.error().message();
    carry(dc_.sessions().open(*entry, key_id, message->session_id));
    use_current_salt(*entry);
    ec = session_->server().on_received(packet, now);
  }
  if (ec) return "encrypted packet: " + ec.message();
  // The token goes back once the packet is decrypted and taken, before
  // anything in it has run: a quick ack says no more than that.
  if (const auto token = session_->server().last_quick_ack_token(); token && quick_ack) {
    if (const auto qec = transport_.encode_quick_ack(*token, pending_)) {
      log("cannot frame a quick ack: " + qec.message());
    } else {
      wake_writer_.cancel();
    }
  }
  dc_.sessions().touch(*session_);
  while (auto request = session_->server().next_request()) serve(*request);
  while (auto bad = session_->server().next_undecodable()) {
    log("undecodable message " + std::to_string(bad->msg_id) + " (" + std::to_string(bad->body.size()) +
        " bytes): " + bad->error.message());
  }
  while (auto refused = session_->server().next_refused()) {
    log("refused message " + std::to_string(refused->msg_id) + " seq_no " + std::to_string(refused->seq_no) +
        (refused->code == 0 ? ": received before"
                            : ": bad_msg_notification " + std::to_string(refused->code)));
  }
  return std::exchange(cut_, {});
}

void Connection::apply_salt_fault(KeyRecord& key) {
  if (!dc_.shared().faults.take_bad_salt()) return;
  // A new salt schedule: the client's packet, stamped with the old salt, is
  // answered with bad_server_salt.
  key.salt = random_i64(*dc_.shared().rng);
  key.salts_since = dc_.shared().world.now();
}

void Connection::use_current_salt(const KeyRecord& key) {
  const World& world = dc_.shared().world;
  const std::int32_t hour = world.salt_hour(key);
  auto& server = session_->server();
  server.set_salt(world.salt(key, hour));
  // The previous hour's salt stays good for the first half hour of the next.
  const bool grace =
      hour > 0 && world.now() - (key.salts_since + hour * World::kSaltHour) < World::kSaltHour / 2;
  server.also_accept_salt(grace ? std::optional(world.salt(key, hour - 1)) : std::nullopt);
}

void Connection::serve(const mtproto::IncomingRequest& request) {
  if (serve_service(request)) return;
  auto answer = this->answer(request);
  if (dc_.shared().faults.take_restart()) {
    asio::post(socket_.get_executor(), dc_.shared().restart);
  }
  if (!answer) return;
  if (answer->delay.count() > 0) {
    reply_later(request.msg_id, std::move(*answer));
  } else {
    session_->reply(request.msg_id, answer->answer);
  }
}

bool Connection::serve_service(const mtproto::IncomingRequest& request) {
  try {
    return answer_service(request);
  } catch (const tl::DecodeError& e) {
    // Telegram answers a call it cannot read with INPUT_FETCH_ERROR and goes
    // on serving the session, a service call as much as an API call.
    log(std::string("undecodable call: ") + e.what());
    session_->server().reply_error(request.msg_id, 400, "INPUT_FETCH_ERROR");
    return true;
  }
}

bool Connection::answer_service(const mtproto::IncomingRequest& request) {
  const auto id = Call{.query = request.body}.constructor();
  const auto now = dc_.shared().now();
  auto& server = session_->server();
  if (id == fn::PingDelayDisconnect::ID) {
    const auto ping = tl::deserialize<fn::PingDelayDisconnect>(request.body);
    server.push_update(tl::serialize(types::Pong{request.msg_id, ping.ping_id}));
    ping_deadline_ = dc_.shared().timers.elapsed() + std::chrono::seconds(ping.disconnect_delay);
    watch();
    return true;
  }
  if (id == fn::GetFutureSalts::ID) {
    // The salts of the coming hours, each good for half an hour past its own.
    const auto call = tl::deserialize<fn::GetFutureSalts>(request.body);
    World& world = dc_.shared().world;
    const KeyRecord& key = *world.key(dc_.id(), session_->auth_key_id());
    const std::int32_t first = world.salt_hour(key);
    types::FutureSalts salts{request.msg_id, unix_seconds(now), {}};
    for (std::int32_t h = first; h < first + std::clamp(call.num, 1, 64); ++h) {
      const std::int32_t since = key.salts_since + h * World::kSaltHour;
      salts.salts.push_back(types::FutureSalt{since, since + World::kSaltHour * 3 / 2, world.salt(key, h)});
    }
    server.push_update(tl::serialize(salts));
    return true;
  }
  if (id == fn::DestroySession::ID) {
    // Another session of the same key is forgotten, as if it had been idle
    // too long; the asking one is known, and stays.
    const auto call = tl::deserialize<fn::DestroySession>(request.body);
    bool known = call.session_id == session_->id();
    if (const auto other = dc_.sessions().find(session_->auth_key_id(), call.session_id); other && !known) {
      dc_.sessions().forget(*other, "destroy_session");
      known = true;
    }
    server.reply(
        request.msg_id,
        known ? tl::serialize(tl::enums::DestroySessionRes(types::DestroySessionOk{call.session_id}))
              : tl::serialize(tl::enums::DestroySessionRes(types::DestroySessionNone{call.session_id})));
    return true;
  }
  return false;
}

void Connection::send(std::span<const std::byte> payload) {
  if (const auto ec = transport_.encode(payload, pending_)) {
    log("cannot frame a packet: " + ec.message());
    return;
  }
  wake_writer_.cancel();
}

void Connection::flush() {
  // A drop fault holds everything back, the answer it is about included.
  if (!session_ || !cut_.empty()) return;
  const auto now = dc_.shared().now();
  while (auto packet = session_->server().take_output(now)) send(*packet);
}

}  // namespace layer::fakedc
