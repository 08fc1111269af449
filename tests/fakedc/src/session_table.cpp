#include "session_table.hpp"

#include <algorithm>

#include "connection.hpp"
#include "dc.hpp"

namespace layer::fakedc {

std::shared_ptr<Session> SessionTable::open(const KeyRecord& key, std::uint64_t auth_key_id,
                                            std::int64_t session_id) {
  auto& slot = sessions_[{auth_key_id, session_id}];
  if (!slot) {
    slot = std::make_shared<Session>(dc_, key, auth_key_id, session_id);
    slot->server().session().resume_ids_after(last_msg_id_);
    touch(*slot);
    evict(*slot);
  }
  return slot;
}

std::shared_ptr<Session> SessionTable::find(std::uint64_t auth_key_id, std::int64_t session_id) const {
  const auto it = sessions_.find({auth_key_id, session_id});
  return it == sessions_.end() ? nullptr : it->second;
}

void SessionTable::start_idle(Session& session) {
  session.idle = dc_.shared().timers.after(dc_.shared().options.session_idle_timeout,
                                           [this, weak = session.weak_from_this()] {
                                             const auto s = weak.lock();
                                             if (s && s->kept && !s->connection()) forget(*s, "idle");
                                           });
}

void SessionTable::forget(Session& session, std::string_view why) {
  const auto it = sessions_.find({session.auth_key_id(), session.id()});
  if (it == sessions_.end() || it->second.get() != &session) return;
  const auto keep = it->second;  // alive until its connection let it go
  sessions_.erase(it);
  dc_.log("dc" + std::to_string(dc_.id()) + " session " + session.name() +
          ": forgotten: " + std::string(why));
  let_go(session);
}

void SessionTable::clear(std::string_view why) {
  if (sessions_.empty()) return;
  dc_.log("dc" + std::to_string(dc_.id()) + ": " + std::to_string(sessions_.size()) +
          " sessions forgotten: " + std::string(why));
  drop_all();
}

void SessionTable::drop_all() {
  for (const auto& [ids, session] : std::exchange(sessions_, {})) let_go(*session);
}

void SessionTable::let_go(Session& session) {
  session.kept = false;
  session.idle.reset();
  last_msg_id_ = std::max(last_msg_id_, session.server().session().last_msg_id());
  if (const auto c = session.connection()) c->release(session, "forgotten");
}

// A scan per session made past the limit: the limit is for clients that make
// sessions in a loop, and the scan is cheaper than an order kept per packet.
void SessionTable::evict(const Session& keep) {
  const std::size_t limit = dc_.shared().options.sessions_per_dc;
  while (sessions_.size() > limit) {
    Session* oldest = nullptr;
    for (const auto& [ids, s] : sessions_) {
      if (s.get() == &keep || s->connection()) continue;
      if (oldest == nullptr || s->last_use < oldest->last_use) oldest = s.get();
    }
    if (oldest == nullptr) return;
    forget(*oldest, "more than " + std::to_string(limit) + " sessions");
  }
}

}  // namespace layer::fakedc
