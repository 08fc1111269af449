// The users and chats a TL value brings along: the users:Vector<User> and
// chats:Vector<Chat> fields that Telegram adds to answers naming peers (a
// history's senders, a dialog list, a payment form's bot), from which a peer
// cache learns the access hashes it may use. Generated for every constructor
// of the schema (carried_peers.cpp in the generated sources), so a new layer's
// answers are covered without a hand-kept list.
#pragma once

#include <vector>

#include "layer/tl/boxed.hpp"
#include "layer/tl/fwd.hpp"

namespace layer::tl {

struct CarriedPeers {
  const std::vector<enums::User>* users = nullptr;  // null where the constructor has none
  const std::vector<enums::Chat>* chats = nullptr;
};

// Of the constructor `value` holds; both null for an empty box.
CarriedPeers carried_peers(const detail::AnyBox& value) noexcept;

}  // namespace layer::tl
