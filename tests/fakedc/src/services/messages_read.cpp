// Reading messages: history of one chat, messages by id, the dialog list.
#include <algorithm>
#include <map>

#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/messages.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

constexpr std::int32_t kMaxLimit = 100;

// One page of a chat's history, newest first, paged as messages.getHistory
// describes: below offset_id (plus add_offset), between min_id and max_id.
tl::enums::messages::Messages history(World& world, std::int64_t self,
                                      std::vector<const types::Message*> chat,
                                      std::vector<tl::enums::Chat> chats, const fn::messages::GetHistory& r) {
  std::reverse(chat.begin(), chat.end());
  std::size_t start = 0;
  if (r.offset_id > 0) {
    while (start < chat.size() && chat[start]->id >= r.offset_id) ++start;
  } else if (r.offset_date > 0) {
    while (start < chat.size() && chat[start]->date >= r.offset_date) ++start;
  }
  const auto shifted = static_cast<std::int64_t>(start) + r.add_offset;
  start =
      static_cast<std::size_t>(std::clamp<std::int64_t>(shifted, 0, static_cast<std::int64_t>(chat.size())));
  const std::int32_t limit = r.limit <= 0 ? 20 : std::min(r.limit, kMaxLimit);
  std::vector<tl::enums::Message> page;
  for (std::size_t i = start; i < chat.size() && static_cast<std::int32_t>(page.size()) < limit; ++i) {
    if (r.max_id > 0 && chat[i]->id >= r.max_id) continue;
    if (r.min_id > 0 && chat[i]->id <= r.min_id) break;
    page.push_back(seen_by(*chat[i], self));
  }
  auto users = users_view(world, self, people_in(page));
  if (page.size() == chat.size()) {
    return types::messages::Messages{std::move(page), {}, std::move(chats), std::move(users)};
  }
  types::messages::MessagesSlice slice;
  slice.chats = std::move(chats);
  slice.count = static_cast<std::int32_t>(chat.size());
  slice.messages = std::move(page);
  slice.users = std::move(users);
  return slice;
}

// Private chats (newest message per peer) and the channels self is in, newest first.
tl::enums::messages::Dialogs dialogs(World& world, std::int64_t self, const fn::messages::GetDialogs& r) {
  struct Entry {
    const types::Message* top;
    const Channel* channel;
  };
  std::map<std::int64_t, const types::Message*> top;  // peer → its newest message
  for (const auto& [id, m] : world.mailbox(self).messages) top[peer_key(m.peer_id)] = &m;
  std::vector<Entry> order;
  for (const auto& [peer, m] : top) order.push_back({m, nullptr});
  for (const Channel* c : world.channels_of(self)) {
    if (!c->box.messages.empty()) order.push_back({&c->box.messages.rbegin()->second, c});
  }
  std::erase_if(order, [&](const Entry& e) { return r.offset_date > 0 && e.top->date >= r.offset_date; });
  std::stable_sort(order.begin(), order.end(),
                   [](const Entry& a, const Entry& b) { return a.top->date > b.top->date; });
  const std::int32_t limit = r.limit <= 0 ? 20 : std::min(r.limit, kMaxLimit);
  types::messages::Dialogs out;
  for (const auto& e : order) {
    if (static_cast<std::int32_t>(out.dialogs.size()) == limit) break;
    if (e.channel != nullptr) {
      out.dialogs.push_back(dialog_of(e.top->peer_id, e.top->id, e.channel->box.pts));
      out.chats.push_back(world.channel_view(*e.channel, self));
    } else {
      out.dialogs.push_back(dialog_of(e.top->peer_id, e.top->id));
      if (const BasicGroup* group = world.group(peer_key(e.top->peer_id)))
        out.chats.push_back(world.group_view(*group, self));
    }
    out.messages.push_back(seen_by(*e.top, self));
  }
  out.users = users_view(world, self, people_in(out.messages));
  if (order.size() <= out.dialogs.size()) return out;
  return types::messages::DialogsSlice{static_cast<std::int32_t>(order.size()), std::move(out.dialogs),
                                       std::move(out.messages), std::move(out.chats), std::move(out.users)};
}

}  // namespace

void add_message_reading(Dispatcher& d, Shared& shared) {
  World& world = shared.world;
  d.on<fn::messages::GetHistory>([&world](const Call& call, const fn::messages::GetHistory& r) {
    const std::int64_t self = call.account();
    std::vector<const types::Message*> chat;
    const ChatTarget target = resolve_chat(world, self, r.peer);
    if (const Channel* channel = target.channel()) {
      for (const auto& [id, m] : channel->box.messages) chat.push_back(&m);
      return history(world, self, std::move(chat), {world.channel_view(*channel, self)}, r);
    }
    std::vector<tl::enums::Chat> chats;
    if (const BasicGroup* group = target.group()) chats.push_back(world.group_view(*group, self));
    for (const auto& [id, m] : world.mailbox(self).messages) {
      if (peer_key(m.peer_id) == target.key()) chat.push_back(&m);
    }
    return history(world, self, std::move(chat), std::move(chats), r);
  });
  d.on<fn::messages::GetMessages>([&world](const Call& call, const fn::messages::GetMessages& r) {
    const std::int64_t self = call.account();
    std::vector<tl::enums::Message> found;
    for (const auto& input : r.id) {
      const auto* by_id = input.as<types::InputMessageID>();
      if (by_id == nullptr) throw RpcFailure(400, "MESSAGE_IDS_EMPTY");
      const auto& messages = world.mailbox(self).messages;
      const auto it = messages.find(by_id->id);
      if (it == messages.end()) {
        found.push_back(types::MessageEmpty{.id = by_id->id});
      } else {
        found.push_back(it->second);
      }
    }
    auto users = users_view(world, self, people_in(found));
    return types::messages::Messages{std::move(found), {}, {}, std::move(users)};
  });
  d.on<fn::messages::GetDialogs>([&world](const Call& call, const fn::messages::GetDialogs& r) {
    return dialogs(world, call.account(), r);
  });
}

}  // namespace layer::fakedc::services
