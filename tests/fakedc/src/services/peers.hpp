// Resolving what a client names (InputPeer, InputUser) to accounts, checking
// access hashes the way Telegram does, and building the objects it sends back.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <variant>
#include <vector>

#include "layer/fakedc/dispatcher.hpp"
#include "layer/fakedc/world.hpp"

namespace layer::fakedc::services {

// The account an InputPeer names; 400 PEER_ID_INVALID for anything else
// (a peer of any kind of chat: resolve_chat).
std::int64_t resolve_peer(World& world, std::int64_t self, const tl::enums::InputPeer& peer);
// 400 USER_ID_INVALID when the user is unknown or the access hash is wrong.
std::int64_t resolve_user(World& world, std::int64_t self, const tl::enums::InputUser& user);

// The channel an InputChannel names: 400 CHANNEL_INVALID for an unknown one or
// a wrong access hash, 400 CHANNEL_PRIVATE when self may not see it.
Channel& resolve_channel(World& world, std::int64_t self, const tl::enums::InputChannel& channel);
// The channel an InputPeer names, checked the same way; nullptr when it names no channel.
Channel* channel_peer(World& world, std::int64_t self, const tl::enums::InputPeer& peer);

// The basic group an InputPeer names; 400 CHAT_ID_INVALID when self is not in
// it; nullptr when it names no basic group.
BasicGroup* group_peer(World& world, std::int64_t self, const tl::enums::InputPeer& peer);
BasicGroup& group_of(World& world, std::int64_t self, std::int64_t chat_id);

// The chat an InputPeer names, of whichever kind: a channel, a basic group
// or the account of a private chat. Services that treat the kinds apart
// resolve the peer once through resolve_chat, so that the order of the checks
// and their errors (CHANNEL_INVALID, CHANNEL_PRIVATE, CHAT_ID_INVALID,
// PEER_ID_INVALID) live in one place rather than in each service.
struct ChatTarget {
  std::variant<Channel*, BasicGroup*, std::int64_t> chat;

  // The channel or the basic group named; nullptr for another kind.
  Channel* channel() const;
  BasicGroup* group() const;
  // The account of a private chat (self for saved messages); 0 for a group or channel.
  std::int64_t user() const;
  // peer_key of the chat.
  std::int64_t key() const;
  // The chat as a Peer (peerChannel, peerChat or peerUser).
  tl::enums::Peer peer() const;
};
// Checked as channel_peer, group_peer and resolve_peer check it, in that order.
ChatTarget resolve_chat(World& world, std::int64_t self, const tl::enums::InputPeer& peer);

// One number per chat whatever its kind, to group messages by chat.
std::int64_t peer_key(const tl::enums::Peer& peer);
// The same for the chat an InputPeer names: resolve_chat(...).key().
std::int64_t input_peer_key(World& world, std::int64_t self, const tl::enums::InputPeer& peer);

tl::enums::Peer peer_of(std::int64_t account);
std::int64_t account_of(const tl::enums::Peer& peer);

// The User objects of these accounts as viewer sees them, each once.
std::vector<tl::enums::User> users_view(World& world, std::int64_t viewer,
                                        const std::vector<std::int64_t>& ids);
// The accounts messages name (their chats and authors), for users_view.
std::vector<std::int64_t> people_in(const std::vector<tl::enums::Message>& messages);

// A channel's message is stored once for every member: its `out` flag is
// set for the viewer here, true where the viewer wrote it.
tl::types::Message seen_by(tl::types::Message m, std::int64_t viewer);
// The same for each message and for those the updates carry.
std::vector<tl::enums::Message> seen_by(std::vector<tl::enums::Message> messages, std::int64_t viewer);
std::vector<tl::enums::Update> seen_by(std::vector<tl::enums::Update> updates, std::int64_t viewer);

// The newest pinned message of chat (a peer_key) among messages, for the
// pinned_msg_id of userFull, chatFull and channelFull.
std::optional<std::int32_t> pinned_in(const std::map<std::int32_t, tl::types::Message>& messages,
                                      std::int64_t chat);

// A chat's entry in the dialog list: its newest message and, for a channel,
// its pts. The fake DC keeps no read marks, so everything counts as read.
tl::types::Dialog dialog_of(const tl::enums::Peer& peer, std::int32_t top_message,
                            std::optional<std::int32_t> pts = {});

}  // namespace layer::fakedc::services
