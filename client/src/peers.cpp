#include "peers.hpp"

#include <algorithm>
#include <cctype>

namespace layer::client::detail {
namespace {

namespace types = tl::types;

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

void PeerCache::remember_username(const std::optional<std::string>& username, const Peer& peer) {
  if (username && !username->empty()) usernames_[lowercase(*username)] = peer;
}

void PeerCache::add(const std::vector<tl::enums::User>& users, const std::vector<tl::enums::Chat>& chats) {
  for (const auto& u : users) {
    const auto* user = u.as<types::User>();
    if (user == nullptr) continue;
    Known& known = users_[user->id];
    if (!user->min && user->access_hash) known.access_hash = user->access_hash;
    if (!user->min) remember_username(user->username, Peer::user(user->id));
    if (user->self) self_ = user->id;
  }
  for (const auto& c : chats) {
    if (const auto* chat = c.as<types::Chat>()) chats_[chat->id] = true;
    if (const auto* chat = c.as<types::ChatForbidden>()) chats_[chat->id] = true;
    if (const auto* channel = c.as<types::Channel>()) {
      Known& known = channels_[channel->id];
      if (!channel->min && channel->access_hash) known.access_hash = channel->access_hash;
      if (!channel->min) remember_username(channel->username, Peer::channel(channel->id));
    }
    if (const auto* channel = c.as<types::ChannelForbidden>())
      channels_[channel->id].access_hash = channel->access_hash;
  }
}

void PeerCache::seen_in(const types::Message& message) {
  if (!message.from_id) return;
  const auto* from = message.from_id->as<types::PeerUser>();
  if (from == nullptr) return;
  const Peer chat = Peer::of(message.peer_id);
  if (chat.kind == Peer::Kind::user) return;  // a private chat names its user through the access hash only
  users_[from->user_id].seen_in = std::pair{chat, message.id};
}

std::optional<tl::enums::InputPeer> PeerCache::input_peer(const Peer& peer) const {
  switch (peer.kind) {
    case Peer::Kind::user: {
      if (peer.id == self_ && self_ != 0) return types::InputPeerSelf{};
      const auto it = users_.find(peer.id);
      if (it == users_.end()) return std::nullopt;
      if (it->second.access_hash) return types::InputPeerUser{peer.id, *it->second.access_hash};
      if (const auto& seen = it->second.seen_in) {
        auto chat = input_peer(seen->first);
        if (!chat) return std::nullopt;
        return types::InputPeerUserFromMessage{std::move(*chat), seen->second, peer.id};
      }
      return std::nullopt;
    }
    case Peer::Kind::chat:
      if (!chats_.contains(peer.id)) return std::nullopt;
      return types::InputPeerChat{peer.id};
    case Peer::Kind::channel: {
      const auto it = channels_.find(peer.id);
      if (it == channels_.end() || !it->second.access_hash) return std::nullopt;
      return types::InputPeerChannel{peer.id, *it->second.access_hash};
    }
  }
  return std::nullopt;
}

std::optional<tl::enums::InputUser> PeerCache::input_user(std::int64_t user_id) const {
  auto peer = input_peer(Peer::user(user_id));
  if (!peer) return std::nullopt;
  if (peer->is<types::InputPeerSelf>()) return types::InputUserSelf{};
  if (const auto* u = peer->as<types::InputPeerUser>()) return types::InputUser{u->user_id, u->access_hash};
  if (auto* m = peer->as<types::InputPeerUserFromMessage>())
    return types::InputUserFromMessage{std::move(m->peer), m->msg_id, m->user_id};
  return std::nullopt;
}

std::optional<tl::enums::InputChannel> PeerCache::input_channel(std::int64_t channel_id) const {
  const auto it = channels_.find(channel_id);
  if (it == channels_.end() || !it->second.access_hash) return std::nullopt;
  return types::InputChannel{channel_id, *it->second.access_hash};
}

std::optional<Peer> PeerCache::by_username(std::string_view username) const {
  if (username.starts_with('@')) username.remove_prefix(1);
  const auto it = usernames_.find(lowercase(username));
  if (it == usernames_.end()) return std::nullopt;
  return it->second;
}

}  // namespace layer::client::detail
