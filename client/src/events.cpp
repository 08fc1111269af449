#include "layer/client/updates.hpp"

namespace layer::client {

std::string to_string(const UpdateBox& box) {
  switch (box.kind) {
    case UpdateBox::Kind::common:
      return "common";
    case UpdateBox::Kind::secondary:
      return "secondary";
    case UpdateBox::Kind::channel:
      return "channel " + std::to_string(box.channel_id);
    case UpdateBox::Kind::unnumbered:
      return "unnumbered";
  }
  return "unknown";
}

const tl::types::User* Entities::user(std::int64_t id) const {
  for (const auto& u : users) {
    if (const auto* user = u.as<tl::types::User>(); user && user->id == id) return user;
  }
  return nullptr;
}

const tl::enums::Chat* Entities::chat(std::int64_t id) const {
  for (const auto& c : chats) {
    if (const auto* chat = c.as<tl::types::Chat>(); chat && chat->id == id) return &c;
    if (const auto* channel = c.as<tl::types::Channel>(); channel && channel->id == id) return &c;
    if (const auto* forbidden = c.as<tl::types::ChatForbidden>(); forbidden && forbidden->id == id) return &c;
    if (const auto* forbidden = c.as<tl::types::ChannelForbidden>(); forbidden && forbidden->id == id)
      return &c;
  }
  return nullptr;
}

}  // namespace layer::client

namespace layer::client {
namespace {

namespace types = tl::types;

const tl::enums::Message* boxed_message_in(const tl::enums::Update& update) noexcept {
  switch (update.id()) {
    case types::UpdateNewMessage::ID:
      return &update.as<types::UpdateNewMessage>()->message;
    case types::UpdateNewChannelMessage::ID:
      return &update.as<types::UpdateNewChannelMessage>()->message;
    case types::UpdateEditMessage::ID:
      return &update.as<types::UpdateEditMessage>()->message;
    case types::UpdateEditChannelMessage::ID:
      return &update.as<types::UpdateEditChannelMessage>()->message;
    default:
      return nullptr;
  }
}

}  // namespace

Peer Peer::of(const tl::enums::Peer& peer) {
  if (const auto* u = peer.as<types::PeerUser>()) return user(u->user_id);
  if (const auto* c = peer.as<types::PeerChat>()) return chat(c->chat_id);
  if (const auto* c = peer.as<types::PeerChannel>()) return channel(c->channel_id);
  return {};
}

std::string to_string(const Peer& peer) {
  switch (peer.kind) {
    case Peer::Kind::user:
      return "user " + std::to_string(peer.id);
    case Peer::Kind::chat:
      return "chat " + std::to_string(peer.id);
    case Peer::Kind::channel:
      return "channel " + std::to_string(peer.id);
  }
  return "peer " + std::to_string(peer.id);
}

namespace detail {

const types::Message* message_in(const tl::enums::Update& update) noexcept {
  const auto* m = boxed_message_in(update);
  return m ? m->as<types::Message>() : nullptr;
}

const types::MessageService* service_message_in(const tl::enums::Update& update) noexcept {
  const auto* m = boxed_message_in(update);
  return m ? m->as<types::MessageService>() : nullptr;
}

std::optional<Peer> MessageEvent::sender() const {
  const auto& m = message();
  if (m.from_id) return Peer::of(*m.from_id);
  // In a private chat Telegram may leave from_id out: the other side wrote it.
  if (!m.out && m.peer_id.is<types::PeerUser>()) return Peer::of(m.peer_id);
  return std::nullopt;
}

const types::User* MessageEvent::sender_user() const {
  const auto who = sender();
  return who && who->kind == Peer::Kind::user ? entities().user(who->id) : nullptr;
}

}  // namespace detail

const std::vector<std::int32_t>& MessagesDeleted::ids() const {
  if (const auto* c = update_.as<types::UpdateDeleteChannelMessages>()) return c->messages;
  return update_.as<types::UpdateDeleteMessages>()->messages;
}

std::optional<std::int64_t> MessagesDeleted::channel_id() const {
  if (const auto* c = update_.as<types::UpdateDeleteChannelMessages>()) return c->channel_id;
  return std::nullopt;
}

std::int64_t CallbackQuery::query_id() const {
  if (const auto* q = update_.as<types::UpdateBotCallbackQuery>()) return q->query_id;
  return update_.as<types::UpdateInlineBotCallbackQuery>()->query_id;
}

std::int64_t CallbackQuery::user_id() const {
  if (const auto* q = update_.as<types::UpdateBotCallbackQuery>()) return q->user_id;
  return update_.as<types::UpdateInlineBotCallbackQuery>()->user_id;
}

std::optional<Peer> CallbackQuery::chat() const {
  if (const auto* q = update_.as<types::UpdateBotCallbackQuery>()) return Peer::of(q->peer);
  return std::nullopt;
}

std::optional<std::int32_t> CallbackQuery::message_id() const {
  if (const auto* q = update_.as<types::UpdateBotCallbackQuery>()) return q->msg_id;
  return std::nullopt;
}

std::string_view CallbackQuery::data() const {
  const std::optional<tl::Bytes>* data = nullptr;
  if (const auto* q = update_.as<types::UpdateBotCallbackQuery>()) data = &q->data;
  if (const auto* q = update_.as<types::UpdateInlineBotCallbackQuery>()) data = &q->data;
  if (data == nullptr || !*data) return {};
  return {reinterpret_cast<const char*>((*data)->data()), (*data)->size()};
}

std::int64_t InlineQuery::query_id() const {
  return update_.as<types::UpdateBotInlineQuery>()->query_id;
}
std::int64_t InlineQuery::user_id() const {
  return update_.as<types::UpdateBotInlineQuery>()->user_id;
}
const std::string& InlineQuery::query() const {
  return update_.as<types::UpdateBotInlineQuery>()->query;
}
const std::string& InlineQuery::offset() const {
  return update_.as<types::UpdateBotInlineQuery>()->offset;
}

std::int64_t UserStatus::user_id() const {
  if (const auto* u = update_.as<types::UpdateUserStatus>()) return u->user_id;
  if (const auto* u = update_.as<types::UpdateUserTyping>()) return u->user_id;
  const tl::enums::Peer* from = nullptr;
  if (const auto* u = update_.as<types::UpdateChatUserTyping>()) from = &u->from_id;
  if (const auto* u = update_.as<types::UpdateChannelUserTyping>()) from = &u->from_id;
  return from ? Peer::of(*from).id : 0;
}

const tl::enums::UserStatus* UserStatus::status() const {
  const auto* u = update_.as<types::UpdateUserStatus>();
  return u ? &u->status : nullptr;
}

const tl::enums::SendMessageAction* UserStatus::action() const {
  if (const auto* u = update_.as<types::UpdateUserTyping>()) return &u->action;
  if (const auto* u = update_.as<types::UpdateChatUserTyping>()) return &u->action;
  if (const auto* u = update_.as<types::UpdateChannelUserTyping>()) return &u->action;
  return nullptr;
}

std::optional<Peer> UserStatus::chat() const {
  if (const auto* u = update_.as<types::UpdateChatUserTyping>()) return Peer::chat(u->chat_id);
  if (const auto* u = update_.as<types::UpdateChannelUserTyping>()) return Peer::channel(u->channel_id);
  return std::nullopt;
}

Update make_update(tl::enums::Update update, std::shared_ptr<const Entities> entities) {
  const std::uint32_t id = update.id();
  if (detail::message_in(update)) {
    if (id == types::UpdateEditMessage::ID || id == types::UpdateEditChannelMessage::ID)
      return MessageEdited(std::move(update), std::move(entities));
    return NewMessage(std::move(update), std::move(entities));
  }
  if (detail::service_message_in(update)) return ChatAction(std::move(update), std::move(entities));
  switch (id) {
    case types::UpdateDeleteMessages::ID:
    case types::UpdateDeleteChannelMessages::ID:
      return MessagesDeleted(std::move(update), std::move(entities));
    case types::UpdateBotCallbackQuery::ID:
    case types::UpdateInlineBotCallbackQuery::ID:
      return CallbackQuery(std::move(update), std::move(entities));
    case types::UpdateBotInlineQuery::ID:
      return InlineQuery(std::move(update), std::move(entities));
    case types::UpdateUserStatus::ID:
    case types::UpdateUserTyping::ID:
    case types::UpdateChatUserTyping::ID:
    case types::UpdateChannelUserTyping::ID:
      return UserStatus(std::move(update), std::move(entities));
    default:
      return Raw(std::move(update), std::move(entities));
  }
}

}  // namespace layer::client
