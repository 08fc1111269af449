// The peer cache: what the client has seen of users, basic groups and
// channels (access hashes, usernames), filled from every update and every
// answer that carries them, so that a Peer becomes the InputPeer a request
// needs. An access hash is only taken from a full object: a `min` user or
// channel (one seen in a group through someone else's eyes) never overwrites
// one, and when a min user or channel is all there is, the message it was
// seen in (as author or as a forward's origin) stands for it
// (inputPeerUserFromMessage, inputPeerChannelFromMessage). What was never seen is unknown,
// never guessed. What it learns is handed to the session store (changed())
// and comes back from it on the next start (restore()); min references are
// not kept, as the message they point at may be gone by then.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "layer/client/updates.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::client::detail {

class PeerCache {
 public:
  void set_self(std::int64_t id) { self_ = id; }

  void add(const std::vector<tl::enums::User>& users, const std::vector<tl::enums::Chat>& chats);
  void add(const Entities& entities) { add(entities.users, entities.chats); }
  // A message whose author or forward origin may be known only as a min user
  // or channel: the message becomes the way to name them.
  void seen_in(const tl::types::Message& message);

  std::optional<tl::enums::InputPeer> input_peer(const Peer& peer) const;
  std::optional<tl::enums::InputUser> input_user(std::int64_t user_id) const;
  std::optional<tl::enums::InputChannel> input_channel(std::int64_t channel_id) const;
  // Case-insensitive, without the '@'.
  std::optional<Peer> by_username(std::string_view username) const;
  std::size_t size() const noexcept { return users_.size() + channels_.size() + chats_.size(); }

  // What a session store kept.
  void restore(const std::vector<KnownPeer>& peers);
  // The peers whose access hash or username changed since the last call.
  std::vector<KnownPeer> changed();
  bool has_changes() const noexcept { return !changed_.empty(); }

 private:
  struct Known {
    std::optional<std::int64_t> access_hash;  // none: only min objects were seen
    std::string username;                     // lower case
    // A message the peer wrote or was forwarded from, for input*FromMessage.
    std::optional<std::pair<Peer, std::int32_t>> seen_in;
  };

  void learn(Known& known, const Peer& peer, std::optional<std::int64_t> access_hash,
             const std::optional<std::string>& username);
  void learn_chat(std::int64_t id);
  // How a request names a user or channel of table: by its access hash, else
  // through the message it was seen in; nothing when neither is known.
  template <class Result, class ByHash, class FromMessage>
  std::optional<Result> named(const std::map<std::int64_t, Known>& table, std::int64_t id) const;
  std::optional<KnownPeer> kept(const Peer& peer) const;

  std::int64_t self_ = 0;
  std::map<std::int64_t, Known> users_;
  std::map<std::int64_t, Known> channels_;
  std::map<std::int64_t, bool> chats_;
  std::map<std::string, Peer> usernames_;
  std::set<Peer> changed_;
};

}  // namespace layer::client::detail
