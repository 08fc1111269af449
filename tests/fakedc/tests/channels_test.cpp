// Channels and supergroups in the fake DC: posts reach every member as
// updateNewChannelMessage, broadcast channels take posts from their creator
// only, and a member that missed posts catches up with getChannelDifference,
// in slices of its limit, or is told it is too far behind; getDifference
// names the channels that changed. Each member sees its own posts as out.
// A channel named through a message (inputChannelFromMessage,
// inputPeerChannelFromMessage) is refused with the error naming what was wrong.
#include <gtest/gtest.h>

#include "bot_and_user.hpp"

namespace layer::fakedc::test {
namespace {

class Channels : public BotAndUser {
 protected:
  using BotAndUser::BotAndUser;

  static types::InputPeerChannel peer(const types::InputChannel& c) { return {c.channel_id, c.access_hash}; }

  tl::enums::Updates post(TestClient& from, const types::InputChannel& c, const std::string& text) {
    return from.call_as<tl::enums::Updates>(tl::serialize(
        fn::messages::SendMessage{.peer = peer(c), .message = text, .random_id = ++random_ids_}));
  }

  tl::enums::updates::ChannelDifference difference(const types::InputChannel& c, std::int32_t pts,
                                                   std::int32_t limit) {
    return user_->call_as<tl::enums::updates::ChannelDifference>(
        tl::serialize(fn::updates::GetChannelDifference{
            .channel = c, .filter = types::ChannelMessagesFilterEmpty{}, .pts = pts, .limit = limit}));
  }
};

TEST_F(Channels, SupergroupPostsReachEveryMember) {
  const auto room = create_channel(true);
  const auto mine = post(*user_, room, "hello room");
  const auto& own = *mine.as<types::Updates>();
  ASSERT_EQ(own.updates.size(), 2u);
  EXPECT_EQ(own.updates[0].as<types::UpdateMessageID>()->random_id, random_ids_);
  EXPECT_EQ(own.updates[1].as<types::UpdateNewChannelMessage>()->pts, 1);

  const auto pushed = tl::deserialize<tl::enums::Updates>(bot_->next_update());
  const auto* update = pushed.as<types::Updates>()->updates.at(0).as<types::UpdateNewChannelMessage>();
  ASSERT_NE(update, nullptr) << pushed;
  const auto& m = *update->message.as<types::Message>();
  EXPECT_EQ(m.message, "hello room");
  EXPECT_EQ(m.from_id->as<types::PeerUser>()->user_id, user_id_);
  EXPECT_EQ(m.peer_id.as<types::PeerChannel>()->channel_id, room.channel_id);

  post(*bot_, room, "hi Bob");
  user_->next_update();
  const auto history = user_->call_as<tl::enums::messages::Messages>(
      tl::serialize(fn::messages::GetHistory{.peer = peer(room), .limit = 10}));
  const auto& page = *history.as<types::messages::Messages>();
  ASSERT_EQ(page.messages.size(), 2u);
  EXPECT_EQ(page.messages[0].as<types::Message>()->message, "hi Bob");
  EXPECT_EQ(page.chats.size(), 1u);

  const auto dialogs = user_->call_as<tl::enums::messages::Dialogs>(
      tl::serialize(fn::messages::GetDialogs{.offset_peer = types::InputPeerEmpty{}, .limit = 10}));
  const auto& list = *dialogs.as<types::messages::Dialogs>();
  ASSERT_EQ(list.dialogs.size(), 1u);
  EXPECT_EQ(list.dialogs[0].as<types::Dialog>()->pts, 2);
}

TEST_F(Channels, BroadcastTakesPostsFromItsCreatorOnly) {
  const auto news = create_channel(false);
  post(*user_, news, "announcement");
  EXPECT_TRUE(tl::deserialize<tl::enums::Updates>(bot_->next_update()).is<types::Updates>());
  const auto refused = bot_->call(
      tl::serialize(fn::messages::SendMessage{.peer = peer(news), .message = "spam", .random_id = 1}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(refused).error.message, "CHAT_WRITE_FORBIDDEN");
}

TEST_F(Channels, MissedPostsComeBackThroughGetChannelDifference) {
  const auto room = create_channel(true);
  post(*user_, room, "first");
  for (const char* text : {"second", "third"}) {
    post(*bot_, room, text);
    user_->next_update();
  }
  const auto difference =
      user_->call_as<tl::enums::updates::ChannelDifference>(tl::serialize(fn::updates::GetChannelDifference{
          .channel = room, .filter = types::ChannelMessagesFilterEmpty{}, .pts = 1, .limit = 100}));
  const auto* d = difference.as<types::updates::ChannelDifference>();
  ASSERT_NE(d, nullptr) << difference;
  EXPECT_TRUE(d->final);
  EXPECT_EQ(d->pts, 3);
  ASSERT_EQ(d->new_messages.size(), 2u);
  EXPECT_EQ(d->new_messages[1].as<types::Message>()->message, "third");
  const auto empty =
      user_->call_as<tl::enums::updates::ChannelDifference>(tl::serialize(fn::updates::GetChannelDifference{
          .channel = room, .filter = types::ChannelMessagesFilterEmpty{}, .pts = 3, .limit = 100}));
  EXPECT_TRUE(empty.is<types::updates::ChannelDifferenceEmpty>());
}

TEST_F(Channels, EachMemberSeesItsOwnPostsAsOutgoing) {
  const auto room = create_channel(true);
  post(*user_, room, "mine");
  const auto pushed = tl::deserialize<tl::enums::Updates>(bot_->next_update());
  EXPECT_FALSE(pushed.as<types::Updates>()
                   ->updates.at(0)
                   .as<types::UpdateNewChannelMessage>()
                   ->message.as<types::Message>()
                   ->out);
  post(*bot_, room, "the bot's");
  user_->next_update();
  const auto after = difference(room, 1, 10);
  const auto* mine = after.as<types::updates::ChannelDifference>();
  ASSERT_NE(mine, nullptr) << after;
  EXPECT_FALSE(mine->new_messages.at(0).as<types::Message>()->out);
  const auto history = user_->call_as<tl::enums::messages::Messages>(
      tl::serialize(fn::messages::GetHistory{.peer = peer(room), .limit = 10}));
  const auto& page = *history.as<types::messages::Messages>();
  ASSERT_EQ(page.messages.size(), 2u);
  EXPECT_FALSE(page.messages[0].as<types::Message>()->out);  // the bot's
  EXPECT_TRUE(page.messages[1].as<types::Message>()->out);   // the user's own
}

TEST_F(Channels, GetDifferenceNamesTheChannelsThatChangedSinceTheClientsDate) {
  const auto room = create_channel(true);
  const auto state = user_->call_as<tl::enums::updates::State>(tl::serialize(fn::updates::GetState{}));
  const auto since = *state.as<types::updates::State>();
  const auto quiet = user_->call_as<tl::enums::updates::Difference>(
      tl::serialize(fn::updates::GetDifference{.pts = since.pts, .date = since.date + 1, .qts = since.qts}));
  EXPECT_TRUE(quiet.is<types::updates::DifferenceEmpty>()) << quiet;
  post(*bot_, room, "while away");
  user_->next_update();
  const auto changed = user_->call_as<tl::enums::updates::Difference>(
      tl::serialize(fn::updates::GetDifference{.pts = since.pts, .date = since.date, .qts = since.qts}));
  const auto* d = changed.as<types::updates::Difference>();
  ASSERT_NE(d, nullptr) << changed;
  ASSERT_EQ(d->other_updates.size(), 1u);
  const auto* too_long = d->other_updates[0].as<types::UpdateChannelTooLong>();
  ASSERT_NE(too_long, nullptr) << changed;
  EXPECT_EQ(too_long->channel_id, room.channel_id);
  EXPECT_EQ(too_long->pts, 1);
  ASSERT_EQ(d->chats.size(), 1u);  // with the channel's access hash, to fetch it
  EXPECT_EQ(d->chats[0].as<types::Channel>()->access_hash, room.access_hash);
}

TEST_F(Channels, DifferenceComesInSlicesOfTheLimitAndTheLastOneIsFinal) {
  const auto room = create_channel(true);
  for (const char* text : {"first", "second", "third"}) post(*user_, room, text);
  const auto first = difference(room, 1, 1);
  const auto* slice = first.as<types::updates::ChannelDifference>();
  ASSERT_NE(slice, nullptr) << first;
  EXPECT_FALSE(slice->final);
  EXPECT_FALSE(slice->timeout);  // not caught up: ask again at once
  EXPECT_EQ(slice->pts, 2);
  ASSERT_EQ(slice->new_messages.size(), 1u);
  EXPECT_EQ(slice->new_messages[0].as<types::Message>()->message, "second");
  const auto last = difference(room, slice->pts, 1);
  const auto* rest = last.as<types::updates::ChannelDifference>();
  ASSERT_NE(rest, nullptr) << last;
  EXPECT_TRUE(rest->final);
  EXPECT_EQ(rest->pts, 3);
  EXPECT_GT(rest->timeout.value_or(0), 0);
  const auto empty = difference(room, 3, 1);
  EXPECT_GT(empty.as<types::updates::ChannelDifferenceEmpty>()->timeout.value_or(0), 0) << empty;
}

TEST_F(Channels, TooLongFaultAnswersWithTheDialogAndTheLatestMessages) {
  const auto room = create_channel(true);
  for (const char* text : {"first", "second", "third"}) post(*user_, room, text);
  cluster_.apply_fault("channel_too_long " + std::to_string(room.channel_id));
  const auto answer = difference(room, 2, 2);
  const auto* too_long = answer.as<types::updates::ChannelDifferenceTooLong>();
  ASSERT_NE(too_long, nullptr) << answer;
  const auto& dialog = *too_long->dialog.as<types::Dialog>();
  EXPECT_EQ(dialog.peer.as<types::PeerChannel>()->channel_id, room.channel_id);
  EXPECT_EQ(dialog.pts, 3);
  EXPECT_EQ(dialog.top_message, 3);
  EXPECT_EQ(dialog.unread_count, 0);
  ASSERT_EQ(too_long->messages.size(), 2u);  // the newest, at most `limit`
  EXPECT_EQ(too_long->messages[0].as<types::Message>()->message, "third");
  EXPECT_EQ(too_long->messages[1].as<types::Message>()->message, "second");
  ASSERT_EQ(too_long->chats.size(), 1u);
  ASSERT_EQ(too_long->users.size(), 1u);
  EXPECT_EQ(too_long->users[0].as<types::User>()->id, user_id_);
  EXPECT_TRUE(difference(room, 2, 2).is<types::updates::ChannelDifference>());  // once
}

// A cluster that replays at most two pts of a channel.
class ChannelsShortMemory : public Channels {
 protected:
  ChannelsShortMemory() : Channels(ClusterOptions{.channel_difference_too_long_after = 2}) {}
};

TEST_F(ChannelsShortMemory, MembersTooFarBehindAreToldTheDifferenceIsTooLong) {
  const auto room = create_channel(false);
  for (const char* text : {"1", "2", "3", "4"}) post(*user_, room, text);
  const auto far = difference(room, 1, 100);
  ASSERT_TRUE(far.is<types::updates::ChannelDifferenceTooLong>()) << far;
  EXPECT_EQ(far.as<types::updates::ChannelDifferenceTooLong>()->messages.size(), 4u);
  const auto near = difference(room, 2, 100);
  ASSERT_TRUE(near.is<types::updates::ChannelDifference>()) << near;
  EXPECT_EQ(near.as<types::updates::ChannelDifference>()->new_messages.size(), 2u);
}

TEST_F(Channels, DeletingOthersPostsNeedsTheCreator) {
  const auto room = create_channel(true);
  post(*user_, room, "Bob's");
  bot_->next_update();
  const auto refused = bot_->call(tl::serialize(fn::channels::DeleteMessages{.channel = room, .id = {1}}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(refused).error.message, "MESSAGE_DELETE_FORBIDDEN");
  const auto affected = user_->call_as<tl::enums::messages::AffectedMessages>(
      tl::serialize(fn::channels::DeleteMessages{.channel = room, .id = {1}}));
  EXPECT_EQ(affected.as<types::messages::AffectedMessages>()->pts, 2);
  const auto pushed = tl::deserialize<tl::enums::Updates>(bot_->next_update());
  EXPECT_TRUE(pushed.as<types::Updates>()->updates.at(0).is<types::UpdateDeleteChannelMessages>());
}

TEST_F(Channels, WrongAccessHashAndOutsidersAreRefused) {
  const auto room = create_channel(true);
  const auto forged = types::InputChannel{room.channel_id, room.access_hash + 1};
  const auto event = user_->call(tl::serialize(fn::channels::GetChannels{.id = {forged}}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(event).error.message, "CHANNEL_INVALID");
  auto& world = cluster_.world();
  std::int64_t secret = 0;
  boost::asio::post(io_,
                    [&] { secret = world.add_channel("Secret", world.add_user("+1", "Zed").id, true).id; });
  while (secret == 0) std::this_thread::yield();
  const auto* c = world.channel(secret);
  const auto outsider = user_->call(
      tl::serialize(fn::channels::GetChannels{.id = {types::InputChannel{secret, c->access_hash}}}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(outsider).error.message, "CHANNEL_PRIVATE");
}

// Bob's broadcast channel without the bot in it, one post forwarded to the
// bot: the bot's copy names the channel as its forward origin, a channel the
// bot may not see.
class ChannelsFromMessage : public Channels {
 protected:
  using Channels::Channels;

  void SetUp() override {
    Channels::SetUp();
    const auto created = user_->call_as<tl::enums::Updates>(
        tl::serialize(fn::channels::CreateChannel{.title = "Secret", .about = "Bob's own"}));
    const auto& channel = *created.as<types::Updates>()->chats.at(0).as<types::Channel>();
    secret_ = {channel.id, *channel.access_hash};
    post(*user_, secret_, "for Bob's eyes");
    user_->call_as<tl::enums::Updates>(tl::serialize(fn::messages::ForwardMessages{
        .from_peer = peer(secret_), .id = {1}, .random_id = {++random_ids_}, .to_peer = bot_peer()}));
    const auto pushed = tl::deserialize<tl::enums::Updates>(bot_->next_update());
    const auto* update = pushed.as<types::Updates>()->updates.at(0).as<types::UpdateNewMessage>();
    ASSERT_NE(update, nullptr) << pushed;
    forwarded_ = update->message.as<types::Message>()->id;
    bob_ = types::InputPeerUser{user_id_, cluster_.world().account(user_id_)->access_hash};
  }

  // The rpc_error the bot is answered with when it names a channel so.
  std::string refusal(const tl::enums::InputPeer& in, std::int32_t msg_id) {
    const auto channel = types::InputChannelFromMessage{in, msg_id, secret_.channel_id};
    const auto event = bot_->call(tl::serialize(fn::channels::GetChannels{.id = {channel}}));
    const auto* error = std::get_if<mtproto::RpcErrorEvent>(&event);
    if (error == nullptr) return "answered, not refused";
    // The same channel as an InputPeer is refused the same way.
    const auto as_peer = bot_->call(tl::serialize(fn::messages::GetHistory{
        .peer = types::InputPeerChannelFromMessage{in, msg_id, secret_.channel_id}, .limit = 1}));
    const auto* peer_error = std::get_if<mtproto::RpcErrorEvent>(&as_peer);
    EXPECT_EQ(peer_error ? peer_error->error.message : "answered", error->error.message);
    return error->error.message;
  }

  types::InputChannel secret_;
  std::int32_t forwarded_ = 0;
  types::InputPeerUser bob_;
};

TEST_F(ChannelsFromMessage, AMessageThatIsNotThereOrNamesAnotherChannelIsChannelInvalid) {
  EXPECT_EQ(refusal(bob_, forwarded_ + 100), "CHANNEL_INVALID");
  EXPECT_EQ(refusal(bob_, 0), "CHANNEL_INVALID");
  // The message is there, but in another chat than the one named.
  EXPECT_EQ(refusal(types::InputPeerSelf{}, forwarded_), "CHANNEL_INVALID");
  // The message is there and names the channel, but not the channel asked for.
  const auto elsewhere = types::InputChannelFromMessage{bob_, forwarded_, secret_.channel_id + 1000};
  const auto event = bot_->call(tl::serialize(fn::channels::GetChannels{.id = {elsewhere}}));
  const auto* error = std::get_if<mtproto::RpcErrorEvent>(&event);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->error.message, "CHANNEL_INVALID");
}

TEST_F(ChannelsFromMessage, AChannelTheAccountMayNotSeeIsChannelPrivate) {
  EXPECT_EQ(refusal(bob_, forwarded_), "CHANNEL_PRIVATE");
}

TEST_F(ChannelsFromMessage, ABadChatAroundTheMessageIsRefusedAsItselfWhateverTheMessage) {
  const auto forged = types::InputPeerUser{user_id_, bob_.access_hash + 1};
  for (const std::int32_t msg_id : {forwarded_, forwarded_ + 100}) {
    EXPECT_EQ(refusal(forged, msg_id), "PEER_ID_INVALID");
    EXPECT_EQ(refusal(types::InputPeerEmpty{}, msg_id), "PEER_ID_INVALID");
    EXPECT_EQ(refusal(types::InputPeerChat{12345}, msg_id), "CHAT_ID_INVALID");
    EXPECT_EQ(refusal(types::InputPeerChannel{secret_.channel_id, secret_.access_hash + 1}, msg_id),
              "CHANNEL_INVALID");
    // A chat itself named through a message, and badly.
    EXPECT_EQ(refusal(types::InputPeerChannelFromMessage{forged, msg_id, secret_.channel_id}, msg_id),
              "PEER_ID_INVALID");
  }
}

}  // namespace
}  // namespace layer::fakedc::test
