// What a client keeps between runs, and the interface of the places it keeps it
// in. The client loads a SessionData once at start-up and then writes each piece
// back as it changes (a new key, a new home DC, the update state), so every
// method is one small all-or-nothing transaction. The methods are awaitables so
// that a store backed by a server database (a fleet of bots sharing one) can
// wait on the network; the local stores finish without suspending.
//
// Stores: MemorySessionStore (tests, throwaway sessions), SqliteSessionStore
// (the default, one file per session); export_session()/import_session() carry
// a SessionData as one line of text.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "layer/client/peer.hpp"
#include "layer/mtproto/session_snapshot.hpp"

namespace layer::client {

// One DC's key and MTProto session state. No default constructor: there is no
// DcAuth without a key (AuthKey has none either).
struct DcAuth {
  std::int32_t dc_id = 0;
  mtproto::SessionSnapshot session;
  bool authorized = false;  // signed in on this DC (the home DC, or imported there)
};

// One address of help.getConfig's dc_options.
struct DcAddress {
  std::int32_t dc_id = 0;
  std::string host;
  std::uint16_t port = 0;
  bool media_only = false;
  bool ipv6 = false;
  friend bool operator==(const DcAddress&, const DcAddress&) = default;
};

// updates.state: where the update engine resumes.
struct UpdateState {
  std::int32_t pts = 0;
  std::int32_t qts = 0;
  std::int32_t date = 0;
  std::int32_t seq = 0;
  friend bool operator==(const UpdateState&, const UpdateState&) = default;
};

struct ChannelPts {
  std::int64_t channel_id = 0;
  std::int32_t pts = 0;
  friend bool operator==(const ChannelPts&, const ChannelPts&) = default;
};

struct SessionData {
  std::int32_t home_dc = 0;  // 0: never connected
  std::vector<DcAuth> dcs;   // at most one per dc_id
  std::vector<DcAddress> addresses;
  std::optional<std::int64_t> self_id;
  bool self_is_bot = false;
  std::optional<UpdateState> updates;
  std::vector<ChannelPts> channels;  // at most one per channel_id
  std::vector<KnownPeer> peers;      // at most one per peer
};

// Each method either stores all it was given or nothing, and throws
// std::system_error on failure (client_errc for the store's own errors).
class SessionStore {
 public:
  virtual ~SessionStore() = default;

  virtual boost::asio::awaitable<SessionData> load() = 0;
  // Inserts or replaces the DC with dc.dc_id.
  virtual boost::asio::awaitable<void> save_dc(const DcAuth& dc) = 0;
  // Replaces the whole address list.
  virtual boost::asio::awaitable<void> save_addresses(std::span<const DcAddress> all) = 0;
  virtual boost::asio::awaitable<void> set_home_dc(std::int32_t dc_id) = 0;
  virtual boost::asio::awaitable<void> set_self(std::int64_t user_id, bool bot) = 0;
  // The common state and the given channels together; channels not given keep
  // their pts.
  virtual boost::asio::awaitable<void> save_updates(const UpdateState& state,
                                                    std::span<const ChannelPts> channels) = 0;
  // Inserts or replaces each peer (by KnownPeer::peer); others stay.
  virtual boost::asio::awaitable<void> save_peers(std::span<const KnownPeer> peers) = 0;
  // Sign-out: forgets everything, keys included.
  virtual boost::asio::awaitable<void> clear() = 0;
};

}  // namespace layer::client
