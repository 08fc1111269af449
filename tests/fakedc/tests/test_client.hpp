// A blocking MTProto client for the fake DC's tests: one TCP connection at a
// time, framed by a FrameQueue, keyed by a KeyExchange, calls through a
// ClientSession, with hooks to send hand-made (bad) packets. reconnect()
// carries the session to a new connection, as a client that lost one does.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>

#include "frame_queue.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/handshake/client.hpp"

namespace layer::fakedc::test {

class TestClient {
 public:
  // clock is the client's time (the machine's when empty); clients of a
  // cluster on a VirtualClock follow it, as a real client's offset would.
  TestClient(const boost::asio::ip::tcp::endpoint& at, mtproto::transport::Kind kind,
             std::function<mtproto::Time()> clock = {});

  void send(std::span<const std::byte> packet, bool quick_ack = false);
  // Blocks for the next frame; nullopt once the server closed the connection.
  std::optional<Received> receive();

  // Runs the key exchange with the given public key, naming dc_id in
  // p_q_inner_data_dc, and opens a session on the result.
  mtproto::handshake::Done handshake(const crypto::RsaPublicKey& key, std::int32_t dc_id = 2,
                                     std::optional<std::int32_t> expires_in = {});
  void open_session(const crypto::AuthKey& key, std::int64_t salt);
  mtproto::ClientSession& session() { return *session_; }

  // A new connection (to the same DC unless told), the same session going on
  // over it: what was in flight is asked about with msgs_state_req
  // (ClientSession::on_disconnect).
  void reconnect(std::optional<boost::asio::ip::tcp::endpoint> to = {});
  // The same, but the old connection stays open, unread, to show a takeover.
  void add_connection();
  // A new connection with a new session (a new session id) under the same key.
  void reconnect_with_new_session();
  // A new session under the same key, on the connection that carried the old one.
  void new_session_here();
  // Waits until the server sent something on the connection, without reading it.
  bool wait_for_unread(std::chrono::milliseconds at_most = std::chrono::seconds(5));
  // new_session_created notices so far, and messages that answer nothing the
  // session asked (an answer sent twice would be one).
  int session_resets() const { return session_resets_; }
  int unmatched() const { return unmatched_; }
  // Every packet the session sends from now on asks for a quick ack; those
  // that came back, and those that matched nothing sent.
  void ask_quick_acks() { quick_acks_wanted_ = true; }
  const std::vector<mtproto::QuickAckEvent>& quick_acks() const { return quick_acks_; }
  int unmatched_quick_acks() const { return unmatched_quick_acks_; }

  // Sends one call through the session and returns its outcome event;
  // updates that arrive meanwhile are kept for next_update().
  mtproto::Outcome call(tl::Bytes request) { return wait(start(std::move(request))); }
  // The two halves of call(), for a client that must act between them.
  mtproto::RequestId start(tl::Bytes request);
  mtproto::Outcome wait(mtproto::RequestId id);
  // The next Updates object the server pushed (blocks until one comes).
  tl::Bytes next_update();
  bool has_update() const { return !updates_.empty(); }

  // Decodes the result of call(request) as T, or throws naming the rpc_error.
  template <class T>
  T call_as(tl::Bytes request);

  crypto::Rng& rng() { return rng_; }

 private:
  void connect_again(bool keep_old);
  void flush_output();
  // Reads one packet (or quick ack) into the session; throws once the server closed.
  void pump();

  mtproto::Time now() const { return clock_(); }

  std::function<mtproto::Time()> clock_;
  crypto::OsRng rng_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::endpoint at_;
  mtproto::transport::Kind kind_;
  boost::asio::ip::tcp::socket socket_;
  std::optional<boost::asio::ip::tcp::socket> old_socket_;
  FrameQueue frames_;
  std::optional<crypto::AuthKey> key_;
  int session_resets_ = 0;
  int unmatched_ = 0;
  bool quick_acks_wanted_ = false;
  std::vector<mtproto::QuickAckEvent> quick_acks_;
  int unmatched_quick_acks_ = 0;
  std::optional<mtproto::ClientSession> session_;
  std::deque<mtproto::Outcome> outcomes_;
  std::deque<tl::Bytes> updates_;
};

// The server's answer when it is an rpc_error.
class RpcErrorThrown : public std::runtime_error {
 public:
  explicit RpcErrorThrown(mtproto::RpcError e) : std::runtime_error(e.message), error(std::move(e)) {}
  mtproto::RpcError error;
};

// The rpc_error that f's call_as threw; throws if f threw none.
template <class F>
mtproto::RpcError error_from(F&& f) {
  try {
    f();
  } catch (const RpcErrorThrown& e) {
    return e.error;
  }
  throw std::runtime_error("no rpc_error");
}

template <class T>
T TestClient::call_as(tl::Bytes request) {
  auto event = call(std::move(request));
  if (auto* error = std::get_if<mtproto::RpcErrorEvent>(&event)) throw RpcErrorThrown(error->error);
  auto* result = std::get_if<mtproto::RpcResultEvent>(&event);
  if (result == nullptr) throw std::runtime_error("the call failed without an rpc_error");
  return tl::deserialize<T>(result->body);
}

}  // namespace layer::fakedc::test
