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

void PeerCache::learn(Known& known, const Peer& peer, std::optional<std::int64_t> access_hash,
                      const std::optional<std::string>& username) {
  if (access_hash && known.access_hash != access_hash) {
    known.access_hash = access_hash;
    changed_.insert(peer);
  }
  if (username && !username->empty()) {
    auto name = lowercase(*username);
    usernames_[name] = peer;
    if (known.username != name) {
      known.username = std::move(name);
      changed_.insert(peer);
    }
  }
}

void PeerCache::learn_chat(std::int64_t id) {
  if (chats_.emplace(id, true).second) changed_.insert(Peer::chat(id));
}

void PeerCache::restore(const std::vector<KnownPeer>& peers) {
  for (const KnownPeer& p : peers) {
    switch (p.peer.kind) {
      case Peer::Kind::user:
        learn(users_[p.peer.id], p.peer, p.access_hash, p.username);
        break;
      case Peer::Kind::chat:
        chats_[p.peer.id] = true;
        break;
      case Peer::Kind::channel:
        learn(channels_[p.peer.id], p.peer, p.access_hash, p.username);
        break;
    }
  }
  changed_.clear();
}

std::optional<KnownPeer> PeerCache::kept(const Peer& peer) const {
  if (peer.kind == Peer::Kind::chat) return KnownPeer{peer, 0, {}};
  const auto& table = peer.kind == Peer::Kind::user ? users_ : channels_;
  const auto it = table.find(peer.id);
  // Without an access hash there is nothing a later run could name it by.
  if (it == table.end() || !it->second.access_hash) return std::nullopt;
  return KnownPeer{peer, *it->second.access_hash, it->second.username};
}

std::vector<KnownPeer> PeerCache::changed() {
  std::vector<KnownPeer> out;
  out.reserve(changed_.size());
  for (const Peer& peer : changed_) {
    if (auto p = kept(peer)) out.push_back(std::move(*p));
  }
  changed_.clear();
  return out;
}

void PeerCache::add(const std::vector<tl::enums::User>& users, const std::vector<tl::enums::Chat>& chats) {
  for (const auto& u : users) {
    const auto* user = u.as<types::User>();
    if (user == nullptr) continue;
    if (!user->min) learn(users_[user->id], Peer::user(user->id), user->access_hash, user->username);
    if (user->self) self_ = user->id;
  }
  for (const auto& c : chats) {
    if (const auto* chat = c.as<types::Chat>()) learn_chat(chat->id);
    if (const auto* chat = c.as<types::ChatForbidden>()) learn_chat(chat->id);
    if (const auto* channel = c.as<types::Channel>(); channel && !channel->min) {
      learn(channels_[channel->id], Peer::channel(channel->id), channel->access_hash, channel->username);
    }
    if (const auto* channel = c.as<types::ChannelForbidden>())
      learn(channels_[channel->id], Peer::channel(channel->id), channel->access_hash, std::nullopt);
  }
}

void PeerCache::seen_in(const types::Message& message) {
  const Peer chat = Peer::of(message.peer_id);
  if (chat.kind == Peer::Kind::user) return;  // a private chat names its user through the access hash only
  const auto remember = [&](const tl::enums::Peer& who) {
    if (const auto* user = who.as<types::PeerUser>())
      users_[user->user_id].seen_in = std::pair{chat, message.id};
    if (const auto* channel = who.as<types::PeerChannel>())
      channels_[channel->channel_id].seen_in = std::pair{chat, message.id};
  };
  if (message.from_id) remember(*message.from_id);
  if (const auto* header = message.fwd_from ? message.fwd_from->as<types::MessageFwdHeader>() : nullptr;
      header && header->from_id)
    remember(*header->from_id);
}

template <class Result, class ByHash, class FromMessage>
std::optional<Result> PeerCache::named(const std::map<std::int64_t, Known>& table, std::int64_t id) const {
  const auto it = table.find(id);
  if (it == table.end()) return std::nullopt;
  if (it->second.access_hash) return ByHash{id, *it->second.access_hash};
  if (const auto& seen = it->second.seen_in) {
    if (auto chat = input_peer(seen->first)) return FromMessage{std::move(*chat), seen->second, id};
  }
  return std::nullopt;
}

std::optional<tl::enums::InputPeer> PeerCache::input_peer(const Peer& peer) const {
  switch (peer.kind) {
    case Peer::Kind::user:
      if (peer.id == self_ && self_ != 0) return types::InputPeerSelf{};
      return named<tl::enums::InputPeer, types::InputPeerUser, types::InputPeerUserFromMessage>(users_,
                                                                                                peer.id);
    case Peer::Kind::chat:
      if (!chats_.contains(peer.id)) return std::nullopt;
      return types::InputPeerChat{peer.id};
    case Peer::Kind::channel:
      return named<tl::enums::InputPeer, types::InputPeerChannel, types::InputPeerChannelFromMessage>(
          channels_, peer.id);
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
  return named<tl::enums::InputChannel, types::InputChannel, types::InputChannelFromMessage>(channels_,
                                                                                             channel_id);
}

std::optional<Peer> PeerCache::by_username(std::string_view username) const {
  if (username.starts_with('@')) username.remove_prefix(1);
  const auto it = usernames_.find(lowercase(username));
  if (it == usernames_.end()) return std::nullopt;
  return it->second;
}

}  // namespace layer::client::detail
