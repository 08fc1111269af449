// What Telegram pushes, as the client's update stream yields it.
//
//   auto updates = client.updates();
//   while (auto update = co_await updates.next()) {
//     if (auto* msg = std::get_if<layer::client::NewMessage>(&*update); msg && !msg->outgoing())
//       co_await client.send_message(msg->chat(), "Echo: " + msg->text());
//   }
//
// The contract. While the client runs, every update arrives exactly once and
// in order within its chat: gaps in pts, qts and seq are waited for briefly
// (Config::update_gap_wait) and then fetched with updates.getDifference or
// updates.getChannelDifference; duplicates are dropped. Where Telegram cannot
// give back what was missed (differenceTooLong, channelDifferenceTooLong, a
// channel the account lost access to), the stream yields UpdatesLost naming
// the box and the range instead of skipping it silently.
//
// Across restarts it is at least once: an update counts as handled when the
// consumer asks for the next one (a next() that returns nullopt after close()
// counts too), and only then does the session store's state pass it. A client
// that stops or crashes while its consumer is still handling an update, or
// before the consumer took it, gets it again on the next start (catch-up
// through getDifference); one that was handled is never fetched again.
//
// Memory is bounded: past Config::update_buffer waiting updates, the client
// stops taking numbered updates in and fetches them again through
// getDifference once the consumer has caught up. Updates that carry no number
// (typing, status, callback and inline queries) cannot be fetched again; those
// dropped while the buffer was full are reported as one UpdatesLost of the
// unnumbered box with their count.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "layer/client/peer.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::client {

// A sequence of updates: the account's common pts box, its secondary (qts)
// box, one channel's pts box, or none (updates without a number).
struct UpdateBox {
  enum class Kind : std::uint8_t { common, secondary, channel, unnumbered };
  Kind kind = Kind::common;
  std::int64_t channel_id = 0;  // for Kind::channel
  friend auto operator<=>(const UpdateBox&, const UpdateBox&) = default;
};

std::string to_string(const UpdateBox& box);

// Updates Telegram could not give back: numbers from (exclusive) to
// (inclusive) of box; for the unnumbered box, `to - from` updates dropped.
struct UpdatesLost {
  UpdateBox box;
  std::int32_t from = 0;
  std::int32_t to = 0;
  friend bool operator==(const UpdatesLost&, const UpdatesLost&) = default;
};

// The users and chats Telegram sent along with updates.
struct Entities {
  std::vector<tl::enums::User> users;
  std::vector<tl::enums::Chat> chats;

  const tl::types::User* user(std::int64_t id) const;
  // A basic group or a channel.
  const tl::enums::Chat* chat(std::int64_t id) const;
};

namespace detail {

// What every event holds: the TL update and what came with it.
class EventBase {
 public:
  EventBase(tl::enums::Update update, std::shared_ptr<const Entities> entities)
      : update_(std::move(update)), entities_(std::move(entities)) {}
  const tl::enums::Update& raw() const noexcept { return update_; }
  const Entities& entities() const noexcept { return *entities_; }

 protected:
  tl::enums::Update update_;
  std::shared_ptr<const Entities> entities_;
};

// The Message an update carries (new or edited, in any chat), or null.
const tl::types::Message* message_in(const tl::enums::Update& update) noexcept;
const tl::types::MessageService* service_message_in(const tl::enums::Update& update) noexcept;

// An event about one message (new or edited): accessors on its Message.
class MessageEvent : public EventBase {
 public:
  using EventBase::EventBase;

  const tl::types::Message& message() const noexcept { return *message_in(update_); }
  std::int32_t id() const noexcept { return message().id; }
  const std::string& text() const noexcept { return message().message; }
  bool outgoing() const noexcept { return message().out; }
  std::int32_t date() const noexcept { return message().date; }
  // Where the message is: the other user of a private chat, the group, the channel.
  Peer chat() const { return Peer::of(message().peer_id); }
  // Who wrote it; none for a channel's own posts.
  std::optional<Peer> sender() const;
  // The user who wrote it, when Telegram sent the user along.
  const tl::types::User* sender_user() const;
};

}  // namespace detail

// A message arrived in a private chat, a group or a channel (ours included:
// check outgoing()).
class NewMessage : public detail::MessageEvent {
  using MessageEvent::MessageEvent;
};

class MessageEdited : public detail::MessageEvent {
  using MessageEvent::MessageEvent;
};

class MessagesDeleted : public detail::EventBase {
 public:
  using EventBase::EventBase;
  const std::vector<std::int32_t>& ids() const;
  // The channel they were in; none for private chats and basic groups,
  // where Telegram does not say which.
  std::optional<std::int64_t> channel_id() const;
};

// A user pressed an inline keyboard's callback button.
class CallbackQuery : public detail::EventBase {
 public:
  using EventBase::EventBase;
  std::int64_t query_id() const;
  std::int64_t user_id() const;
  // The chat of the message the button is under; none for inline messages.
  std::optional<Peer> chat() const;
  std::optional<std::int32_t> message_id() const;
  // The button's data (empty for game buttons).
  std::string_view data() const;
};

// A user typed @bot something.
class InlineQuery : public detail::EventBase {
 public:
  using EventBase::EventBase;
  std::int64_t query_id() const;
  std::int64_t user_id() const;
  const std::string& query() const;
  const std::string& offset() const;
};

// Something happened in a chat that is not a message: a service message
// (members joined or left, a new title, a pinned message...).
class ChatAction : public detail::EventBase {
 public:
  using EventBase::EventBase;
  const tl::types::MessageService& message() const noexcept { return *detail::service_message_in(update_); }
  const tl::enums::MessageAction& action() const noexcept { return message().action; }
  Peer chat() const { return Peer::of(message().peer_id); }
};

// A user's presence: online status or typing.
class UserStatus : public detail::EventBase {
 public:
  using EventBase::EventBase;
  std::int64_t user_id() const;
  // updateUserStatus's status; none for typing.
  const tl::enums::UserStatus* status() const;
  // What the user is doing (typing, uploading...); none for a status change.
  const tl::enums::SendMessageAction* action() const;
  // Where they are typing; none for a status change or a private chat.
  std::optional<Peer> chat() const;
};

// Any other update, as Telegram sent it.
class Raw : public detail::EventBase {
  using EventBase::EventBase;
};

using Update = std::variant<NewMessage, MessageEdited, MessagesDeleted, CallbackQuery, InlineQuery,
                            ChatAction, UserStatus, UpdatesLost, Raw>;

// The typed event for a TL update.
Update make_update(tl::enums::Update update, std::shared_ptr<const Entities> entities);

}  // namespace layer::client
