#include "layer/mtproto/client_session.hpp"

#include <algorithm>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/types/root.hpp"
#include "outbox.hpp"

namespace layer::mtproto {

ClientSession::ClientSession(crypto::AuthKey key, std::int64_t first_salt, std::int32_t time_offset,
                             crypto::Rng& rng, ClientSessionOptions options)
    : session_(std::move(key), first_salt, time_offset, rng,
               [&] {
                 auto o = options.session;
                 o.side = Side::client;
                 o.check_time = false;
                 return o;
               }()),
      options_(options),
      service_(options.max_pending_acks, options.ack_delay),
      seen_(options.seen_window),
      check_time_(options.session.check_time) {}

ClientSession::ClientSession(SessionSnapshot snapshot, crypto::Rng& rng, ClientSessionOptions options)
    : ClientSession(std::move(snapshot.key), snapshot.salt, snapshot.time_offset, rng, [&] {
        options.session.session_id = snapshot.session_id;
        return options;
      }()) {
  session_.set_content_count(snapshot.content_count);
  session_.resume_ids_after(snapshot.last_msg_id);
  for (const auto& s : snapshot.future_salts) salts_.add(s);
}

SessionSnapshot ClientSession::snapshot() const {
  return SessionSnapshot{session_.auth_key(),    session_.salt(),       salts_.salts(),
                         session_.time_offset(), session_.session_id(), session_.content_count(),
                         session_.last_msg_id()};
}

RequestId ClientSession::enqueue(tl::Bytes body, CallOptions options) {
  Request r;
  r.constructor = constructor_of(body);
  r.body = options.gzip ? gzip_if_smaller(body, true) : std::move(body);
  r.options = options;
  return add(std::move(r));
}

RequestId ClientSession::enqueue_built(BodyBuilder build, CallOptions options) {
  Request r;
  r.build = std::move(build);
  r.options = options;
  return add(std::move(r));
}

RequestId ClientSession::add(Request r) {
  const RequestId id = next_id_++;
  requests_.emplace(id, std::move(r));
  queue_.push_back(id);
  return id;
}

// False when the builder failed, and the request with it.
bool ClientSession::build_body(RequestId id, std::int64_t msg_id) {
  Request& r = requests_.at(id);
  auto body = r.build(msg_id);
  if (!body) {
    fail(id, body.error());
    return false;
  }
  r.constructor = constructor_of(*body);
  r.body = r.options.gzip ? gzip_if_smaller(*body, true) : std::move(*body);
  return true;
}

// Fills the rest of a container: at most max_container_messages in all, and
// at most max_container_bytes for the whole msg_container, header included.
// msg_ids are drawn in body order as requests are taken; a built request needs
// its msg_id before its body, and so its size, is known. When it then does not
// fit, that msg_id goes unused and the next packet builds it again.
std::vector<RequestId> ClientSession::next_batch(std::size_t used_count, std::size_t used_bytes,
                                                 std::vector<std::int64_t>& msg_ids, Time now) {
  std::vector<RequestId> batch;
  while (!queue_.empty() && used_count < options_.max_container_messages) {
    const RequestId id = queue_.front();
    const bool built = static_cast<bool>(requests_.at(id).build);
    const std::int64_t built_as = built ? session_.next_msg_id(now) : 0;
    if (built && !build_body(id, built_as)) continue;
    const std::size_t size = requests_.at(id).body.size() + kContainedHeaderSize;
    // A request too big to share a container still goes, alone.
    if (used_count > 0 && used_bytes + size > options_.max_container_bytes) break;
    batch.push_back(id);
    msg_ids.push_back(built ? built_as : session_.next_msg_id(now));
    queue_.pop_front();
    ++used_count;
    used_bytes += size;
  }
  return batch;
}

void ClientSession::mark_sent(const std::vector<RequestId>& batch, std::span<const std::int64_t> msg_ids,
                              std::int64_t container_id, Instant now) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Request& r = requests_.at(batch[i]);
    // An id already standing for another request would deliver one's answer
    // to the other: this request fails instead, and the first keeps its id.
    if (!by_msg_id_.emplace(msg_ids[i], batch[i]).second) {
      fail(batch[i], mtproto_errc::duplicate_msg_id);
      continue;
    }
    r.msg_id = msg_ids[i];
    r.container_id = container_id;
    r.acked = false;
    ++r.sends;
    if (!r.deadline && r.options.timeout) {
      r.deadline = now + *r.options.timeout;
      deadlines_.emplace(*r.deadline, batch[i]);
    }
  }
}

std::optional<tl::Bytes> ClientSession::take_output(Now now, bool quick_ack) {
  last_now_ = now;
  adopt_due_salt(now.wall);
  auto service = service_.take(now.mono, !queue_.empty());
  std::vector<std::int64_t> msg_ids;
  std::size_t used_bytes = container_size(0, 0);
  for (const auto& s : service) {
    used_bytes += s.size() + kContainedHeaderSize;
    msg_ids.push_back(session_.next_msg_id(now.wall));
  }
  const auto batch = next_batch(service.size(), used_bytes, msg_ids, now.wall);
  if (service.empty() && batch.empty()) return std::nullopt;

  // Acks are not content-related; the other service messages are.
  std::vector<detail::OutgoingBody> bodies;
  for (const auto& s : service) bodies.push_back({s, constructor_of(s) != tl::types::MsgsAck::ID});
  for (RequestId id : batch) bodies.push_back({requests_.at(id).body, requests_.at(id).content_related});
  auto packed = detail::pack_bodies(session_, bodies, std::move(msg_ids), now.wall);
  const std::span<const std::int64_t> ids(packed.msg_ids);
  service_.sent(std::move(service), ids.first(bodies.size() - batch.size()), packed.container_id);
  mark_sent(batch, ids.subspan(bodies.size() - batch.size()), packed.container_id, now.mono);
  if (quick_ack) await_quick_ack(packed.quick_ack_token, batch);
  return std::move(packed.packet);
}

std::optional<Outcome> ClientSession::next_outcome() {
  if (outcomes_.empty()) return std::nullopt;
  std::optional<Outcome> o(std::in_place, std::move(outcomes_.front()));
  outcomes_.pop_front();
  return o;
}

// GCC 12 takes the moved-from vector inside the variant for uninitialized here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
std::optional<Notice> ClientSession::next_notice() {
  if (notices_.empty()) return std::nullopt;
  std::optional<Notice> n(std::in_place, std::move(notices_.front()));
  notices_.pop_front();
  return n;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

std::optional<Instant> ClientSession::next_deadline() const {
  std::optional<Instant> earliest = service_.deadline();
  auto consider = [&](Instant t) { earliest = earliest ? std::min(*earliest, t) : t; };
  if (!deadlines_.empty()) consider(deadlines_.begin()->first);
  // The next announced salt becomes valid by the server's clock: as far from
  // the last Now on the monotonic clock as it is on the wall clock.
  if (auto since = salts_.next_since(); since && last_now_) {
    const Time valid_since(std::chrono::seconds(*since - session_.time_offset()));
    consider(last_now_->mono + std::chrono::duration_cast<Instant::duration>(valid_since - last_now_->wall));
  }
  return earliest;
}

void ClientSession::on_timeout(Now now) {
  last_now_ = now;
  adopt_due_salt(now.wall);
  std::vector<RequestId> expired;
  for (auto it = deadlines_.begin(); it != deadlines_.end() && it->first <= now.mono; ++it)
    expired.push_back(it->second);
  for (RequestId id : expired) fail(id, mtproto_errc::request_timeout);
}

// Whatever the server got before the connection went, it keeps and answers on
// the next one; what it did not get it reports so through msgs_state_info.
void ClientSession::on_disconnect() {
  request_state();
  // A quick ack comes on the connection its packet went out on.
  quick_acks_.clear();
}

void ClientSession::request_state() {
  std::vector<std::int64_t> ids;
  for (const auto& [id, r] : requests_) {
    if (r.msg_id != 0 && !r.acked) ids.push_back(r.msg_id);
  }
  if (!ids.empty()) service_.send(tl::serialize(tl::types::MsgsStateReq{std::move(ids)}));
}

bool ClientSession::is_acked(RequestId id) const {
  auto it = requests_.find(id);
  return it != requests_.end() && it->second.acked;
}

}  // namespace layer::mtproto
