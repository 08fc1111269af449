// Basic groups: each member keeps its own copy of every message, with its own
// id and pts, and is pushed updateShortChatMessage; membership is by invitation.
#include "delivery.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/messages.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

constexpr std::size_t kMaxGroupMembers = 200;

tl::enums::Updates announce(World& world, std::int64_t member, const types::Message& m, std::int32_t pts) {
  if (needs_full_form(m)) {
    auto u = updates_of(world, member, {types::UpdateNewMessage{m, pts, 1}}, {account_of(*m.from_id)});
    u.chats.push_back(world.group_view(*world.group(peer_key(m.peer_id)), member));
    return u;
  }
  auto u = short_form<types::UpdateShortChatMessage>(m, pts);
  u.from_id = account_of(*m.from_id);
  u.chat_id = peer_key(m.peer_id);
  return u;
}

types::ChatParticipants participants_of(const BasicGroup& g) {
  types::ChatParticipants out{.chat_id = g.id, .participants = {}, .version = g.version};
  for (const auto id : g.members) {
    if (id == g.creator) {
      out.participants.push_back(types::ChatParticipantCreator{.user_id = id});
    } else {
      out.participants.push_back(
          types::ChatParticipant{.user_id = id, .inviter_id = g.creator, .date = g.date});
    }
  }
  return out;
}

// Tells every member that `added` joined (the creator too when the group is
// new), as Telegram does: a newcomer learns of the chat (updateChat) and
// everyone gets the new list (updateChatParticipants), both numbered by seq;
// bots in the group are told of each one the caller added with a
// qts-numbered updateChatParticipant. The caller's own copy is the call's
// result.
types::messages::InvitedUsers announce_joined(Shared& shared, const Call& call, const BasicGroup& g,
                                              const std::vector<std::int64_t>& added, bool created) {
  World& world = shared.world;
  const std::int64_t self = call.account();
  std::optional<tl::enums::Updates> mine;
  for (const std::int64_t member : g.members) {
    std::vector<tl::enums::Update> changes;
    if (created || std::find(added.begin(), added.end(), member) != added.end()) {
      changes.push_back(types::UpdateChat{g.id});
    }
    changes.push_back(types::UpdateChatParticipants{participants_of(g)});
    auto told = sequenced(world, member, std::move(changes), g.members, {world.group_view(g, member)});
    push(shared, member, told, member == self ? call.session_id : 0);
    if (member == self) mine = std::move(told);
    if (!world.account(member)->bot) continue;
    for (const std::int64_t joined : added) {
      push_qts_update(
          shared, member,
          [&](std::int32_t qts) {
            return types::UpdateChatParticipant{
                .chat_id = g.id,
                .date = world.now(),
                .actor_id = self,
                .user_id = joined,
                .new_participant =
                    types::ChatParticipant{.user_id = joined, .inviter_id = self, .date = world.now()},
                .qts = qts};
          },
          {self, joined}, {world.group_view(g, member)});
    }
  }
  return types::messages::InvitedUsers{std::move(*mine), {}};
}

void add_membership(Dispatcher& d, Shared& shared) {
  World& world = shared.world;
  d.on<fn::messages::CreateChat>([&shared, &world](const Call& call, const fn::messages::CreateChat& r) {
    const std::int64_t self = call.account();
    if (r.title.empty()) throw RpcFailure(400, "CHAT_TITLE_EMPTY");
    std::vector<std::int64_t> members;
    for (const auto& user : r.users) members.push_back(resolve_user(world, self, user));
    if (members.size() + 1 > kMaxGroupMembers) throw RpcFailure(400, "USERS_TOO_MUCH");
    BasicGroup& g = world.add_group(r.title, self);
    std::vector<std::int64_t> added;
    for (const auto id : members) {
      if (g.has_member(id)) continue;
      g.members.push_back(id);
      added.push_back(id);
    }
    return announce_joined(shared, call, g, added, true);
  });
  d.on<fn::messages::AddChatUser>([&shared, &world](const Call& call, const fn::messages::AddChatUser& r) {
    const std::int64_t self = call.account();
    BasicGroup& g = group_of(world, self, r.chat_id);
    const std::int64_t id = resolve_user(world, self, r.user_id);
    if (g.has_member(id)) throw RpcFailure(400, "USER_ALREADY_PARTICIPANT");
    if (g.members.size() == kMaxGroupMembers) throw RpcFailure(400, "USERS_TOO_MUCH");
    g.members.push_back(id);
    ++g.version;
    return announce_joined(shared, call, g, {id}, false);
  });
}

void add_group_info(Dispatcher& d, Shared& shared) {
  World& world = shared.world;
  d.on<fn::messages::GetChats>([&world](const Call& call, const fn::messages::GetChats& r) {
    types::messages::Chats out;
    for (const auto id : r.id)
      out.chats.push_back(world.group_view(group_of(world, call.account(), id), call.account()));
    return out;
  });
  d.on<fn::messages::GetFullChat>([&world](const Call& call, const fn::messages::GetFullChat& r) {
    const BasicGroup& g = group_of(world, call.account(), r.chat_id);
    types::ChatFull full;
    full.id = g.id;
    full.participants = participants_of(g);
    full.pinned_msg_id = pinned_in(world.mailbox(call.account()).messages, g.id);
    full.notify_settings = types::PeerNotifySettings{};
    return types::messages::ChatFull{
        std::move(full), {world.group_view(g, call.account())}, users_view(world, call.account(), g.members)};
  });
}

}  // namespace

types::UpdateShortSentMessage post_to_group(Shared& shared, Sender sender, BasicGroup& g, types::Message m) {
  World& world = shared.world;
  const std::int64_t self = sender.account;
  m.date = world.now();
  m.from_id = peer_of(self);
  m.peer_id = types::PeerChat{g.id};
  // Every member's id of the message replied to (a copy: this message's
  // copies join the same vector).
  BasicGroup::Copies replied;
  if (m.reply_to) {
    const auto id = *m.reply_to->as<types::MessageReplyHeader>()->reply_to_msg_id;
    if (const auto* copies = g.copies_of(self, id)) replied = *copies;
  }
  Stored mine;
  BasicGroup::Copies& copies = g.copies.emplace_back();
  for (const std::int64_t member : g.members) {
    types::Message copy = m;
    copy.out = member == self;
    if (m.reply_to && member != self) {
      const auto theirs = replied.find(member);
      copy.reply_to = reply_header_for(
          m.reply_to, theirs != replied.end() ? std::optional(theirs->second) : std::nullopt);
    }
    const Stored stored = store(world, member, copy);
    copy.id = stored.id;
    copies[member] = stored.id;
    if (member == self) mine = stored;
    push(shared, member, announce(world, member, copy, stored.pts), member == self ? sender.session : 0);
  }
  types::UpdateShortSentMessage out;
  out.out = true;
  out.id = mine.id;
  out.pts = mine.pts;
  out.pts_count = 1;
  out.date = m.date;
  out.entities = m.entities;
  return out;
}

void add_groups(Dispatcher& d, Shared& shared) {
  add_membership(d, shared);
  add_group_info(d, shared);
}

}  // namespace layer::fakedc::services
