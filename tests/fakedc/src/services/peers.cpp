#include "peers.hpp"

#include <algorithm>

namespace layer::fakedc::services {

namespace types = tl::types;

std::int64_t resolve_peer(World& world, std::int64_t self, const tl::enums::InputPeer& peer) {
  if (peer.is<types::InputPeerSelf>()) return self;
  if (const auto* user = peer.as<types::InputPeerUser>()) {
    const Account* a = world.account(user->user_id);
    if (a != nullptr && (a->access_hash == user->access_hash || a->id == self)) return a->id;
  }
  throw RpcFailure(400, "PEER_ID_INVALID");
}

std::int64_t resolve_user(World& world, std::int64_t self, const tl::enums::InputUser& user) {
  if (user.is<types::InputUserSelf>()) return self;
  if (const auto* u = user.as<types::InputUser>()) {
    const Account* a = world.account(u->user_id);
    if (a != nullptr && (a->access_hash == u->access_hash || a->id == self)) return a->id;
  }
  throw RpcFailure(400, "USER_ID_INVALID");
}

namespace {

Channel& checked_channel(World& world, std::int64_t self, std::int64_t id, std::int64_t access_hash) {
  Channel* c = world.channel(id);
  if (c == nullptr || c->access_hash != access_hash) throw RpcFailure(400, "CHANNEL_INVALID");
  if (!c->has_member(self) && c->username.empty()) throw RpcFailure(400, "CHANNEL_PRIVATE");
  return *c;
}

bool names(const tl::enums::Peer& who, std::int64_t channel_id) {
  const auto* channel = who.as<types::PeerChannel>();
  return channel != nullptr && channel->channel_id == channel_id;
}

// A channel self knows only as a min object, named by a message self can see
// in the chat `peer` names, whose author or forward origin it is. The chat is
// checked first, so a bad one is refused as itself (PEER_ID_INVALID, ...)
// whatever the message id; a message that is not there or does not name the
// channel is CHANNEL_INVALID.
Channel& channel_from_message(World& world, std::int64_t self, const tl::enums::InputPeer& peer,
                              std::int32_t msg_id, std::int64_t channel_id) {
  const ChatTarget chat = resolve_chat(world, self, peer);
  const Channel* in_channel = chat.channel();
  const auto& box = in_channel ? in_channel->box.messages : world.mailbox(self).messages;
  const auto it = box.find(msg_id);
  const types::Message* message = nullptr;
  if (it != box.end() && (in_channel || peer_key(it->second.peer_id) == chat.key())) message = &it->second;
  const auto* header =
      message && message->fwd_from ? message->fwd_from->as<types::MessageFwdHeader>() : nullptr;
  const bool named = message && ((message->from_id && names(*message->from_id, channel_id)) ||
                                 (header && header->from_id && names(*header->from_id, channel_id)));
  Channel* c = world.channel(channel_id);
  if (!named || c == nullptr) throw RpcFailure(400, "CHANNEL_INVALID");
  if (!c->has_member(self) && c->username.empty()) throw RpcFailure(400, "CHANNEL_PRIVATE");
  return *c;
}

}  // namespace

Channel& resolve_channel(World& world, std::int64_t self, const tl::enums::InputChannel& channel) {
  if (const auto* m = channel.as<types::InputChannelFromMessage>())
    return channel_from_message(world, self, m->peer, m->msg_id, m->channel_id);
  const auto* c = channel.as<types::InputChannel>();
  if (c == nullptr) throw RpcFailure(400, "CHANNEL_INVALID");
  return checked_channel(world, self, c->channel_id, c->access_hash);
}

Channel* channel_peer(World& world, std::int64_t self, const tl::enums::InputPeer& peer) {
  if (const auto* m = peer.as<types::InputPeerChannelFromMessage>())
    return &channel_from_message(world, self, m->peer, m->msg_id, m->channel_id);
  const auto* c = peer.as<types::InputPeerChannel>();
  return c == nullptr ? nullptr : &checked_channel(world, self, c->channel_id, c->access_hash);
}

BasicGroup& group_of(World& world, std::int64_t self, std::int64_t chat_id) {
  BasicGroup* g = world.group(chat_id);
  if (g == nullptr || !g->has_member(self)) throw RpcFailure(400, "CHAT_ID_INVALID");
  return *g;
}

BasicGroup* group_peer(World& world, std::int64_t self, const tl::enums::InputPeer& peer) {
  const auto* chat = peer.as<types::InputPeerChat>();
  return chat == nullptr ? nullptr : &group_of(world, self, chat->chat_id);
}

std::int64_t peer_key(const tl::enums::Peer& peer) {
  // Ids of all kinds come from one counter in the world, so they never collide.
  if (const auto* chat = peer.as<types::PeerChat>()) return chat->chat_id;
  if (const auto* channel = peer.as<types::PeerChannel>()) return channel->channel_id;
  return account_of(peer);
}

Channel* ChatTarget::channel() const {
  const auto* c = std::get_if<Channel*>(&chat);
  return c == nullptr ? nullptr : *c;
}

BasicGroup* ChatTarget::group() const {
  const auto* g = std::get_if<BasicGroup*>(&chat);
  return g == nullptr ? nullptr : *g;
}

std::int64_t ChatTarget::user() const {
  const auto* u = std::get_if<std::int64_t>(&chat);
  return u == nullptr ? 0 : *u;
}

std::int64_t ChatTarget::key() const {
  if (const Channel* c = channel()) return c->id;
  if (const BasicGroup* g = group()) return g->id;
  return user();
}

tl::enums::Peer ChatTarget::peer() const {
  if (const Channel* c = channel()) return types::PeerChannel{c->id};
  if (const BasicGroup* g = group()) return types::PeerChat{g->id};
  return peer_of(user());
}

ChatTarget resolve_chat(World& world, std::int64_t self, const tl::enums::InputPeer& peer) {
  if (Channel* channel = channel_peer(world, self, peer)) return {channel};
  if (BasicGroup* group = group_peer(world, self, peer)) return {group};
  return {resolve_peer(world, self, peer)};
}

std::int64_t input_peer_key(World& world, std::int64_t self, const tl::enums::InputPeer& peer) {
  return resolve_chat(world, self, peer).key();
}

tl::enums::Peer peer_of(std::int64_t account) {
  return types::PeerUser{account};
}

std::int64_t account_of(const tl::enums::Peer& peer) {
  const auto* user = peer.as<types::PeerUser>();
  return user == nullptr ? 0 : user->user_id;
}

std::vector<tl::enums::User> users_view(World& world, std::int64_t viewer,
                                        const std::vector<std::int64_t>& ids) {
  std::vector<std::int64_t> unique = ids;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  std::vector<tl::enums::User> out;
  for (const std::int64_t id : unique) {
    if (const Account* a = world.account(id)) out.push_back(world.user_view(*a, viewer));
  }
  return out;
}

std::vector<std::int64_t> people_in(const std::vector<tl::enums::Message>& messages) {
  std::vector<std::int64_t> out;
  for (const auto& m : messages) {
    if (const auto* message = m.as<types::Message>()) {
      out.push_back(account_of(message->peer_id));
      if (message->from_id) out.push_back(account_of(*message->from_id));
    }
  }
  return out;
}

std::optional<std::int32_t> pinned_in(const std::map<std::int32_t, types::Message>& messages,
                                      std::int64_t chat) {
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (it->second.pinned && peer_key(it->second.peer_id) == chat) return it->first;
  }
  return std::nullopt;
}

types::Dialog dialog_of(const tl::enums::Peer& peer, std::int32_t top_message,
                        std::optional<std::int32_t> pts) {
  types::Dialog d;
  d.peer = peer;
  d.top_message = top_message;
  d.read_inbox_max_id = top_message;
  d.read_outbox_max_id = top_message;
  d.notify_settings = types::PeerNotifySettings{};
  d.pts = pts;
  return d;
}

types::Message seen_by(types::Message m, std::int64_t viewer) {
  m.out = m.from_id && account_of(*m.from_id) == viewer;
  return m;
}

std::vector<tl::enums::Message> seen_by(std::vector<tl::enums::Message> messages, std::int64_t viewer) {
  for (auto& message : messages) {
    if (const auto* m = message.as<types::Message>()) message = seen_by(*m, viewer);
  }
  return messages;
}

std::vector<tl::enums::Update> seen_by(std::vector<tl::enums::Update> updates, std::int64_t viewer) {
  for (auto& update : updates) {
    if (const auto* u = update.as<types::UpdateNewChannelMessage>()) {
      if (const auto* m = u->message.as<types::Message>())
        update = types::UpdateNewChannelMessage{seen_by(*m, viewer), u->pts, u->pts_count};
    } else if (const auto* e = update.as<types::UpdateEditChannelMessage>()) {
      if (const auto* m = e->message.as<types::Message>())
        update = types::UpdateEditChannelMessage{seen_by(*m, viewer), e->pts, e->pts_count};
    }
  }
  return updates;
}

}  // namespace layer::fakedc::services
