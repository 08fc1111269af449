// What bots and apps do with messages: send, edit, delete, forward, pin,
// typing, and the answers to callback and inline queries. Each call's answer
// that carries updates reaches the update engine through invoke, so our own
// messages take their pts there and open no gap.
#include "layer/tl/functions/messages.hpp"
#include "client_impl.hpp"
#include "layer/tl/functions/channels.hpp"
#include "layer/tl/types/messages.hpp"

namespace layer::client::detail {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
namespace types = tl::types;

template <class T>
T value_or_throw(Result<T> result) {
  if (!result) throw Exception(result.error());
  return std::move(*result);
}

std::optional<std::vector<tl::enums::MessageEntity>> entities_or_none(
    std::vector<tl::enums::MessageEntity> e) {
  if (e.empty()) return std::nullopt;
  return e;
}

tl::enums::Peer tl_peer(const Peer& peer) {
  switch (peer.kind) {
    case Peer::Kind::user:
      return types::PeerUser{peer.id};
    case Peer::Kind::chat:
      return types::PeerChat{peer.id};
    case Peer::Kind::channel:
      return types::PeerChannel{peer.id};
  }
  return types::PeerUser{peer.id};
}

// The message a send made, from the Updates it was answered with.
types::Message sent_message(const tl::enums::Updates& answer, std::int64_t random_id, const Peer& chat,
                            const fn::messages::SendMessage& request, std::int64_t self) {
  if (const auto* s = answer.as<types::UpdateShortSentMessage>()) {
    types::Message m;
    m.out = true;
    m.id = s->id;
    m.date = s->date;
    m.from_id = types::PeerUser{self};
    m.peer_id = tl_peer(chat);
    m.message = request.message;
    m.entities = s->entities ? s->entities : request.entities;
    m.media = s->media;
    m.reply_markup = request.reply_markup;
    m.silent = request.silent;
    // The short answer names no reply: it is the request's, as the other
    // side's copy shows it.
    if (const auto* to = request.reply_to ? request.reply_to->as<types::InputReplyToMessage>() : nullptr) {
      m.reply_to = types::MessageReplyHeader{.reply_to_msg_id = to->reply_to_msg_id};
    }
    return m;
  }
  const std::vector<tl::enums::Update>* updates = nullptr;
  if (const auto* u = answer.as<types::Updates>()) updates = &u->updates;
  if (const auto* u = answer.as<types::UpdatesCombined>()) updates = &u->updates;
  if (updates == nullptr) throw Exception(Error{mtproto::mtproto_errc::malformed_message, {}});
  std::optional<std::int32_t> id;
  for (const auto& u : *updates) {
    if (const auto* x = u.as<types::UpdateMessageID>(); x && x->random_id == random_id) id = x->id;
  }
  for (const auto& u : *updates) {
    const auto* m = message_in(u);
    if (m && (!id || m->id == *id) &&
        (u.is<types::UpdateNewMessage>() || u.is<types::UpdateNewChannelMessage>()))
      return *m;
    if (const auto* s = u.as<types::UpdateNewScheduledMessage>()) {
      if (const auto* sm = s->message.as<types::Message>(); sm && (!id || sm->id == *id)) return *sm;
    }
  }
  throw Exception(Error{mtproto::mtproto_errc::malformed_message, {}});
}

}  // namespace

std::int64_t ClientImpl::random_id() {
  std::int64_t id = 0;
  environment_.rng->fill(std::as_writable_bytes(std::span(&id, 1)));
  return id;
}

tl::enums::InputPeer ClientImpl::need_peer(const Peer& peer) const {
  return value_or_throw(input_peer(peer));
}

asio::awaitable<types::Message> ClientImpl::send_message(Peer chat, std::string text, SendOptions options) {
  fn::messages::SendMessage request;
  request.peer = need_peer(chat);
  request.message = std::move(text);
  request.random_id = options.random_id.value_or(random_id());
  request.silent = options.silent;
  request.no_webpage = options.no_webpage;
  if (options.reply_to) request.reply_to = types::InputReplyToMessage{.reply_to_msg_id = *options.reply_to};
  request.reply_markup = std::move(options.reply_markup);
  request.entities = entities_or_none(std::move(options.entities));
  if (options.schedule) {
    request.schedule_date = static_cast<std::int32_t>(
        std::chrono::duration_cast<std::chrono::seconds>(options.schedule->time_since_epoch()).count());
  }
  const auto answer = value_or_throw(co_await call(request, true));
  co_return sent_message(answer, request.random_id, chat, request, data_.self_id.value_or(0));
}

asio::awaitable<void> ClientImpl::edit_message(Peer chat, std::int32_t id, std::string text,
                                               EditOptions options) {
  fn::messages::EditMessage request;
  request.peer = need_peer(chat);
  request.id = id;
  request.message = std::move(text);
  request.no_webpage = options.no_webpage;
  request.reply_markup = std::move(options.reply_markup);
  request.entities = entities_or_none(std::move(options.entities));
  value_or_throw(co_await call(request, false));
}

asio::awaitable<void> ClientImpl::delete_messages(Peer chat, std::vector<std::int32_t> ids, bool revoke) {
  tl::enums::messages::AffectedMessages affected;
  UpdateBox box;
  if (chat.kind == Peer::Kind::channel) {
    auto channel = peers_.input_channel(chat.id);
    if (!channel) throw Exception(Error{client_errc::unknown_peer, {}});
    fn::channels::DeleteMessages request;
    request.channel = std::move(*channel);
    request.id = std::move(ids);
    affected = value_or_throw(co_await call(request, true));
    box = {UpdateBox::Kind::channel, chat.id};
  } else {
    need_peer(chat);  // Telegram does not need it, but a wrong chat must not pass
    fn::messages::DeleteMessages request;
    request.revoke = revoke;
    request.id = std::move(ids);
    affected = value_or_throw(co_await call(request, true));
  }
  if (const auto* a = affected.as<types::messages::AffectedMessages>()) {
    engine_.took(box, a->pts, a->pts_count, clock_.now().mono);
    pump();
  }
}

asio::awaitable<std::vector<std::int32_t>> ClientImpl::forward_messages(Peer to, Peer from,
                                                                        std::vector<std::int32_t> ids,
                                                                        ForwardOptions options) {
  fn::messages::ForwardMessages request;
  request.from_peer = need_peer(from);
  request.to_peer = need_peer(to);
  request.silent = options.silent;
  request.drop_author = options.drop_author;
  request.random_id = std::move(options.random_ids);
  while (request.random_id.size() < ids.size()) request.random_id.push_back(random_id());
  request.id = std::move(ids);
  const auto answer = value_or_throw(co_await call(request, true));
  std::vector<std::int32_t> out;
  const std::vector<tl::enums::Update>* updates = nullptr;
  if (const auto* u = answer.as<types::Updates>()) updates = &u->updates;
  if (const auto* u = answer.as<types::UpdatesCombined>()) updates = &u->updates;
  for (const auto random : request.random_id) {
    for (const auto& u : updates ? *updates : std::vector<tl::enums::Update>{}) {
      if (const auto* x = u.as<types::UpdateMessageID>(); x && x->random_id == random) out.push_back(x->id);
    }
  }
  co_return out;
}

asio::awaitable<void> ClientImpl::pin_message(Peer chat, std::int32_t id, PinOptions options) {
  fn::messages::UpdatePinnedMessage request;
  request.peer = need_peer(chat);
  request.id = id;
  request.unpin = options.unpin;
  request.silent = options.silent;
  request.pm_oneside = options.pm_oneside;
  value_or_throw(co_await call(request, false));
}

asio::awaitable<void> ClientImpl::send_chat_action(Peer chat, tl::enums::SendMessageAction action) {
  fn::messages::SetTyping request;
  request.peer = need_peer(chat);
  request.action = std::move(action);
  value_or_throw(co_await call(request, true));
}

asio::awaitable<void> ClientImpl::answer_callback_query(std::int64_t query_id, CallbackAnswer answer) {
  fn::messages::SetBotCallbackAnswer request;
  request.query_id = query_id;
  request.alert = answer.alert;
  if (!answer.text.empty()) request.message = std::move(answer.text);
  request.url = std::move(answer.url);
  request.cache_time = answer.cache_time;
  value_or_throw(co_await call(request, true));
}

asio::awaitable<void> ClientImpl::answer_inline_query(std::int64_t query_id,
                                                      std::vector<tl::enums::InputBotInlineResult> results,
                                                      InlineAnswer options) {
  fn::messages::SetInlineBotResults request;
  request.query_id = query_id;
  request.results = std::move(results);
  request.cache_time = options.cache_time;
  request.private_ = options.personal;
  request.gallery = options.gallery;
  request.next_offset = std::move(options.next_offset);
  value_or_throw(co_await call(request, true));
}

}  // namespace layer::client::detail
