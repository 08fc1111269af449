// One client session of a DC (an auth key id and a session id) with what the
// fake DC knows of it beyond ServerSession: the client's layer, the connection
// carrying it. The DC's SessionTable keeps it across connections, as Telegram
// does: answers and pushes made while no connection carries it wait here, and
// a client that comes back with the same session gets every answer it has
// not acknowledged, once (ServerSession::resume).
//
// At most one connection carries a session: attach() takes it from the one
// that did. Answers reach it through reply() whenever they are ready (now,
// after a delay fault, from a deferred handler), then flush() sends them if a
// connection carries it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include "layer/fakedc/dispatcher.hpp"
#include "layer/fakedc/world.hpp"
#include "layer/mtproto/server_session.hpp"
#include "timers.hpp"

namespace layer::fakedc {

class Connection;
class Dc;

// A call's answer: its result in the client's layer, or an rpc_error.
struct Answer {
  tl::Bytes result;
  std::optional<std::pair<std::int32_t, std::string>> error;
};

// A request or answer that the client's layer and ours cannot both express.
struct LayerMismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // Pushes kept while no connection carries the session; later ones are
  // dropped, a pts gap the client fills with getDifference when it is back.
  static constexpr int kMaxParkedPushes = 1024;

  Session(Dc& dc, const KeyRecord& key, std::uint64_t auth_key_id, std::int64_t id);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  std::uint64_t auth_key_id() const noexcept { return auth_key_id_; }
  std::int64_t id() const noexcept { return id_; }
  // "key/session", both in hex, as logged.
  std::string name() const;
  mtproto::ServerSession& server() noexcept { return server_; }

  // The layer of the client's invokeWithLayer; 0 until it sent one. It stays
  // with the session, so a client that resumes it on a new connection
  // without one is still answered in its layer.
  std::int32_t layer() const noexcept { return layer_; }
  void set_layer(std::int32_t layer) noexcept { layer_ = layer; }
  // The query in our layer's terms (nullopt: it already is), and an answer to
  // it in the client's; both throw LayerMismatch.
  std::optional<tl::Bytes> in_our_layer(std::span<const std::byte> query) const;
  tl::Bytes in_client_layer(std::span<const std::byte> query, tl::Bytes result) const;

  // The connection carrying the session, or null.
  std::shared_ptr<Connection> connection() const { return connection_.lock(); }
  // From now on on `to`: the connection that carried it loses it, and every
  // answer the client has not acknowledged is queued again.
  void attach(const std::shared_ptr<Connection>& to);
  // When `from` carries it: no connection does any more, and the session's
  // idle time (ClusterOptions::session_idle_timeout) starts.
  void detach(const Connection& from);

  void reply(std::int64_t msg_id, const Answer& answer);
  // A deferred call's right to answer: the answer comes here, whichever
  // connection carries the session by then (nothing once it is forgotten).
  Responder responder(std::int64_t msg_id, std::span<const std::byte> query);
  // Queues Updates when the session is signed in as account and is not skip_session.
  void push(std::int64_t account, std::span<const std::byte> updates, std::int64_t skip_session);
  // Sends what is queued, when a connection carries the session.
  void flush();
  // Runs work done for the session outside its connection's read loop: what
  // it throws closes that connection alone, or is logged when none carries it.
  void guarded(const std::function<void()>& work);

  // The SessionTable's: its count of uses when the session last carried a
  // packet, the alarm that forgets it once idle, and whether it still keeps it.
  std::uint64_t last_use = 0;
  Alarm idle;
  bool kept = true;

 private:
  void log(const std::string& line) const;

  Dc& dc_;
  std::uint64_t auth_key_id_;
  std::int64_t id_;
  mtproto::ServerSession server_;
  std::int32_t layer_ = 0;
  // Both, so that detach() knows its connection even while that one is being destroyed.
  std::weak_ptr<Connection> connection_;
  const Connection* carrier_ = nullptr;
  int parked_pushes_ = 0;
};

}  // namespace layer::fakedc
