// Changing messages: send (now or at a date: scheduled.hpp), forward (both
// once per random_id: sends_once.hpp), edit, delete, typing.
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

types::Message& own_message(World& world, std::int64_t owner, std::int32_t id) {
  auto& messages = world.mailbox(owner).messages;
  const auto it = messages.find(id);
  if (it == messages.end()) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  return it->second;
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
        if (Channel* channel = channel_peer(shared.world, self, r.peer)) {
          return post_to_channel(shared, sender_of(call), *channel, std::move(m), r.random_id);
        }
        if (BasicGroup* group = group_peer(shared.world, self, r.peer)) {
          return post_to_group(shared, sender_of(call), *group, std::move(m));
        }
        const std::int64_t to = resolve_peer(shared.world, self, r.peer);
        const auto sent = deliver(shared, sender_of(call), to, std::move(m));
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
        const std::int64_t self = call.account();
        const std::int64_t from_peer = resolve_peer(shared.world, self, r.from_peer);
        const std::int64_t to = resolve_peer(shared.world, self, r.to_peer);
        if (r.id.empty() || r.id.size() != r.random_id.size()) throw RpcFailure(400, "RANDOM_ID_INVALID");
        std::vector<tl::enums::Update> updates;
        for (std::size_t i = 0; i < r.id.size(); ++i) {
          const types::Message original = own_message(shared.world, self, r.id[i]);
          if (account_of(original.peer_id) != from_peer) throw RpcFailure(400, "MESSAGE_ID_INVALID");
          types::Message copy;
          copy.message = original.message;
          copy.entities = original.entities;
          copy.silent = r.silent;
          // drop_author: a copy sent as one's own, without the forward header.
          if (!r.drop_author)
            copy.fwd_from = types::MessageFwdHeader{.from_id = original.from_id, .date = original.date};
          const auto sent = deliver(shared, sender_of(call), to, std::move(copy));
          updates.push_back(types::UpdateMessageID{sent.id, r.random_id[i]});
          updates.push_back(types::UpdateNewMessage{sent, shared.world.mailbox(self).pts, 1});
        }
        return updates_of(shared.world, self, std::move(updates), {self, to});
      });
}

void add_edit(Dispatcher& d, Shared& shared) {
  d.on<fn::messages::EditMessage>([&shared](const Call& call, const fn::messages::EditMessage& r) {
    World& world = shared.world;
    const std::int64_t self = call.account();
    resolve_peer(world, self, r.peer);
    types::Message& mine = own_message(world, self, r.id);
    if (!mine.out) throw RpcFailure(403, "MESSAGE_AUTHOR_REQUIRED");
    if (r.message && *r.message == mine.message && !r.reply_markup && !r.entities) {
      throw RpcFailure(400, "MESSAGE_NOT_MODIFIED");
    }
    const auto edit = [&](types::Message& m, std::int64_t owner) {
      if (r.message) m.message = *r.message;
      if (r.entities) m.entities = r.entities;
      if (r.reply_markup) m.reply_markup = r.reply_markup;
      m.edit_date = world.now();
      const std::int32_t pts = world.mailbox(owner).pts + 1;
      world.log_update(owner, types::UpdateEditMessage{m, pts, 1}, 1);
      return updates_of(world, owner, {types::UpdateEditMessage{m, pts, 1}}, {self, account_of(m.peer_id)});
    };
    const auto copy = world.mailbox(self).copies.find(r.id);
    if (copy != world.mailbox(self).copies.end()) {
      auto& theirs = own_message(world, copy->second.first, copy->second.second);
      push(shared, copy->second.first, edit(theirs, copy->second.first));
    }
    const auto result = edit(mine, self);
    push(shared, self, result, call.session_id);
    return result;
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
      if (!box.messages.contains(id)) continue;
      mine.push_back(id);
      const auto copy = box.copies.find(id);
      if (r.revoke && copy != box.copies.end()) theirs[copy->second.first].push_back(copy->second.second);
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
  add_edit(dispatcher, shared);
  add_delete_and_typing(dispatcher, shared);
  add_message_reading(dispatcher, shared);
}

}  // namespace layer::fakedc::services
