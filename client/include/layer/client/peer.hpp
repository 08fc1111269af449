// A user, basic group or channel as Telegram numbers them. The client's peer
// cache knows the access hash that turns one into the InputPeer a request
// needs; the session store keeps what the cache learnt.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include "layer/tl/fwd.hpp"

namespace layer::client {

struct Peer {
  enum class Kind : std::uint8_t { user, chat, channel };
  Kind kind = Kind::user;
  std::int64_t id = 0;

  static Peer user(std::int64_t id) { return {Kind::user, id}; }
  static Peer chat(std::int64_t id) { return {Kind::chat, id}; }
  static Peer channel(std::int64_t id) { return {Kind::channel, id}; }
  // A tl Peer (peerUser, peerChat, peerChannel).
  static Peer of(const tl::enums::Peer& peer);
  friend auto operator<=>(const Peer&, const Peer&) = default;
};

std::string to_string(const Peer& peer);

// What the session keeps of a peer, so that a restarted client can still
// name everyone it met: the access hash (0 for basic groups, which need
// none) and the username (lower case, without '@'; empty when there is none).
struct KnownPeer {
  Peer peer;
  std::int64_t access_hash = 0;
  std::string username;
  friend bool operator==(const KnownPeer&, const KnownPeer&) = default;
};

}  // namespace layer::client
