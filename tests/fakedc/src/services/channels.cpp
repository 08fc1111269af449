// Channels and supergroups: one message box and pts sequence shared by the
// members, posts pushed to every member as updateNewChannelMessage, and
// updates.getChannelDifference for a member that missed some (in slices of
// `limit`, or as channelDifferenceTooLong when it is too far behind).
#include "layer/tl/functions/channels.hpp"
#include "delivery.hpp"
#include "layer/tl/functions/updates.hpp"
#include "layer/tl/types/messages.hpp"
#include "layer/tl/types/updates.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

// Updates per getChannelDifference: Telegram's limit for users, and for bots.
constexpr std::int32_t kDifferenceLimit = 100;
constexpr std::int32_t kBotDifferenceLimit = 100000;
// Seconds a client that has caught up should wait before polling again (the
// timeout of a final difference; Telegram's varies with the channel).
constexpr std::int32_t kPollTimeout = 30;

// The channels the messages of updates were forwarded from, as viewer is
// shown them: whole where viewer is a member, else as Telegram shows a
// channel seen through someone else's eyes, min and without its access hash
// (the viewer names it through the message: inputPeerChannelFromMessage).
std::vector<tl::enums::Chat> origins(World& world, const std::vector<tl::enums::Update>& updates,
                                     std::int64_t viewer) {
  std::vector<tl::enums::Chat> out;
  for (const auto& update : updates) {
    const auto* u = update.as<types::UpdateNewChannelMessage>();
    const auto* m = u ? u->message.as<types::Message>() : nullptr;
    const auto* header = m && m->fwd_from ? m->fwd_from->as<types::MessageFwdHeader>() : nullptr;
    const auto* from = header && header->from_id ? header->from_id->as<types::PeerChannel>() : nullptr;
    const Channel* origin = from ? world.channel(from->channel_id) : nullptr;
    if (origin == nullptr) continue;
    auto view = world.channel_view(*origin, viewer);
    if (!origin->has_member(viewer)) {
      view.min = true;
      view.access_hash.reset();
    }
    out.push_back(std::move(view));
  }
  return out;
}

// Pushes to every member but the poster's calling session.
void to_members(Shared& shared, const Channel& c, std::int64_t poster,
                const std::vector<tl::enums::Update>& updates, std::int64_t skip_session) {
  for (const std::int64_t member : c.members) {
    types::Updates u = updates_of(shared.world, member, seen_by(updates, member), {poster});
    u.chats.push_back(shared.world.channel_view(c, member));
    for (auto& origin : origins(shared.world, updates, member)) u.chats.push_back(std::move(origin));
    push(shared, member, u, member == poster ? skip_session : 0);
  }
}

// Bots in the channel hear of each joiner through a qts-numbered updateChannelParticipant.
void tell_bots_of(Shared& shared, const Channel& c, std::int64_t actor,
                  const std::vector<std::int64_t>& joined) {
  World& world = shared.world;
  for (const std::int64_t member : c.members) {
    if (!world.account(member)->bot) continue;
    for (const std::int64_t id : joined) {
      push_qts_update(shared, member,
                      [&](std::int32_t qts) {
                        return types::UpdateChannelParticipant{
                            .channel_id = c.id,
                            .date = world.now(),
                            .actor_id = actor,
                            .user_id = id,
                            .new_participant = types::ChannelParticipant{.user_id = id, .date = world.now()},
                            .qts = qts};
                      },
                      {actor, id}, {world.channel_view(c, member)});
    }
  }
}

types::Updates with_channel(World& world, const Channel& c, std::int64_t viewer,
                            std::vector<tl::enums::Update> u) {
  types::Updates out = updates_of(world, viewer, std::move(u), {viewer});
  out.chats.push_back(world.channel_view(c, viewer));
  return out;
}

void add_membership(Dispatcher& d, Shared& shared) {
  World& world = shared.world;
  d.on<fn::channels::CreateChannel>([&world](const Call& call, const fn::channels::CreateChannel& r) {
    if (r.title.empty()) throw RpcFailure(400, "CHAT_TITLE_EMPTY");
    Channel& c = world.add_channel(r.title, call.account(), r.megagroup);
    c.about = r.about;
    return with_channel(world, c, call.account(), {});
  });
  d.on<fn::channels::InviteToChannel>([&shared](const Call& call, const fn::channels::InviteToChannel& r) {
    const std::int64_t self = call.account();
    Channel& c = resolve_channel(shared.world, self, r.channel);
    if (c.creator != self) throw RpcFailure(403, "CHAT_ADMIN_REQUIRED");
    std::vector<std::int64_t> joined;
    for (const auto& user : r.users) {
      const std::int64_t id = resolve_user(shared.world, self, user);
      if (!c.has_member(id)) {
        c.members.push_back(id);
        joined.push_back(id);
      }
    }
    const auto updates = with_channel(shared.world, c, self, {});
    to_members(shared, c, self, {}, call.session_id);
    tell_bots_of(shared, c, self, joined);
    return types::messages::InvitedUsers{updates, {}};
  });
  d.on<fn::channels::GetChannels>([&world](const Call& call, const fn::channels::GetChannels& r) {
    types::messages::Chats out;
    for (const auto& input : r.id)
      out.chats.push_back(world.channel_view(resolve_channel(world, call.account(), input), call.account()));
    return out;
  });
  d.on<fn::channels::GetFullChannel>([&world](const Call& call, const fn::channels::GetFullChannel& r) {
    const Channel& c = resolve_channel(world, call.account(), r.channel);
    types::ChannelFull full;
    full.id = c.id;
    full.about = c.about;
    full.participants_count = static_cast<std::int32_t>(c.members.size());
    full.chat_photo = types::PhotoEmpty{};
    full.notify_settings = types::PeerNotifySettings{};
    full.pts = c.box.pts;
    full.pinned_msg_id = pinned_in(c.box.messages, c.id);
    return types::messages::ChatFull{full, {world.channel_view(c, call.account())}, {}};
  });
}

void add_channel_messages(Dispatcher& d, Shared& shared) {
  World& world = shared.world;
  d.on<fn::channels::GetMessages>([&world](const Call& call, const fn::channels::GetMessages& r) {
    const Channel& c = resolve_channel(world, call.account(), r.channel);
    types::messages::Messages out;
    for (const auto& input : r.id) {
      const auto* by_id = input.as<types::InputMessageID>();
      if (by_id == nullptr) throw RpcFailure(400, "MESSAGE_IDS_EMPTY");
      const auto it = c.box.messages.find(by_id->id);
      if (it == c.box.messages.end()) {
        out.messages.push_back(types::MessageEmpty{.id = by_id->id});
      } else {
        out.messages.push_back(it->second);
      }
    }
    out.chats.push_back(world.channel_view(c, call.account()));
    return out;
  });
  d.on<fn::channels::DeleteMessages>([&shared](const Call& call, const fn::channels::DeleteMessages& r) {
    const std::int64_t self = call.account();
    Channel& c = resolve_channel(shared.world, self, r.channel);
    std::vector<std::int32_t> gone;
    for (const auto id : r.id) {
      const auto it = c.box.messages.find(id);
      if (it == c.box.messages.end()) continue;
      const bool own = it->second.from_id && account_of(*it->second.from_id) == self;
      if (!own && c.creator != self) throw RpcFailure(403, "MESSAGE_DELETE_FORBIDDEN");
      c.box.messages.erase(it);
      gone.push_back(id);
    }
    if (gone.empty()) return types::messages::AffectedMessages{c.box.pts, 0};
    const auto count = static_cast<std::int32_t>(gone.size());
    c.box.pts += count;
    const types::UpdateDeleteChannelMessages update{c.id, gone, c.box.pts, count};
    c.box.log.push_back({c.box.pts, count, shared.world.now(), update});
    to_members(shared, c, self, {update}, call.session_id);
    return types::messages::AffectedMessages{c.box.pts, count};
  });
}

// The newest `count` messages, newest first, as getHistory pages them.
std::vector<tl::enums::Message> latest(const Channel& c, std::int32_t count) {
  std::vector<tl::enums::Message> out;
  for (auto it = c.box.messages.rbegin(); it != c.box.messages.rend(); ++it) {
    if (static_cast<std::int32_t>(out.size()) == count) break;
    out.push_back(it->second);
  }
  return out;
}

// What Telegram answers a member too far behind to replay: the channel as its
// dialog shows it and its newest messages; the client drops what it kept of
// the channel and goes on from the dialog's pts.
types::updates::ChannelDifferenceTooLong too_long(World& world, std::int64_t self, const Channel& c,
                                                  std::int32_t count) {
  types::updates::ChannelDifferenceTooLong out;
  out.final = true;
  out.timeout = kPollTimeout;
  const std::int32_t top = c.box.messages.empty() ? 0 : c.box.messages.rbegin()->first;
  out.dialog = dialog_of(types::PeerChannel{c.id}, top, c.box.pts);
  out.messages = seen_by(latest(c, count), self);
  out.chats.push_back(world.channel_view(c, self));
  out.users = users_view(world, self, people_in(out.messages));
  return out;
}

// At most `limit` updates after `since` (Telegram's caps when limit is 0 or
// past them), final when they reach the channel's pts: a client given
// final=false asks again from the pts returned, one given final=true waits
// `timeout` seconds before polling again.
tl::enums::updates::ChannelDifference difference(Shared& shared, std::int64_t self, const Channel& c,
                                                 std::int32_t since, std::int32_t limit) {
  World& world = shared.world;
  if (since <= 0 || since > c.box.pts) throw RpcFailure(400, "PERSISTENT_TIMESTAMP_INVALID");
  const std::int32_t most = world.account(self)->bot ? kBotDifferenceLimit : kDifferenceLimit;
  const std::int32_t cap = limit <= 0 ? most : std::min(limit, most);
  if (shared.faults.take_channel_too_long(c.id) ||
      c.box.pts - since > shared.options.channel_difference_too_long_after) {
    return too_long(world, self, c, std::min(cap, kDifferenceLimit));
  }
  if (since == c.box.pts) {
    return types::updates::ChannelDifferenceEmpty{.final = true, .pts = c.box.pts, .timeout = kPollTimeout};
  }
  types::updates::ChannelDifference out;
  std::int32_t reached = since;
  for (const auto& entry : c.box.log) {
    if (entry.pts <= since) continue;
    if (static_cast<std::int32_t>(out.new_messages.size() + out.other_updates.size()) == cap) break;
    if (const auto* added = entry.update.as<types::UpdateNewChannelMessage>()) {
      out.new_messages.push_back(added->message);
    } else {
      out.other_updates.push_back(entry.update);
    }
    reached = entry.pts;
  }
  out.new_messages = seen_by(std::move(out.new_messages), self);
  out.other_updates = seen_by(std::move(out.other_updates), self);
  out.final = reached == c.box.pts;
  if (out.final) out.timeout = kPollTimeout;
  out.pts = reached;
  out.chats.push_back(world.channel_view(c, self));
  out.users = users_view(world, self, c.members);
  return out;
}

}  // namespace

types::Updates post_to_channel(Shared& shared, Sender sender, Channel& c, types::Message m,
                               std::int64_t random_id) {
  const std::int64_t self = sender.account;
  if (!c.can_post(self)) throw RpcFailure(403, "CHAT_WRITE_FORBIDDEN");
  m.id = c.box.next_message_id++;
  m.date = shared.world.now();
  m.peer_id = types::PeerChannel{c.id};
  m.from_id = c.megagroup ? std::optional(peer_of(self)) : std::nullopt;
  m.post = !c.megagroup;
  c.box.messages[m.id] = m;
  c.box.pts += 1;
  const types::UpdateNewChannelMessage update{m, c.box.pts, 1};
  c.box.log.push_back({c.box.pts, 1, shared.world.now(), update});
  to_members(shared, c, self, {update}, sender.session);
  m.out = true;
  return with_channel(
      shared.world, c, self,
      {types::UpdateMessageID{m.id, random_id}, types::UpdateNewChannelMessage{m, c.box.pts, 1}});
}

types::Updates pin_in_channel(Shared& shared, const Call& call, Channel& c, std::int32_t id, bool pinned) {
  const std::int64_t self = call.account();
  // Who may post may pin: in a supergroup any member, as in one whose default
  // rights allow it (the fake DC has no admins), in a channel its creator.
  if (!c.can_post(self)) throw RpcFailure(400, "CHAT_ADMIN_REQUIRED");
  const auto it = c.box.messages.find(id);
  if (it == c.box.messages.end()) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  it->second.pinned = pinned;
  c.box.pts += 1;
  const types::UpdatePinnedChannelMessages update{pinned, c.id, {id}, c.box.pts, 1};
  c.box.log.push_back({c.box.pts, 1, shared.world.now(), update});
  to_members(shared, c, self, {update}, call.session_id);
  return with_channel(shared.world, c, self, {update});
}

types::Updates edit_in_channel(Shared& shared, const Call& call, Channel& c, std::int32_t id,
                               const MessageEdit& edit) {
  const std::int64_t self = call.account();
  const auto it = c.box.messages.find(id);
  if (it == c.box.messages.end()) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  // A broadcast channel's posts name no author: its creator wrote them.
  const bool own = it->second.from_id ? account_of(*it->second.from_id) == self : c.creator == self;
  if (!own) throw RpcFailure(403, "MESSAGE_AUTHOR_REQUIRED");
  edit.check(it->second);
  edit.apply(it->second, shared.world.now());
  c.box.pts += 1;
  const types::UpdateEditChannelMessage update{it->second, c.box.pts, 1};
  c.box.log.push_back({c.box.pts, 1, shared.world.now(), update});
  to_members(shared, c, self, {update}, call.session_id);
  return with_channel(shared.world, c, self, seen_by({update}, self));
}

void add_channels(Dispatcher& d, Shared& shared) {
  add_membership(d, shared);
  add_channel_messages(d, shared);
  d.on<fn::updates::GetChannelDifference>(
      [&shared](const Call& call, const fn::updates::GetChannelDifference& r) {
        const std::int64_t self = call.account();
        return difference(shared, self, resolve_channel(shared.world, self, r.channel), r.pts, r.limit);
      });
}

}  // namespace layer::fakedc::services
