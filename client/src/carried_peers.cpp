// The users and chats that answers bring along, so that whoever a call's
// answer names (a history's senders, a dialog list, a resolved username, a
// participant list) can be written to or resolved next, as Telegram expects:
// access hashes come from what the account was shown.
#include <boost/asio/dispatch.hpp>
#include <concepts>
#include <utility>

#include "client_impl.hpp"
#include "layer/client/client.hpp"
#include "layer/tl/types/channels.hpp"
#include "layer/tl/types/contacts.hpp"
#include "layer/tl/types/messages.hpp"
#include "layer/tl/types/users.hpp"

namespace layer::client {
namespace detail {
namespace {

namespace types = tl::types;

// A constructor's users:Vector<User> and chats:Vector<Chat>, by their types:
// other fields of those names (a count, a list of ids) are no peers.
template <class Constructor>
CarriedPeers of_constructor(const Constructor& c) {
  CarriedPeers out;
  if constexpr (requires { requires std::same_as<decltype(c.users), std::vector<tl::enums::User>>; })
    out.users = &c.users;
  if constexpr (requires { requires std::same_as<decltype(c.chats), std::vector<tl::enums::Chat>>; })
    out.chats = &c.chats;
  return out;
}

// Of the constructors listed, the one answer holds; nothing for the others
// (the *NotModified answers).
template <class... Constructors, class Answer>
CarriedPeers of_answer(const Answer& answer) {
  CarriedPeers out;
  ((answer.template is<Constructors>() ? void(out = of_constructor(*answer.template as<Constructors>()))
                                       : void()),
   ...);
  return out;
}

}  // namespace

CarriedPeers carried_peers(const tl::enums::messages::Messages& answer) {
  return of_answer<types::messages::Messages, types::messages::MessagesSlice,
                   types::messages::ChannelMessages>(answer);
}
CarriedPeers carried_peers(const tl::enums::messages::Dialogs& answer) {
  return of_answer<types::messages::Dialogs, types::messages::DialogsSlice>(answer);
}
CarriedPeers carried_peers(const tl::enums::messages::PeerDialogs& answer) {
  return of_answer<types::messages::PeerDialogs>(answer);
}
CarriedPeers carried_peers(const tl::enums::messages::Chats& answer) {
  return of_answer<types::messages::Chats, types::messages::ChatsSlice>(answer);
}
CarriedPeers carried_peers(const tl::enums::messages::ChatFull& answer) {
  return of_answer<types::messages::ChatFull>(answer);
}
CarriedPeers carried_peers(const tl::enums::messages::DiscussionMessage& answer) {
  return of_answer<types::messages::DiscussionMessage>(answer);
}
CarriedPeers carried_peers(const tl::enums::users::UserFull& answer) {
  return of_answer<types::users::UserFull>(answer);
}
CarriedPeers carried_peers(const tl::enums::users::Users& answer) {
  return of_answer<types::users::Users, types::users::UsersSlice>(answer);
}
CarriedPeers carried_peers(const std::vector<tl::enums::User>& answer) {
  return {.users = &answer};
}
CarriedPeers carried_peers(const tl::enums::contacts::ResolvedPeer& answer) {
  return of_answer<types::contacts::ResolvedPeer>(answer);
}
CarriedPeers carried_peers(const tl::enums::contacts::Found& answer) {
  return of_answer<types::contacts::Found>(answer);
}
CarriedPeers carried_peers(const tl::enums::contacts::Contacts& answer) {
  return of_answer<types::contacts::Contacts>(answer);
}
CarriedPeers carried_peers(const tl::enums::contacts::TopPeers& answer) {
  return of_answer<types::contacts::TopPeers>(answer);
}
CarriedPeers carried_peers(const tl::enums::contacts::Blocked& answer) {
  return of_answer<types::contacts::Blocked, types::contacts::BlockedSlice>(answer);
}
CarriedPeers carried_peers(const tl::enums::channels::ChannelParticipants& answer) {
  return of_answer<types::channels::ChannelParticipants>(answer);
}
CarriedPeers carried_peers(const tl::enums::channels::ChannelParticipant& answer) {
  return of_answer<types::channels::ChannelParticipant>(answer);
}

}  // namespace detail

void Client::learn_peers(detail::CarriedPeers peers) {
  if (!impl_ || (peers.users == nullptr && peers.chats == nullptr)) return;
  auto users = peers.users ? *peers.users : std::vector<tl::enums::User>{};
  auto chats = peers.chats ? *peers.chats : std::vector<tl::enums::Chat>{};
  // dispatch, not post: the caller may still be running inside the strand,
  // where its next call would be dispatched inline ahead of a posted task.
  boost::asio::dispatch(impl_->strand(), [impl = impl_, users = std::move(users), chats = std::move(chats)] {
    impl->learn_peers(users, chats);
  });
}

}  // namespace layer::client
