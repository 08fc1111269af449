#include "scheduled.hpp"

#include <algorithm>
#include <chrono>

#include "delivery.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/messages.hpp"
#include "peers.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

// The group or channel chat is, as self sees it; none for a private chat.
std::vector<tl::enums::Chat> chats_of(World& world, std::int64_t self, const tl::enums::Peer& chat) {
  if (const auto* channel = chat.as<types::PeerChannel>()) {
    if (const Channel* c = world.channel(channel->channel_id)) return {world.channel_view(*c, self)};
  }
  if (const auto* group = chat.as<types::PeerChat>()) {
    if (const BasicGroup* g = world.group(group->chat_id)) return {world.group_view(*g, self)};
  }
  return {};
}

// The chat self would send to through peer, checked as a send checks it.
tl::enums::Peer chat_of(World& world, std::int64_t self, const tl::enums::InputPeer& peer) {
  tl::enums::Peer chat = resolve_chat(world, self, peer).peer();
  if (const auto* channel = chat.as<types::PeerChannel>()) {
    if (!world.channel(channel->channel_id)->can_post(self)) throw RpcFailure(403, "CHAT_WRITE_FORBIDDEN");
  } else if (const std::int64_t to = account_of(chat); to != 0 && world.account(to)->has_blocked(self)) {
    throw RpcFailure(400, "USER_IS_BLOCKED");
  }
  return chat;
}

// A messages.messages of self's scheduled messages in chat, with who and what they name.
types::messages::Messages listing(World& world, std::int64_t self, const tl::enums::Peer& chat,
                                  std::vector<tl::enums::Message> messages) {
  auto users = users_view(world, self, people_in(messages));
  return types::messages::Messages{std::move(messages), {}, chats_of(world, self, chat), std::move(users)};
}

}  // namespace

ScheduledMessages::ScheduledMessages(Shared& shared) : shared_(shared) {
  for (const auto& [owner, box] : shared_.world.mailboxes()) {
    for (const auto& [id, m] : box.scheduled) arm(owner, id, m.date);
  }
}

void ScheduledMessages::check(const Call& call, std::int32_t date) const {
  World& world = shared_.world;
  if (world.account(call.account())->bot) throw RpcFailure(400, "SCHEDULE_BOT_NOT_ALLOWED");
  if (date <= world.now()) throw RpcFailure(400, "SCHEDULE_DATE_INVALID");
  if (date - world.now() > kLongestWait) throw RpcFailure(400, "SCHEDULE_DATE_TOO_LATE");
}

tl::types::Updates ScheduledMessages::schedule(const Call& call, const tl::enums::InputPeer& peer,
                                               types::Message m, std::int32_t date, std::int64_t random_id) {
  World& world = shared_.world;
  const std::int64_t self = call.account();
  check(call, date);
  const tl::enums::Peer chat = chat_of(world, self, peer);
  Mailbox& box = world.mailbox(self);
  const auto waiting = std::count_if(box.scheduled.begin(), box.scheduled.end(), [&](const auto& entry) {
    return peer_key(entry.second.peer_id) == peer_key(chat);
  });
  if (static_cast<std::size_t>(waiting) >= kPerChat) throw RpcFailure(400, "SCHEDULE_TOO_MUCH");
  m.id = box.next_scheduled_id++;
  m.date = date;
  m.out = true;
  m.from_id = peer_of(self);
  m.peer_id = chat;
  box.scheduled[m.id] = m;
  arm(self, m.id, date);
  const std::vector<std::int64_t> users{self, account_of(chat)};
  auto others = updates_of(world, self, {types::UpdateNewScheduledMessage{m}}, users);
  others.chats = chats_of(world, self, chat);
  push(shared_, self, others, call.session_id);
  auto answer = updates_of(
      world, self, {types::UpdateMessageID{m.id, random_id}, types::UpdateNewScheduledMessage{m}}, users);
  answer.chats = std::move(others.chats);
  return answer;
}

void ScheduledMessages::arm(std::int64_t owner, std::int32_t id, std::int32_t date) {
  // From the cluster's exact time, not the world's whole seconds, so the
  // message goes when the clock shows its date, not up to a second after.
  const auto due = mtproto::Time(std::chrono::seconds(date));
  const auto wait =
      std::max(Timers::Duration::zero(), std::chrono::duration_cast<Timers::Duration>(due - shared_.now()));
  alarms_[{owner, id}] = shared_.timers.after(wait, [this, owner, id] {
    if (auto done = send(owner, id)) push(shared_, owner, updates_of(shared_.world, owner, {*done}, {}));
  });
}

std::optional<types::UpdateDeleteScheduledMessages> ScheduledMessages::send(std::int64_t owner,
                                                                            std::int32_t id) {
  alarms_.erase({owner, id});
  Mailbox& box = shared_.world.mailbox(owner);
  const auto it = box.scheduled.find(id);
  if (it == box.scheduled.end()) return std::nullopt;
  types::Message m = std::move(it->second);
  box.scheduled.erase(it);
  types::UpdateDeleteScheduledMessages done;
  done.peer = m.peer_id;
  done.messages = {id};
  try {
    done.sent_messages = std::vector{post(owner, std::move(m))};
  } catch (const RpcFailure& failure) {
    std::string line = "scheduled message ";
    line += std::to_string(id);
    line += " of ";
    line += std::to_string(owner);
    line += " dropped: ";
    line += failure.name();
    shared_.log(line);
  }
  return done;
}

std::int32_t ScheduledMessages::post(std::int64_t owner, types::Message m) {
  World& world = shared_.world;
  m.from_scheduled = true;
  // No session sent it: every session of the sender is pushed the message.
  const Sender sender{owner, 0};
  if (const auto* channel = m.peer_id.as<types::PeerChannel>()) {
    Channel* c = world.channel(channel->channel_id);
    if (c == nullptr) throw RpcFailure(400, "CHANNEL_INVALID");
    post_to_channel(shared_, sender, *c, std::move(m), 0);
    return c->box.next_message_id - 1;
  }
  if (const auto* chat = m.peer_id.as<types::PeerChat>()) {
    BasicGroup* g = world.group(chat->chat_id);
    if (g == nullptr || !g->has_member(owner)) throw RpcFailure(400, "CHAT_ID_INVALID");
    return post_to_group(shared_, sender, *g, std::move(m)).id;
  }
  const std::int64_t to = account_of(m.peer_id);
  return deliver(shared_, sender, to, std::move(m)).id;
}

void ScheduledMessages::add_handlers(Dispatcher& d) {
  World& world = shared_.world;
  d.on<fn::messages::GetScheduledHistory>(
      [&world](const Call& call, const fn::messages::GetScheduledHistory& r) {
        const std::int64_t self = call.account();
        const tl::enums::Peer chat = resolve_chat(world, self, r.peer).peer();
        std::vector<const types::Message*> found;
        for (const auto& [id, m] : world.mailbox(self).scheduled) {
          if (peer_key(m.peer_id) == peer_key(chat)) found.push_back(&m);
        }
        // Latest date first, as Telegram lists them.
        std::sort(found.begin(), found.end(), [](const types::Message* a, const types::Message* b) {
          return std::pair(a->date, a->id) > std::pair(b->date, b->id);
        });
        std::vector<tl::enums::Message> messages;
        for (const auto* m : found) messages.push_back(*m);
        return listing(world, self, chat, std::move(messages));
      });
  d.on<fn::messages::GetScheduledMessages>(
      [&world](const Call& call, const fn::messages::GetScheduledMessages& r) {
        const std::int64_t self = call.account();
        const tl::enums::Peer chat = resolve_chat(world, self, r.peer).peer();
        const auto& scheduled = world.mailbox(self).scheduled;
        std::vector<tl::enums::Message> messages;
        for (const std::int32_t id : r.id) {
          const auto it = scheduled.find(id);
          if (it == scheduled.end() || peer_key(it->second.peer_id) != peer_key(chat)) {
            messages.push_back(types::MessageEmpty{.id = id});
          } else {
            messages.push_back(it->second);
          }
        }
        return listing(world, self, chat, std::move(messages));
      });
  d.on<fn::messages::DeleteScheduledMessages>(
      [this, &world](const Call& call, const fn::messages::DeleteScheduledMessages& r) {
        const std::int64_t self = call.account();
        const std::int64_t chat = input_peer_key(world, self, r.peer);
        auto& scheduled = world.mailbox(self).scheduled;
        types::UpdateDeleteScheduledMessages update;
        for (const std::int32_t id : r.id) {
          const auto it = scheduled.find(id);
          if (it == scheduled.end() || peer_key(it->second.peer_id) != chat) continue;
          update.peer = it->second.peer_id;
          update.messages.push_back(id);
          scheduled.erase(it);
          alarms_.erase({self, id});
        }
        if (update.messages.empty()) return updates_of(world, self, {}, {});
        const auto out = updates_of(world, self, {update}, {});
        push(shared_, self, out, call.session_id);
        return out;
      });
  // The messages go out as they would at their date, pushed to every
  // session of the sender; the call is answered with what became of each.
  d.on<fn::messages::SendScheduledMessages>(
      [this, &world](const Call& call, const fn::messages::SendScheduledMessages& r) {
        const std::int64_t self = call.account();
        const std::int64_t chat = input_peer_key(world, self, r.peer);
        std::vector<tl::enums::Update> done;
        for (const std::int32_t id : r.id) {
          const auto& scheduled = world.mailbox(self).scheduled;
          const auto it = scheduled.find(id);
          if (it == scheduled.end() || peer_key(it->second.peer_id) != chat) continue;
          done.push_back(*send(self, id));
        }
        if (done.empty()) throw RpcFailure(400, "MESSAGE_ID_INVALID");
        const auto out = updates_of(world, self, std::move(done), {});
        push(shared_, self, out, call.session_id);
        return out;
      });
}

}  // namespace layer::fakedc::services
