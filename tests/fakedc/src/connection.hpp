// One client's TCP connection to a DC: transport detection and framing, the
// server side of the key exchange on plain messages, then an encrypted
// session whose requests go to the DC's dispatcher (connection_calls.cpp). A
// packet that fails a check, or anything thrown while serving it, is logged
// with its reason and closes this connection alone.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "layer/fakedc/dispatcher.hpp"
#include "layer/fakedc/world.hpp"
#include "layer/mtproto/handshake/server.hpp"
#include "layer/mtproto/plain_session.hpp"
#include "layer/mtproto/server_session.hpp"
#include "layer/mtproto/transport/server_transport.hpp"
#include "layers/translator.hpp"
#include "timers.hpp"

namespace layer::fakedc {

class Dc;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Dc& dc, boost::asio::ip::tcp::socket socket, std::uint64_t number);

  void start();
  void close();
  // Queues updates when this session is signed in as account and is not skip_session.
  void push(std::int64_t account, std::span<const std::byte> updates, std::int64_t skip_session);

 private:
  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<void> write_loop();

  // Each returns the reason to drop the connection, or an empty string.
  std::string on_payload(std::span<const std::byte> payload);
  std::string on_plain(std::span<const std::byte> packet);
  std::string on_encrypted(std::span<const std::byte> packet);
  struct Answer {
    tl::Bytes result;
    std::optional<std::pair<std::int32_t, std::string>> error;
    std::chrono::milliseconds delay{0};
  };

  void serve(const mtproto::IncomingRequest& request);
  // The handler's answer with the faults applied; nothing when the connection is dropped instead.
  std::optional<Answer> answer(const mtproto::IncomingRequest& request);
  void reply(std::int64_t msg_id, const Answer& answer);
  void reply_later(std::int64_t msg_id, Answer answer);
  Responder responder(std::int64_t msg_id, std::span<const std::byte> query);
  // A request or answer that the client's layer and ours cannot both express.
  struct LayerMismatch : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  // The query in our layer's terms (nullopt: it already is), and an answer to
  // it in the client's.
  std::optional<tl::Bytes> in_our_layer(std::span<const std::byte> query) const;
  tl::Bytes in_client_layer(std::span<const std::byte> query, tl::Bytes result) const;
  // The service calls a connection answers itself; false for anything else.
  bool serve_service(const mtproto::IncomingRequest& request);
  // The same, throwing tl::DecodeError for a service call it cannot read.
  bool answer_service(const mtproto::IncomingRequest& request);
  tl::Bytes bind_temp_key(const mtproto::IncomingRequest& request, std::span<const std::byte> query);

  // Sets the session's salt for the current hour of the key's salt schedule.
  void use_current_salt(KeyRecord& key);
  void send(std::span<const std::byte> payload);
  void flush();
  // Logs why, sends what is pending, then closes.
  void drop(const std::string& reason);
  // Logs the exception and closes at once: the end of a connection whose work threw.
  void fail(const std::exception_ptr& error);
  // Runs work done for this connection outside its read loop (timers, other
  // connections' calls), so that what it throws closes this connection alone.
  void guarded(const std::function<void()>& work);
  // A key id as logged: 16 hex digits.
  static std::string hex_id(std::uint64_t id);
  void log(const std::string& line) const;
  // The earlier of the idle timeout and a ping_delay_disconnect's, on the cluster's timers.
  Timers::Duration deadline() const;
  // Closes the connection when the deadline passes.
  void watch();

  Dc& dc_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer wake_writer_;
  Alarm deadline_;
  std::string name_;
  mtproto::transport::ServerTransport transport_;
  mtproto::PlainSession plain_{mtproto::Side::server};
  std::optional<mtproto::handshake::HandshakeServer> handshake_;
  int key_exchanges_ = 0;
  std::optional<mtproto::ServerSession> session_;
  std::uint64_t auth_key_id_ = 0;
  std::int32_t layer_ = 0;
  tl::Bytes pending_;
  bool announced_transport_ = false;
  bool close_after_write_ = false;
  bool closed_ = false;
  Timers::Duration last_activity_{};
  std::optional<Timers::Duration> ping_deadline_;
};

}  // namespace layer::fakedc
