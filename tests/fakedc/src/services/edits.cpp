// messages.editMessage in every kind of chat: a private message changes on
// both sides, a basic group's in every member's copy, a channel's once in its
// box. Each box that changed logs the edit under its next pts and pushes it
// to its owner's sessions; the caller's own comes back as the call's Updates.
#include "delivery.hpp"
#include "layer/tl/functions/messages.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

// Edits owner's copy `id` as updateEditMessage under the owner's next pts;
// the updates to push, naming the users in the chat.
types::Updates edit_copy(World& world, std::int64_t owner, types::Message& m, const MessageEdit& edit,
                         const std::vector<std::int64_t>& users) {
  edit.apply(m, world.now());
  const std::int32_t pts = world.mailbox(owner).pts + 1;
  world.log_update(owner, types::UpdateEditMessage{m, pts, 1}, 1);
  return updates_of(world, owner, {types::UpdateEditMessage{m, pts, 1}}, users);
}

// Self's message id in the private chat with to, and to's copy of it.
types::Updates edit_private(Shared& shared, const Call& call, std::int64_t to, std::int32_t id,
                            const MessageEdit& edit) {
  World& world = shared.world;
  const std::int64_t self = call.account();
  types::Message& mine = own_message(world, self, id);
  if (account_of(mine.peer_id) != to) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  if (!mine.out) throw RpcFailure(403, "MESSAGE_AUTHOR_REQUIRED");
  edit.check(mine);
  const auto copy = world.mailbox(self).copies.find(id);
  if (copy != world.mailbox(self).copies.end()) {
    const auto [peer, theirs] = copy->second;
    push(shared, peer, edit_copy(world, peer, own_message(world, peer, theirs), edit, {self, peer}));
  }
  auto result = edit_copy(world, self, mine, edit, {self, to});
  push(shared, self, result, call.session_id);
  return result;
}

}  // namespace

void MessageEdit::check(const types::Message& m) const {
  if (message && *message == m.message && !reply_markup && !entities)
    throw RpcFailure(400, "MESSAGE_NOT_MODIFIED");
}

void MessageEdit::apply(types::Message& m, std::int32_t date) const {
  if (message) m.message = *message;
  if (entities) m.entities = entities;
  if (reply_markup) m.reply_markup = reply_markup;
  m.edit_date = date;
}

types::Updates edit_in_group(Shared& shared, const Call& call, const BasicGroup& g, std::int32_t id,
                             const MessageEdit& edit) {
  World& world = shared.world;
  const std::int64_t self = call.account();
  const BasicGroup::Copies* copies = g.copies_of(self, id);
  if (copies == nullptr) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  const types::Message& mine = own_message(world, self, id);
  if (!mine.out) throw RpcFailure(403, "MESSAGE_AUTHOR_REQUIRED");
  edit.check(mine);
  types::Updates result;
  for (const auto& [member, theirs] : *copies) {
    auto& box = world.mailbox(member).messages;
    const auto it = box.find(theirs);
    // A member who left, or deleted the copy for themselves, has nothing to edit.
    if (!g.has_member(member) || it == box.end()) continue;
    auto told = edit_copy(world, member, it->second, edit, {self});
    told.chats.push_back(world.group_view(g, member));
    push(shared, member, told, member == self ? call.session_id : 0);
    if (member == self) result = std::move(told);
  }
  return result;
}

void add_edits(Dispatcher& d, Shared& shared) {
  d.on<fn::messages::EditMessage>(
      [&shared](const Call& call, const fn::messages::EditMessage& r) -> tl::enums::Updates {
        World& world = shared.world;
        const std::int64_t self = call.account();
        const MessageEdit edit{r.message, r.entities, r.reply_markup};
        const ChatTarget chat = resolve_chat(world, self, r.peer);
        if (Channel* channel = chat.channel()) return edit_in_channel(shared, call, *channel, r.id, edit);
        if (const BasicGroup* group = chat.group()) return edit_in_group(shared, call, *group, r.id, edit);
        return edit_private(shared, call, chat.user(), r.id, edit);
      });
}

}  // namespace layer::fakedc::services
