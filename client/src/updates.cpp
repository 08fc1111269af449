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
