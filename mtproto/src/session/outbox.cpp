#include "outbox.hpp"

#include "layer/mtproto/container.hpp"

namespace layer::mtproto::detail {

PackedOutput pack_bodies(EncryptedSession& session, std::span<const OutgoingBody> bodies,
                         std::vector<std::int64_t> msg_ids, Time now) {
  PackedOutput out;
  out.msg_ids = std::move(msg_ids);
  session.begin_packet(out.packet);
  if (bodies.size() == 1) {
    // Room for the padding too, which is at most 1024 bytes.
    out.packet.reserve(kEncryptedHeaderSize + bodies[0].body.size() + 1024);
    out.packet.insert(out.packet.end(), bodies[0].body.begin(), bodies[0].body.end());
    out.quick_ack_token =
        session.finish_packet(out.packet, out.msg_ids[0], session.next_seq_no(bodies[0].content_related));
    return out;
  }
  std::vector<ContainedMessage> items;
  items.reserve(bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    items.push_back({out.msg_ids[i], session.next_seq_no(bodies[i].content_related), bodies[i].body});
  }
  write_container(out.packet, items);
  // The container's id is made last: it must be above every id inside it.
  out.container_id = session.next_msg_id(now);
  out.quick_ack_token = session.finish_packet(out.packet, out.container_id, session.next_seq_no(false));
  return out;
}

PackedOutput pack_bodies(EncryptedSession& session, std::span<const OutgoingBody> bodies, Time now) {
  std::vector<std::int64_t> msg_ids;
  msg_ids.reserve(bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) msg_ids.push_back(session.next_msg_id(now));
  return pack_bodies(session, bodies, std::move(msg_ids), now);
}

}  // namespace layer::mtproto::detail
