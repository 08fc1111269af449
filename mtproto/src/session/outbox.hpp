// Turns the messages a session wants to send into one encrypted packet: a single
// message as is, several inside one msg_container. Both ClientSession and
// ServerSession send this way.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "layer/mtproto/clock.hpp"
#include "layer/mtproto/encrypted_session.hpp"

namespace layer::mtproto::detail {

struct OutgoingBody {
  std::span<const std::byte> body;
  bool content_related = true;
};

struct PackedOutput {
  tl::Bytes packet;
  std::int64_t container_id = 0;      // 0 when the packet holds one message
  std::vector<std::int64_t> msg_ids;  // one per body, in order
  std::uint32_t quick_ack_token = 0;  // see EncryptedSession::finish_packet
};

// bodies must be non-empty and fit one container (checked by the caller).
// msg_ids are the bodies' own, drawn in order from session by a caller that
// needed them before the bodies were made; the other form draws them itself.
PackedOutput pack_bodies(EncryptedSession& session, std::span<const OutgoingBody> bodies,
                         std::vector<std::int64_t> msg_ids, Time now);
PackedOutput pack_bodies(EncryptedSession& session, std::span<const OutgoingBody> bodies, Time now);

}  // namespace layer::mtproto::detail
