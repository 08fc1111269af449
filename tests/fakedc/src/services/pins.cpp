// Pinned messages: messages.updatePinnedMessage pins or unpins a message of
// a private chat (both sides' copies, or with pm_oneside the caller's only),
// of a basic group (every member's copy) or of a channel. The stored message
// carries the pinned flag (and userFull, chatFull and channelFull name the
// newest pin); every box that changed logs an updatePinnedMessages under its
// next pts (a channel's box an updatePinnedChannelMessages under the
// channel's) and pushes it to its owner's sessions, the caller's own coming
// back as the call's Updates, as on Telegram. Telegram also posts a "pinned"
// service message when a pin is shown to others, which `silent` keeps from
// notifying; the fake DC's boxes hold plain messages only, so it posts none
// and silent changes nothing.
#include "delivery.hpp"
#include "layer/tl/functions/messages.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

// Pins owner's copy `id` in the chat owner sees as `chat`, logged under the
// owner's next pts; the update, to push.
tl::enums::Update pin_copy(World& world, std::int64_t owner, const tl::enums::Peer& chat, std::int32_t id,
                           bool pinned) {
  Mailbox& box = world.mailbox(owner);
  box.messages.at(id).pinned = pinned;
  const types::UpdatePinnedMessages update{pinned, chat, {id}, box.pts + 1, 1};
  world.log_update(owner, update, 1);
  return update;
}

// A message of a private chat with `to` (self: Saved Messages).
types::Updates pin_private(Shared& shared, const Call& call, std::int64_t to,
                           const fn::messages::UpdatePinnedMessage& r) {
  World& world = shared.world;
  const std::int64_t self = call.account();
  Mailbox& box = world.mailbox(self);
  const auto mine = box.messages.find(r.id);
  if (mine == box.messages.end() || account_of(mine->second.peer_id) != to)
    throw RpcFailure(400, "MESSAGE_ID_INVALID");
  const bool pinned = !r.unpin;
  if (const auto copy = box.copies.find(r.id); copy != box.copies.end() && !r.pm_oneside) {
    const auto [peer, theirs] = copy->second;
    push(shared, peer,
         updates_of(world, peer, {pin_copy(world, peer, peer_of(self), theirs, pinned)}, {self, peer}));
  }
  auto result = updates_of(world, self, {pin_copy(world, self, peer_of(to), r.id, pinned)}, {self, to});
  push(shared, self, result, call.session_id);
  return result;
}

// Every member's copy of a basic group's message.
types::Updates pin_in_group(Shared& shared, const Call& call, const BasicGroup& g, std::int32_t id,
                            bool pinned) {
  World& world = shared.world;
  const std::int64_t self = call.account();
  const BasicGroup::Copies* copies = g.copies_of(self, id);
  if (copies == nullptr) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  types::Updates result;
  for (const auto& [member, theirs] : *copies) {
    if (!g.has_member(member)) continue;
    auto told =
        updates_of(world, member, {pin_copy(world, member, types::PeerChat{g.id}, theirs, pinned)}, {self});
    told.chats.push_back(world.group_view(g, member));
    push(shared, member, told, member == self ? call.session_id : 0);
    if (member == self) result = std::move(told);
  }
  return result;
}

}  // namespace

void add_pins(Dispatcher& d, Shared& shared) {
  d.on<fn::messages::UpdatePinnedMessage>(
      [&shared](const Call& call, const fn::messages::UpdatePinnedMessage& r) -> tl::enums::Updates {
        World& world = shared.world;
        const std::int64_t self = call.account();
        const ChatTarget chat = resolve_chat(world, self, r.peer);
        if (Channel* channel = chat.channel()) return pin_in_channel(shared, call, *channel, r.id, !r.unpin);
        if (const BasicGroup* group = chat.group()) return pin_in_group(shared, call, *group, r.id, !r.unpin);
        return pin_private(shared, call, chat.user(), r);
      });
}

}  // namespace layer::fakedc::services
