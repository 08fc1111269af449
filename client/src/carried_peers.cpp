// The users and chats that answers bring along, so that whoever a call's
// answer names (a history's senders, a dialog list, a resolved username, a
// participant list, a payment form's bot) can be written to or resolved next,
// as Telegram expects: access hashes come from what the account was shown.
// Which constructors carry them is generated (tl::carried_peers), so every
// answer of the schema is covered.
#include <boost/asio/dispatch.hpp>
#include <utility>

#include "client_impl.hpp"
#include "layer/client/client.hpp"

namespace layer::client {

void Client::learn_peers(tl::CarriedPeers peers) {
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
