// The sessions one DC keeps, by auth key id and session id, so that they
// outlive connections. Bounded as ClusterOptions says: a session no
// connection carries is forgotten once it has been idle for
// session_idle_timeout, and past sessions_per_dc the least recently used of
// the ones no connection carries go first. A forgotten session's client gets
// new_session_created when it comes back, as from a Telegram that lost it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string_view>
#include <utility>

#include "session.hpp"

namespace layer::fakedc {

class SessionTable {
 public:
  explicit SessionTable(Dc& dc) : dc_(dc) {}
  ~SessionTable() { drop_all(); }
  SessionTable(const SessionTable&) = delete;
  SessionTable& operator=(const SessionTable&) = delete;

  // The session, made if the table has none under these ids (then the least
  // recently used idle ones past the limit are forgotten, never this one).
  std::shared_ptr<Session> open(const KeyRecord& key, std::uint64_t auth_key_id, std::int64_t session_id);
  std::shared_ptr<Session> find(std::uint64_t auth_key_id, std::int64_t session_id) const;
  // The session carried a packet: it is the most recently used.
  void touch(Session& session) noexcept { session.last_use = ++uses_; }
  // No connection carries it any more: forgotten once idle for the timeout.
  void start_idle(Session& session);

  // Its connection loses it; the next packet under its ids makes a new one.
  void forget(Session& session, std::string_view why);
  void clear(std::string_view why);

  std::size_t size() const noexcept { return sessions_.size(); }
  // f(Session&) for every session; f must not forget any.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [ids, session] : sessions_) f(*session);
  }

 private:
  void evict(const Session& keep);
  // clear() without a word, for the destructor.
  void drop_all();
  // What forgetting a session out of the table does to it.
  void let_go(Session& session);

  Dc& dc_;
  std::map<std::pair<std::uint64_t, std::int64_t>, std::shared_ptr<Session>> sessions_;
  std::uint64_t uses_ = 0;
  // The last msg_id a forgotten session sent: a new session under the same
  // ids sends later ones, as a server whose clock went on would, even on a
  // virtual clock that stood still (the client would take one again for a replay).
  std::int64_t last_msg_id_ = 0;
};

}  // namespace layer::fakedc
