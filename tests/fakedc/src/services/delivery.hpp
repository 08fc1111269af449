// Storing a private message on both sides and telling every session about it,
// in the forms Telegram uses: updateShortSentMessage to the sender's call,
// updateShortMessage (or updates with updateNewMessage when the message has
// markup or media) to the other sessions.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "../dc.hpp"

namespace layer::fakedc::services {

// Who sends a message, and the session whose call sent it, which gets the
// call's answer instead of a push (0: none, as for a scheduled message going
// out on its own).
struct Sender {
  std::int64_t account = 0;
  std::int64_t session = 0;
};
inline Sender sender_of(const Call& call) {
  return {call.account(), call.session_id};
}

struct Stored {
  std::int32_t id = 0;
  std::int32_t pts = 0;
};

// Message id of owner's box: 400 MESSAGE_ID_INVALID when there is none.
tl::types::Message& own_message(World& world, std::int64_t owner, std::int32_t id);

// Puts m in owner's box with the owner's next id and pts (updateNewMessage logged).
Stored store(World& world, std::int64_t owner, tl::types::Message m);

// A private message from one account to another (or to itself: Saved
// Messages). Pushes to the recipient's sessions and the sender's other ones;
// returns the sender's copy as stored.
tl::types::Message deliver(Shared& shared, Sender from, std::int64_t to, tl::types::Message message);

// An `updates` holding these updates, with the users they mention as viewer sees them.
tl::types::Updates updates_of(World& world, std::int64_t viewer, std::vector<tl::enums::Update> updates,
                              const std::vector<std::int64_t>& users);

// Changes with no pts or qts of their own, each taking the viewer's next seq
// number (and logged for getDifference): an `updates` when they took one
// number, `updatesCombined` from seq_start to seq when they took several.
tl::enums::Updates sequenced(World& world, std::int64_t viewer, std::vector<tl::enums::Update> updates,
                             const std::vector<std::int64_t>& users, std::vector<tl::enums::Chat> chats);

// Logs the update build makes with the account's next qts (updateBotStopped,
// updateChatParticipant, ...) and pushes it to the account.
void push_qts_update(Shared& shared, std::int64_t account,
                     const std::function<tl::enums::Update(std::int32_t qts)>& build,
                     const std::vector<std::int64_t>& users, std::vector<tl::enums::Chat> chats = {});

// A post in a channel or supergroup, pushed to its members; the poster's
// updates (updateMessageID and updateNewChannelMessage) are returned.
tl::types::Updates post_to_channel(Shared& shared, Sender sender, Channel& channel,
                                   tl::types::Message message, std::int64_t random_id);

// Pins (or unpins) message id of a channel for everyone in it, as
// updatePinnedChannelMessages under the channel's next pts; the caller's
// updates are returned. Those who may post may pin.
tl::types::Updates pin_in_channel(Shared& shared, const Call& call, Channel& channel, std::int32_t id,
                                  bool pinned);

// What messages.editMessage changes, the same in every kind of chat.
struct MessageEdit {
  std::optional<std::string> message;
  std::optional<std::vector<tl::enums::MessageEntity>> entities;
  std::optional<tl::enums::ReplyMarkup> reply_markup;

  // 400 MESSAGE_NOT_MODIFIED when it would change nothing of m.
  void check(const tl::types::Message& m) const;
  void apply(tl::types::Message& m, std::int32_t date) const;
};

// Edits message id of a channel for everyone in it, as
// updateEditChannelMessage under the channel's next pts; the caller's updates
// are returned. Only its author may (a broadcast post's: the channel's creator).
tl::types::Updates edit_in_channel(Shared& shared, const Call& call, Channel& channel, std::int32_t id,
                                   const MessageEdit& edit);

// Edits every member's copy of a basic group's message, which the caller must
// have written; each box logs updateEditMessage under its next pts.
tl::types::Updates edit_in_group(Shared& shared, const Call& call, const BasicGroup& group, std::int32_t id,
                                 const MessageEdit& edit);

// A message in a basic group: a copy in every member's box, pushed as
// updateShortChatMessage; the sender's copy is returned as Telegram does.
tl::types::UpdateShortSentMessage post_to_group(Shared& shared, Sender sender, BasicGroup& group,
                                                tl::types::Message message);

// The reply header of a message self sends to peer, from the call's
// reply_to: the replied-to message must be one of that chat's (400
// REPLY_MESSAGE_ID_INVALID) and is named by self's id of it; deliver and
// post_to_group give each other box its own id of it. Only replies to
// messages are served (400 REPLY_TO_INVALID for stories and the like).
std::optional<tl::enums::MessageReplyHeader> reply_header(
    World& world, std::int64_t self, const tl::enums::InputPeer& peer,
    const std::optional<tl::enums::InputReplyTo>& reply_to);

// A copy's reply header for the box where the replied-to message is `id`
// (nothing when that box has no copy of it).
std::optional<tl::enums::MessageReplyHeader> reply_header_for(
    const std::optional<tl::enums::MessageReplyHeader>& header, std::optional<std::int32_t> id);

// Whether a new message must travel whole (updates with updateNewMessage)
// rather than in a short form, which has no room for markup, media, a
// forward header or from_scheduled.
bool needs_full_form(const tl::types::Message& m);

// The fields every short message form (updateShortMessage,
// updateShortChatMessage) copies from the message.
template <class Short>
Short short_form(const tl::types::Message& m, std::int32_t pts) {
  Short u;
  u.out = m.out;
  u.id = m.id;
  u.message = m.message;
  u.pts = pts;
  u.pts_count = 1;
  u.silent = m.silent;
  u.date = m.date;
  u.reply_to = m.reply_to;
  u.entities = m.entities;
  return u;
}

void push(Shared& shared, std::int64_t account, const tl::enums::Updates& updates,
          std::int64_t skip_session = 0);

}  // namespace layer::fakedc::services
