#include "outbox.hpp"

#include "layer/mtproto/container.hpp"

namespace layer::mtproto::detail {

PackedOutput pack_bodies(EncryptedSession& session, std::span<const OutgoingBody> bodies, Time now) {
  PackedOutput out;
  if (bodies.size() == 1) {
    out.msg_ids.push_back(session.pack_to(out.packet, bodies[0].body, now, bodies[0].content_related));
    return out;
  }
  std::vector<ContainedMessage> items;
  items.reserve(bodies.size());
  for (const auto& b : bodies) {
    const std::int64_t id = session.next_msg_id(now);
    items.push_back({id, session.next_seq_no(b.content_related), b.body});
    out.msg_ids.push_back(id);
  }
  // The container's id is made last: it must be above every id inside it.
  session.begin_packet(out.packet);
  write_container(out.packet, items);
  out.container_id = session.next_msg_id(now);
  session.finish_packet(out.packet, out.container_id, session.next_seq_no(false));
  return out;
}

}  // namespace layer::mtproto::detail
