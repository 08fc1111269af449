// Resolving what a client names (InputPeer, InputUser) to accounts, checking
// access hashes the way Telegram does, and building the objects it sends back.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "layer/fakedc/dispatcher.hpp"
#include "layer/fakedc/world.hpp"

namespace layer::fakedc::services {

// The account an InputPeer names; 400 PEER_ID_INVALID for anything else
// (chats and channels are not served yet).
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

// One number per chat whatever its kind, to group messages by chat.
std::int64_t peer_key(const tl::enums::Peer& peer);
// The same for the chat an InputPeer names, checked as channel_peer,
// group_peer and resolve_peer check it.
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
