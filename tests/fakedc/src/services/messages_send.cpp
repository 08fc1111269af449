// Changing messages: send (now or at a date: scheduled.hpp), forward (both
// once per random_id: sends_once.hpp), delete, typing; edits are edits.cpp's.
#include <algorithm>
#include <memory>

#include "delivery.hpp"
#include "files.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/messages.hpp"
#include "peers.hpp"
#include "scheduled.hpp"
#include "sends_once.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

constexpr std::size_t kMaxMessageLength = 4096;

// Message id of the chat from_peer names, as self may forward it: a
// channel's from its box, others from self's own box.
types::Message forwarded(World& world, std::int64_t self, const tl::enums::InputPeer& from_peer,
                         std::int32_t id) {
  const ChatTarget chat = resolve_chat(world, self, from_peer);
  if (const Channel* channel = chat.channel()) {
    const auto it = channel->box.messages.find(id);
    if (it == channel->box.messages.end()) throw RpcFailure(400, "MESSAGE_ID_INVALID");
    return it->second;
  }
  const types::Message original = own_message(world, self, id);
  if (peer_key(original.peer_id) != chat.key()) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  return original;
}

// The copy of original that messages.forwardMessages r sends.
types::Message forward_copy(const types::Message& original, const fn::messages::ForwardMessages& r) {
  types::Message copy;
  copy.message = original.message;
  copy.entities = original.entities;
  copy.media = original.media;
  copy.silent = r.silent;
  // drop_author: a copy sent as one's own, without the forward header.
  if (!r.drop_author) {
    copy.fwd_from = types::MessageFwdHeader{
        .from_id = original.from_id ? original.from_id : std::optional(original.peer_id),
        .date = original.date};
  }
  return copy;
}

// messages.forwardMessages: copies of r.id from r.from_peer's chat in r.to_peer's.
types::Updates forward(Shared& shared, const Call& call, const fn::messages::ForwardMessages& r) {
  World& world = shared.world;
  const std::int64_t self = call.account();
  if (r.id.empty() || r.id.size() != r.random_id.size()) throw RpcFailure(400, "RANDOM_ID_INVALID");
  // Every message is checked before the first copy goes out.
  std::vector<types::Message> originals;
  for (const auto id : r.id) originals.push_back(forwarded(world, self, r.from_peer, id));
  const ChatTarget to = resolve_chat(world, self, r.to_peer);
  types::Updates out = updates_of(world, self, {}, {self});
  for (std::size_t i = 0; i < originals.size(); ++i) {
    types::Message copy = forward_copy(originals[i], r);
    if (Channel* channel = to.channel()) {
      auto posted = post_to_channel(shared, sender_of(call), *channel, std::move(copy), r.random_id[i]);
      for (auto& u : posted.updates) out.updates.push_back(std::move(u));
    } else if (BasicGroup* group = to.group()) {
      const auto sent = post_to_group(shared, sender_of(call), *group, std::move(copy));
      out.updates.push_back(types::UpdateMessageID{sent.id, r.random_id[i]});
      out.updates.push_back(types::UpdateNewMessage{world.mailbox(self).messages.at(sent.id), sent.pts, 1});
    } else {
      const auto sent = deliver(shared, sender_of(call), to.user(), std::move(copy));
      out.updates.push_back(types::UpdateMessageID{sent.id, r.random_id[i]});
      out.updates.push_back(types::UpdateNewMessage{sent, world.mailbox(self).pts, 1});
    }
  }
  if (const Channel* channel = to.channel()) out.chats.push_back(world.channel_view(*channel, self));
  if (const BasicGroup* group = to.group()) out.chats.push_back(world.group_view(*group, self));
  if (to.user() != 0) out.users = users_view(world, self, {self, to.user()});
  return out;
}

void add_send(Dispatcher& d, Shared& shared, const std::shared_ptr<ScheduledMessages>& scheduled) {
  on_send_once<fn::messages::SendMessage>(
      d, shared,
      [&shared, scheduled](const Call& call, const fn::messages::SendMessage& r) -> tl::enums::Updates {
        const std::int64_t self = call.account();
        if (r.message.empty()) throw RpcFailure(400, "MESSAGE_EMPTY");
        if (r.message.size() > kMaxMessageLength) throw RpcFailure(400, "MESSAGE_TOO_LONG");
        types::Message m;
        m.message = r.message;
        m.entities = r.entities;
        m.reply_markup = r.reply_markup;
        m.silent = r.silent;
        m.reply_to = reply_header(shared.world, self, r.peer, r.reply_to);
        // no_webpage needs nothing: the fake DC makes no link previews.
        if (r.schedule_date)
          return scheduled->schedule(call, r.peer, std::move(m), *r.schedule_date, r.random_id);
        const ChatTarget to = resolve_chat(shared.world, self, r.peer);
        if (Channel* channel = to.channel())
          return post_to_channel(shared, sender_of(call), *channel, std::move(m), r.random_id);
        if (BasicGroup* group = to.group())
          return post_to_group(shared, sender_of(call), *group, std::move(m));
        const auto sent = deliver(shared, sender_of(call), to.user(), std::move(m));
        types::UpdateShortSentMessage out;
        out.out = true;
        out.id = sent.id;
        out.pts = shared.world.mailbox(self).pts;
        out.pts_count = 1;
        out.date = sent.date;
        out.entities = sent.entities;
        return out;
      });
  on_send_once<fn::messages::ForwardMessages>(
      d, shared, [&shared](const Call& call, const fn::messages::ForwardMessages& r) {
        return forward(shared, call, r);
      });
}

// Removes ids from owner's box as one updateDeleteMessages; returns its pts.
std::int32_t remove(Shared& shared, std::int64_t owner, const std::vector<std::int32_t>& ids,
                    std::int64_t skip_session) {
  World& world = shared.world;
  const auto count = static_cast<std::int32_t>(ids.size());
  const std::int32_t pts = world.mailbox(owner).pts + count;
  for (const auto id : ids) {
    world.mailbox(owner).messages.erase(id);
    world.mailbox(owner).copies.erase(id);
  }
  world.log_update(owner, types::UpdateDeleteMessages{ids, pts, count}, count);
  push(shared, owner, updates_of(world, owner, {types::UpdateDeleteMessages{ids, pts, count}}, {}),
       skip_session);
  return pts;
}

void add_delete_and_typing(Dispatcher& d, Shared& shared) {
  d.on<fn::messages::DeleteMessages>([&shared](const Call& call, const fn::messages::DeleteMessages& r) {
    World& world = shared.world;
    const std::int64_t self = call.account();
    std::vector<std::int32_t> mine;
    std::map<std::int64_t, std::vector<std::int32_t>> theirs;
    for (const auto id : r.id) {
      auto& box = world.mailbox(self);
      const auto message = box.messages.find(id);
      if (message == box.messages.end()) continue;
      mine.push_back(id);
      if (!r.revoke) continue;
      if (const auto copy = box.copies.find(id); copy != box.copies.end())
        theirs[copy->second.first].push_back(copy->second.second);
      // A basic group's message goes for everyone when its author or the
      // group's creator deletes it; for others only their own copy goes.
      const BasicGroup* group = message->second.peer_id.is<types::PeerChat>()
                                    ? world.group(peer_key(message->second.peer_id))
                                    : nullptr;
      const BasicGroup::Copies* copies = group ? group->copies_of(self, id) : nullptr;
      if (copies == nullptr || !(message->second.out || group->creator == self)) continue;
      for (const auto& [member, copy_id] : *copies) {
        if (member != self && world.mailbox(member).messages.contains(copy_id))
          theirs[member].push_back(copy_id);
      }
    }
    if (mine.empty()) return types::messages::AffectedMessages{world.mailbox(self).pts, 0};
    for (const auto& [owner, ids] : theirs) remove(shared, owner, ids, 0);
    const std::int32_t pts = remove(shared, self, mine, call.session_id);
    return types::messages::AffectedMessages{pts, static_cast<std::int32_t>(mine.size())};
  });
  d.on<fn::messages::SetTyping>([&shared](const Call& call, const fn::messages::SetTyping& r) {
    const std::int64_t self = call.account();
    const std::int64_t to = resolve_peer(shared.world, self, r.peer);
    if (to != self) {
      push(shared, to,
           types::UpdateShort{types::UpdateUserTyping{.user_id = self, .action = r.action},
                              shared.world.now()});
    }
    return true;
  });
}

}  // namespace

void add_messages(Dispatcher& dispatcher, Shared& shared) {
  auto scheduled = std::make_shared<ScheduledMessages>(shared);
  scheduled->add_handlers(dispatcher);
  add_send(dispatcher, shared, scheduled);
  add_media(dispatcher, shared, scheduled);
  add_edits(dispatcher, shared);
  add_delete_and_typing(dispatcher, shared);
  add_message_reading(dispatcher, shared);
}

}  // namespace layer::fakedc::services
