#include "delivery.hpp"

#include "peers.hpp"

namespace layer::fakedc::services {

namespace types = tl::types;

Stored store(World& world, std::int64_t owner, types::Message m) {
  Mailbox& box = world.mailbox(owner);
  const std::int32_t id = box.next_message_id++;
  m.id = id;
  box.messages[id] = m;
  const std::int32_t pts = box.pts + 1;
  world.log_update(owner, types::UpdateNewMessage{std::move(m), pts, 1}, 1);
  return {id, pts};
}

types::Message& own_message(World& world, std::int64_t owner, std::int32_t id) {
  auto& messages = world.mailbox(owner).messages;
  const auto it = messages.find(id);
  if (it == messages.end()) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  return it->second;
}

std::optional<tl::enums::MessageReplyHeader> reply_header(
    World& world, std::int64_t self, const tl::enums::InputPeer& peer,
    const std::optional<tl::enums::InputReplyTo>& reply_to) {
  if (!reply_to) return std::nullopt;
  const auto* to_message = reply_to->as<types::InputReplyToMessage>();
  if (to_message == nullptr) throw RpcFailure(400, "REPLY_TO_INVALID");
  const std::int32_t id = to_message->reply_to_msg_id;
  const ChatTarget chat = resolve_chat(world, self, peer);
  if (const Channel* channel = chat.channel()) {
    if (!channel->box.messages.contains(id)) throw RpcFailure(400, "REPLY_MESSAGE_ID_INVALID");
  } else {
    const auto& messages = world.mailbox(self).messages;
    const auto it = messages.find(id);
    if (it == messages.end() || peer_key(it->second.peer_id) != chat.key())
      throw RpcFailure(400, "REPLY_MESSAGE_ID_INVALID");
  }
  types::MessageReplyHeader header;
  header.reply_to_msg_id = id;
  if (to_message->quote_text) {
    header.quote = true;
    header.quote_text = to_message->quote_text;
    header.quote_entities = to_message->quote_entities;
    header.quote_offset = to_message->quote_offset;
  }
  return header;
}

std::optional<tl::enums::MessageReplyHeader> reply_header_for(
    const std::optional<tl::enums::MessageReplyHeader>& header, std::optional<std::int32_t> id) {
  if (!header || !id) return std::nullopt;
  auto theirs = *header->as<types::MessageReplyHeader>();
  theirs.reply_to_msg_id = id;
  return theirs;
}

bool needs_full_form(const types::Message& m) {
  return m.reply_markup || m.media || m.fwd_from || m.from_scheduled;
}

types::Updates updates_of(World& world, std::int64_t viewer, std::vector<tl::enums::Update> updates,
                          const std::vector<std::int64_t>& users) {
  return types::Updates{std::move(updates), users_view(world, viewer, users), {}, world.now(), 0};
}

tl::enums::Updates sequenced(World& world, std::int64_t viewer, std::vector<tl::enums::Update> updates,
                             const std::vector<std::int64_t>& users, std::vector<tl::enums::Chat> chats) {
  const auto [first, last] = world.log_seq_updates(viewer, updates);
  auto people = users_view(world, viewer, users);
  if (first == last)
    return types::Updates{std::move(updates), std::move(people), std::move(chats), world.now(), last};
  return types::UpdatesCombined{
      std::move(updates), std::move(people), std::move(chats), world.now(), first, last};
}

void push_qts_update(Shared& shared, std::int64_t account,
                     const std::function<tl::enums::Update(std::int32_t qts)>& build,
                     const std::vector<std::int64_t>& users, std::vector<tl::enums::Chat> chats) {
  World& world = shared.world;
  auto updates = updates_of(world, account, {world.log_qts_update(account, build)}, users);
  updates.chats = std::move(chats);
  push(shared, account, updates);
}

void push(Shared& shared, std::int64_t account, const tl::enums::Updates& updates,
          std::int64_t skip_session) {
  shared.push(account, tl::serialize(updates), skip_session);
}

namespace {

// What the other sessions of owner see of a new message in its box.
tl::enums::Updates announcement(World& world, std::int64_t owner, const types::Message& m, std::int32_t pts) {
  if (needs_full_form(m)) {
    return updates_of(world, owner, {types::UpdateNewMessage{m, pts, 1}},
                      {account_of(m.peer_id), m.from_id ? account_of(*m.from_id) : owner});
  }
  auto u = short_form<types::UpdateShortMessage>(m, pts);
  u.user_id = account_of(m.peer_id);
  return u;
}

}  // namespace

types::Message deliver(Shared& shared, Sender sender, std::int64_t to, types::Message message) {
  World& world = shared.world;
  const std::int64_t from = sender.account;
  if (world.account(to)->has_blocked(from)) throw RpcFailure(400, "USER_IS_BLOCKED");
  message.date = world.now();
  message.from_id = peer_of(from);
  message.out = true;
  message.peer_id = peer_of(to);
  const Stored mine = store(world, from, message);
  message.id = mine.id;
  push(shared, from, announcement(world, from, message, mine.pts), sender.session);
  if (to != from) {
    types::Message theirs = message;
    theirs.out = false;
    theirs.peer_id = peer_of(from);
    if (message.reply_to) {
      const auto& copies = world.mailbox(from).copies;
      const auto copy = copies.find(*message.reply_to->as<types::MessageReplyHeader>()->reply_to_msg_id);
      theirs.reply_to = reply_header_for(message.reply_to, copy != copies.end() && copy->second.first == to
                                                               ? std::optional(copy->second.second)
                                                               : std::nullopt);
    }
    const Stored copy = store(world, to, theirs);
    theirs.id = copy.id;
    world.mailbox(from).copies[mine.id] = {to, copy.id};
    world.mailbox(to).copies[copy.id] = {from, mine.id};
    push(shared, to, announcement(world, to, theirs, copy.pts));
  }
  return message;
}

}  // namespace layer::fakedc::services
