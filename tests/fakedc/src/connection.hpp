// One client's TCP connection to a DC: transport detection and framing, the
// server side of the key exchange on plain messages, then encrypted packets,
// each given to the session it names (the DC's SessionTable keeps sessions
// across connections), whose requests go to the DC's dispatcher
// (connection_calls.cpp). A packet that fails a check, or anything thrown
// while serving it, is logged with its reason and closes this connection alone.
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
#include <string_view>

#include "layer/fakedc/dispatcher.hpp"
#include "layer/fakedc/world.hpp"
#include "layer/mtproto/handshake/server.hpp"
#include "layer/mtproto/plain_session.hpp"
#include "layer/mtproto/server_session.hpp"
#include "layer/mtproto/transport/server_transport.hpp"
#include "session.hpp"
#include "timers.hpp"

namespace layer::fakedc {

class Dc;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Dc& dc, boost::asio::ip::tcp::socket socket, std::uint64_t number);

  void start();
  void close();
  // The session moved to another connection or was forgotten (why says
  // which): this one no longer carries it.
  void release(const Session& session, std::string_view why);
  // Sends what the session it carries has queued.
  void flush();
  // Runs work done for this connection outside its read loop (timers, other
  // connections' calls), so that what it throws closes this connection alone.
  void guarded(const std::function<void()>& work);

 private:
  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<void> write_loop();

  // Each returns the reason to drop the connection, or an empty string.
  // quick_ack: the client's frame asked for one, sent once the packet is taken.
  std::string on_payload(std::span<std::byte> payload, bool quick_ack);
  std::string on_plain(std::span<const std::byte> packet);
  std::string on_encrypted(std::span<std::byte> packet, bool quick_ack);
  // Makes session the one this connection carries.
  void carry(std::shared_ptr<Session> session);
  // Lets the carried session go: answers made from now on wait in it.
  void let_go();
  // An answer, and how long a delay fault holds it back (0: not at all).
  struct Delayed {
    Answer answer;
    std::chrono::milliseconds delay{0};
  };

  void serve(const mtproto::IncomingRequest& request);
  // The handler's answer with the faults applied; nothing when there is none to send now.
  std::optional<Delayed> answer(const mtproto::IncomingRequest& request);
  void reply_later(std::int64_t msg_id, Delayed answer);
  // The service calls a connection answers itself; false for anything else.
  bool serve_service(const mtproto::IncomingRequest& request);
  // The same, throwing tl::DecodeError for a service call it cannot read.
  bool answer_service(const mtproto::IncomingRequest& request);
  tl::Bytes bind_temp_key(const mtproto::IncomingRequest& request, std::span<const std::byte> query);

  // A bad_salt fault: the key's salt schedule starts again.
  void apply_salt_fault(KeyRecord& key);
  // Sets the session's salt for the current hour of the key's salt schedule.
  void use_current_salt(const KeyRecord& key);
  void send(std::span<const std::byte> payload);
  // Logs why, sends what is pending, then closes; the session it carried
  // waits for the client's next connection.
  void drop(const std::string& reason);
  // Logs the exception and closes at once: the end of a connection whose work threw.
  void fail(const std::exception_ptr& error);
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
  std::shared_ptr<Session> session_;
  // Set by a drop fault while a packet is served: why the connection closes
  // once the packet is done, with nothing more sent.
  std::string cut_;
  tl::Bytes pending_;
  bool announced_transport_ = false;
  bool close_after_write_ = false;
  bool closed_ = false;
  Timers::Duration last_activity_{};
  std::optional<Timers::Duration> ping_deadline_;
};

}  // namespace layer::fakedc
