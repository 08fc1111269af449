// Pinning: messages.updatePinnedMessage in a private chat, a basic group and
// a channel reaches everyone who sees the chat as updatePinnedMessages (each
// under its own message id and pts) or updatePinnedChannelMessages (under the
// channel's pts), is logged for the differences, and shows in the chat's
// full info as pinned_msg_id.
#include <gtest/gtest.h>

#include "bot_and_user.hpp"

namespace layer::fakedc::test {
namespace {

class Pins : public BotAndUser {
 protected:
  template <class T>
  static T only_update(const tl::enums::Updates& updates) {
    const auto* u = updates.as<types::Updates>();
    EXPECT_NE(u, nullptr) << updates;
    EXPECT_EQ(u->updates.size(), 1u) << updates;
    const auto* update = u->updates.at(0).as<T>();
    EXPECT_NE(update, nullptr) << updates;
    return update == nullptr ? T{} : *update;
  }

  static tl::enums::Updates next(TestClient& client) {
    return tl::deserialize<tl::enums::Updates>(client.next_update());
  }

  types::InputPeerUser bob() { return {user_id_, cluster_.world().account(user_id_)->access_hash}; }

  tl::enums::Updates pin(TestClient& by, tl::enums::InputPeer peer, std::int32_t id, bool unpin = false,
                         bool pm_oneside = false) {
    return by.call_as<tl::enums::Updates>(tl::serialize(
        fn::messages::UpdatePinnedMessage{.unpin = unpin, .pm_oneside = pm_oneside, .peer = peer, .id = id}));
  }

  std::int32_t pts(TestClient& client) {
    return client.call_as<tl::enums::updates::State>(tl::serialize(fn::updates::GetState{}))
        .as<types::updates::State>()
        ->pts;
  }
};

TEST_F(Pins, PrivatePinReachesBothSidesUnderTheirOwnIdsAndPts) {
  for (const char* note : {"note 1", "note 2"}) send(*user_, types::InputPeerSelf{}, note);
  const auto sent = send(*user_, bot_peer(), "pin me");
  const auto heard = next(*bot_);
  const std::int32_t bots_id = heard.as<types::UpdateShortMessage>()->id;
  ASSERT_NE(bots_id, sent.id);

  const auto mine = only_update<types::UpdatePinnedMessages>(pin(*bot_, bob(), bots_id));
  EXPECT_TRUE(mine.pinned);
  EXPECT_EQ(mine.peer.as<types::PeerUser>()->user_id, user_id_);
  EXPECT_EQ(mine.messages, std::vector<std::int32_t>{bots_id});
  EXPECT_EQ(mine.pts, 2);
  EXPECT_EQ(mine.pts_count, 1);
  const auto theirs = only_update<types::UpdatePinnedMessages>(next(*user_));
  EXPECT_TRUE(theirs.pinned);
  EXPECT_EQ(theirs.peer.as<types::PeerUser>()->user_id, bot_id_);
  EXPECT_EQ(theirs.messages, std::vector<std::int32_t>{sent.id});
  EXPECT_EQ(theirs.pts, sent.pts + 1);

  const auto full = user_->call_as<tl::enums::users::UserFull>(tl::serialize(fn::users::GetFullUser{
      .id = types::InputUser{bot_id_, bot_peer().as<types::InputPeerUser>()->access_hash}}));
  EXPECT_EQ(full.as<types::users::UserFull>()->full_user.as<types::UserFull>()->pinned_msg_id, sent.id);
  const auto difference = user_->call_as<tl::enums::updates::Difference>(
      tl::serialize(fn::updates::GetDifference{.pts = sent.pts, .date = 0, .qts = 0}));
  const auto& missed = *difference.as<types::updates::Difference>();
  ASSERT_EQ(missed.other_updates.size(), 1u) << difference;
  EXPECT_EQ(missed.other_updates[0].as<types::UpdatePinnedMessages>()->messages.at(0), sent.id);
}

TEST_F(Pins, OneSidedPinsStayWithTheCallerAndUnpinsClearThePin) {
  const auto sent = send(*user_, bot_peer(), "mine only");
  next(*bot_);
  const std::int32_t bot_pts = pts(*bot_);
  const auto pinned = only_update<types::UpdatePinnedMessages>(pin(*user_, bot_peer(), sent.id, false, true));
  EXPECT_TRUE(pinned.pinned);
  EXPECT_EQ(pts(*bot_), bot_pts);
  const auto unpinned = only_update<types::UpdatePinnedMessages>(pin(*user_, bot_peer(), sent.id, true));
  EXPECT_FALSE(unpinned.pinned);
  EXPECT_EQ(unpinned.pts, pinned.pts + 1);
  EXPECT_FALSE(only_update<types::UpdatePinnedMessages>(next(*bot_)).pinned);  // both sides this time
  const auto missing =
      user_->call(tl::serialize(fn::messages::UpdatePinnedMessage{.peer = bot_peer(), .id = 99}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(missing).error.message, "MESSAGE_ID_INVALID");
}

TEST_F(Pins, GroupPinReachesEveryMembersCopy) {
  const std::int64_t chat = create_group();
  send(*user_, types::InputPeerSelf{}, "note");
  const auto sent = send(*user_, types::InputPeerChat{chat}, "rules");
  const auto heard = next(*bot_);
  const std::int32_t bots_id = heard.as<types::UpdateShortChatMessage>()->id;
  ASSERT_NE(bots_id, sent.id);

  const auto mine = only_update<types::UpdatePinnedMessages>(pin(*bot_, types::InputPeerChat{chat}, bots_id));
  EXPECT_EQ(mine.peer.as<types::PeerChat>()->chat_id, chat);
  EXPECT_EQ(mine.messages, std::vector<std::int32_t>{bots_id});
  const auto pushed = next(*user_);
  const auto theirs = only_update<types::UpdatePinnedMessages>(pushed);
  EXPECT_EQ(theirs.messages, std::vector<std::int32_t>{sent.id});
  EXPECT_EQ(theirs.pts, sent.pts + 1);
  EXPECT_EQ(pushed.as<types::Updates>()->chats.size(), 1u);
  const auto full = user_->call_as<tl::enums::messages::ChatFull>(
      tl::serialize(fn::messages::GetFullChat{.chat_id = chat}));
  EXPECT_EQ(full.as<types::messages::ChatFull>()->full_chat.as<types::ChatFull>()->pinned_msg_id, sent.id);
}

TEST_F(Pins, ChannelPinTakesTheChannelsPts) {
  const auto room = create_channel(true);
  const types::InputPeerChannel peer{room.channel_id, room.access_hash};
  user_->call_as<tl::enums::Updates>(
      tl::serialize(fn::messages::SendMessage{.peer = peer, .message = "hello", .random_id = ++random_ids_}));
  next(*bot_);
  const auto mine = only_update<types::UpdatePinnedChannelMessages>(pin(*bot_, peer, 1));
  EXPECT_TRUE(mine.pinned);
  EXPECT_EQ(mine.channel_id, room.channel_id);
  EXPECT_EQ(mine.messages, std::vector<std::int32_t>{1});
  EXPECT_EQ(mine.pts, 2);
  EXPECT_EQ(only_update<types::UpdatePinnedChannelMessages>(next(*user_)).pts, 2);

  const auto difference =
      user_->call_as<tl::enums::updates::ChannelDifference>(tl::serialize(fn::updates::GetChannelDifference{
          .channel = room, .filter = types::ChannelMessagesFilterEmpty{}, .pts = 1, .limit = 100}));
  const auto& d = *difference.as<types::updates::ChannelDifference>();
  ASSERT_EQ(d.other_updates.size(), 1u) << difference;
  EXPECT_TRUE(d.other_updates[0].is<types::UpdatePinnedChannelMessages>());
  const auto full = user_->call_as<tl::enums::messages::ChatFull>(
      tl::serialize(fn::channels::GetFullChannel{.channel = room}));
  EXPECT_EQ(full.as<types::messages::ChatFull>()->full_chat.as<types::ChannelFull>()->pinned_msg_id, 1);
}

TEST_F(Pins, BroadcastChannelsTakePinsFromTheirCreatorOnly) {
  const auto news = create_channel(false);
  const types::InputPeerChannel peer{news.channel_id, news.access_hash};
  user_->call_as<tl::enums::Updates>(
      tl::serialize(fn::messages::SendMessage{.peer = peer, .message = "news", .random_id = ++random_ids_}));
  next(*bot_);
  const auto refused = bot_->call(tl::serialize(fn::messages::UpdatePinnedMessage{.peer = peer, .id = 1}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(refused).error.message, "CHAT_ADMIN_REQUIRED");
  EXPECT_TRUE(only_update<types::UpdatePinnedChannelMessages>(pin(*user_, peer, 1)).pinned);
  EXPECT_TRUE(next(*bot_).is<types::Updates>());
}

}  // namespace
}  // namespace layer::fakedc::test
