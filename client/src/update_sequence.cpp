#include "update_sequence.hpp"

namespace layer::client::detail {
namespace {

namespace types = tl::types;
using Kind = UpdateBox::Kind;

template <class T>
std::optional<Place> common(const tl::enums::Update& update) {
  const T& u = *update.as<T>();
  return Place{{Kind::common, 0}, u.pts, u.pts_count};
}

template <class T>
std::optional<Place> secondary(const tl::enums::Update& update) {
  return Place{{Kind::secondary, 0}, update.as<T>()->qts, 1};
}

template <class T>
std::optional<Place> channel(const tl::enums::Update& update) {
  const T& u = *update.as<T>();
  std::int64_t id = 0;
  if constexpr (requires { u.channel_id; }) {
    id = u.channel_id;
  } else {
    id = channel_of(u.message);
  }
  // A channel message that names no channel cannot be placed; the update is
  // passed on as it is rather than numbered in a box it does not belong to.
  if (id == 0) return std::nullopt;
  return Place{{Kind::channel, id}, u.pts, u.pts_count};
}

struct Numbered {
  std::uint32_t id;
  Kind kind;
  std::optional<Place> (*place)(const tl::enums::Update&);
};

constexpr Numbered kNumbered[] = {
    {types::UpdateNewMessage::ID, Kind::common, common<types::UpdateNewMessage>},
    {types::UpdateDeleteMessages::ID, Kind::common, common<types::UpdateDeleteMessages>},
    {types::UpdateReadHistoryInbox::ID, Kind::common, common<types::UpdateReadHistoryInbox>},
    {types::UpdateReadHistoryOutbox::ID, Kind::common, common<types::UpdateReadHistoryOutbox>},
    {types::UpdateWebPage::ID, Kind::common, common<types::UpdateWebPage>},
    {types::UpdateReadMessagesContents::ID, Kind::common, common<types::UpdateReadMessagesContents>},
    {types::UpdateEditMessage::ID, Kind::common, common<types::UpdateEditMessage>},
    {types::UpdateFolderPeers::ID, Kind::common, common<types::UpdateFolderPeers>},
    {types::UpdatePinnedMessages::ID, Kind::common, common<types::UpdatePinnedMessages>},
    {types::UpdateNewChannelMessage::ID, Kind::channel, channel<types::UpdateNewChannelMessage>},
    {types::UpdateEditChannelMessage::ID, Kind::channel, channel<types::UpdateEditChannelMessage>},
    {types::UpdateDeleteChannelMessages::ID, Kind::channel, channel<types::UpdateDeleteChannelMessages>},
    {types::UpdateChannelWebPage::ID, Kind::channel, channel<types::UpdateChannelWebPage>},
    {types::UpdatePinnedChannelMessages::ID, Kind::channel, channel<types::UpdatePinnedChannelMessages>},
    {types::UpdateNewEncryptedMessage::ID, Kind::secondary, secondary<types::UpdateNewEncryptedMessage>},
    {types::UpdateMessagePollVote::ID, Kind::secondary, secondary<types::UpdateMessagePollVote>},
    {types::UpdateChatParticipant::ID, Kind::secondary, secondary<types::UpdateChatParticipant>},
    {types::UpdateChannelParticipant::ID, Kind::secondary, secondary<types::UpdateChannelParticipant>},
    {types::UpdateBotStopped::ID, Kind::secondary, secondary<types::UpdateBotStopped>},
    {types::UpdateBotChatInviteRequester::ID, Kind::secondary,
     secondary<types::UpdateBotChatInviteRequester>},
    {types::UpdateBotChatBoost::ID, Kind::secondary, secondary<types::UpdateBotChatBoost>},
    {types::UpdateBotMessageReaction::ID, Kind::secondary, secondary<types::UpdateBotMessageReaction>},
    {types::UpdateBotMessageReactions::ID, Kind::secondary, secondary<types::UpdateBotMessageReactions>},
    {types::UpdateBotBusinessConnect::ID, Kind::secondary, secondary<types::UpdateBotBusinessConnect>},
    {types::UpdateBotNewBusinessMessage::ID, Kind::secondary, secondary<types::UpdateBotNewBusinessMessage>},
    {types::UpdateBotEditBusinessMessage::ID, Kind::secondary,
     secondary<types::UpdateBotEditBusinessMessage>},
    {types::UpdateBotDeleteBusinessMessage::ID, Kind::secondary,
     secondary<types::UpdateBotDeleteBusinessMessage>},
    {types::UpdateBotPurchasedPaidMedia::ID, Kind::secondary, secondary<types::UpdateBotPurchasedPaidMedia>},
    {types::UpdateManagedBot::ID, Kind::secondary, secondary<types::UpdateManagedBot>},
    {types::UpdateBotGuestChatQuery::ID, Kind::secondary, secondary<types::UpdateBotGuestChatQuery>},
    {types::UpdateBotStarsSubscription::ID, Kind::secondary, secondary<types::UpdateBotStarsSubscription>},
};

const Numbered* find(std::uint32_t id) {
  for (const auto& n : kNumbered) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

}  // namespace

std::int64_t channel_of(const tl::enums::Message& message) {
  const tl::enums::Peer* peer = nullptr;
  if (const auto* m = message.as<types::Message>()) peer = &m->peer_id;
  if (const auto* m = message.as<types::MessageService>()) peer = &m->peer_id;
  if (peer == nullptr) return 0;
  const auto* channel = peer->as<types::PeerChannel>();
  return channel ? channel->channel_id : 0;
}

std::optional<Place> place_of(const tl::enums::Update& update) {
  const Numbered* n = find(update.id());
  return n ? n->place(update) : std::nullopt;
}

std::optional<UpdateBox::Kind> numbering_of(std::uint32_t constructor) {
  const Numbered* n = find(constructor);
  return n ? std::optional(n->kind) : std::nullopt;
}

}  // namespace layer::client::detail
