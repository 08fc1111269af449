// qts and seq: bots hear of members joining and of users stopping them
// through qts-numbered updates; member lists, which have no pts, are numbered
// by seq, one number per update, so one change spanning two numbers arrives
// as updatesCombined. A client that missed some gets them from getDifference.
#include <gtest/gtest.h>

#include "bot_and_user.hpp"

namespace layer::fakedc::test {
namespace {

using namespace std::chrono_literals;

class Sequences : public BotAndUser {
 protected:
  Sequences() : BotAndUser(on_virtual_time()) {}

  void configure() override {
    BotAndUser::configure();
    carol_id_ = cluster_.world().add_user("+999660000007", "Carol").id;
  }

  types::InputUser input_user(std::int64_t id) { return {id, cluster_.world().account(id)->access_hash}; }

  std::int64_t create_group() {
    const auto invited = user_->call_as<tl::enums::messages::InvitedUsers>(
        tl::serialize(fn::messages::CreateChat{.users = {input_user(bot_id_)}, .title = "Team"}));
    const auto* combined = invited.as<types::messages::InvitedUsers>()->updates.as<types::UpdatesCombined>();
    return combined->chats.at(0).as<types::Chat>()->id;
  }

  static types::updates::State state(TestClient& client) {
    return *client.call_as<tl::enums::updates::State>(tl::serialize(fn::updates::GetState{}))
                .as<types::updates::State>();
  }

  template <class T>
  static T only_update(const tl::enums::Updates& pushed) {
    const auto* updates = pushed.as<types::Updates>();
    EXPECT_NE(updates, nullptr) << pushed;
    EXPECT_EQ(updates->updates.size(), 1u) << pushed;
    const auto* update = updates->updates.at(0).as<T>();
    EXPECT_NE(update, nullptr) << pushed;
    return *update;
  }

  tl::enums::Updates next(TestClient& client) {
    return tl::deserialize<tl::enums::Updates>(client.next_update());
  }

  std::int64_t carol_id_ = 0;
};

TEST_F(Sequences, NewGroupTakesTwoSeqNumbersAndArrivesCombined) {
  const auto invited = user_->call_as<tl::enums::messages::InvitedUsers>(
      tl::serialize(fn::messages::CreateChat{.users = {input_user(bot_id_)}, .title = "Team"}));
  const auto* mine = invited.as<types::messages::InvitedUsers>()->updates.as<types::UpdatesCombined>();
  ASSERT_NE(mine, nullptr) << invited;
  EXPECT_EQ(mine->seq_start, 1);
  EXPECT_EQ(mine->seq, 2);
  ASSERT_EQ(mine->updates.size(), 2u);
  const std::int64_t chat = mine->updates[0].as<types::UpdateChat>()->chat_id;
  const auto& list =
      *mine->updates[1].as<types::UpdateChatParticipants>()->participants.as<types::ChatParticipants>();
  EXPECT_EQ(list.chat_id, chat);
  EXPECT_EQ(list.participants.size(), 2u);

  const auto theirs = next(*bot_);
  const auto* combined = theirs.as<types::UpdatesCombined>();
  ASSERT_NE(combined, nullptr) << theirs;
  EXPECT_EQ(combined->seq_start, 1);
  EXPECT_EQ(combined->seq, 2);
  const auto joined = only_update<types::UpdateChatParticipant>(next(*bot_));
  EXPECT_EQ(joined.chat_id, chat);
  EXPECT_EQ(joined.actor_id, user_id_);
  EXPECT_EQ(joined.user_id, bot_id_);
  EXPECT_EQ(joined.qts, 1);

  const auto bob = state(*user_);
  EXPECT_EQ(bob.seq, 2);
  EXPECT_EQ(bob.qts, 0);
  const auto bot = state(*bot_);
  EXPECT_EQ(bot.seq, 2);
  EXPECT_EQ(bot.qts, 1);
}

TEST_F(Sequences, AddedMemberTakesOneSeqNumberForTheOthers) {
  const std::int64_t chat = create_group();
  next(*bot_);
  next(*bot_);
  const auto invited = user_->call_as<tl::enums::messages::InvitedUsers>(tl::serialize(
      fn::messages::AddChatUser{.chat_id = chat, .user_id = input_user(carol_id_), .fwd_limit = 0}));
  const auto* mine = invited.as<types::messages::InvitedUsers>()->updates.as<types::Updates>();
  ASSERT_NE(mine, nullptr) << invited;
  EXPECT_EQ(mine->seq, 3);
  const auto list = only_update<types::UpdateChatParticipants>(next(*bot_));
  EXPECT_EQ(list.participants.as<types::ChatParticipants>()->version, 1);
  const auto joined = only_update<types::UpdateChatParticipant>(next(*bot_));
  EXPECT_EQ(joined.user_id, carol_id_);
  EXPECT_EQ(joined.qts, 2);
  EXPECT_EQ(joined.new_participant->as<types::ChatParticipant>()->inviter_id, user_id_);
}

TEST_F(Sequences, MissedSeqAndQtsUpdatesComeBackThroughGetDifference) {
  const std::int64_t chat = create_group();
  const auto created = next(*bot_);
  next(*bot_);
  const auto seen = state(*bot_);
  virtual_clock_->advance(10s);
  cluster_.apply_fault("withhold " + std::to_string(bot_id_) + " 2");
  user_->call_as<tl::enums::messages::InvitedUsers>(tl::serialize(
      fn::messages::AddChatUser{.chat_id = chat, .user_id = input_user(carol_id_), .fwd_limit = 0}));
  const auto now = state(*bot_);
  EXPECT_EQ(now.seq, seen.seq + 1);
  EXPECT_EQ(now.qts, seen.qts + 1);

  const auto difference =
      bot_->call_as<tl::enums::updates::Difference>(tl::serialize(fn::updates::GetDifference{
          .pts = seen.pts, .date = created.as<types::UpdatesCombined>()->date, .qts = seen.qts}));
  const auto* d = difference.as<types::updates::Difference>();
  ASSERT_NE(d, nullptr) << difference;
  EXPECT_TRUE(d->new_messages.empty());
  ASSERT_EQ(d->other_updates.size(), 2u) << difference;
  EXPECT_EQ(d->other_updates[0].as<types::UpdateChatParticipant>()->user_id, carol_id_);
  EXPECT_EQ(d->other_updates[1]
                .as<types::UpdateChatParticipants>()
                ->participants.as<types::ChatParticipants>()
                ->version,
            1);
  const auto& reached = *d->state.as<types::updates::State>();
  EXPECT_EQ(reached.qts, now.qts);
  EXPECT_EQ(reached.seq, now.seq);

  const auto empty = bot_->call_as<tl::enums::updates::Difference>(
      tl::serialize(fn::updates::GetDifference{.pts = now.pts, .date = now.date, .qts = now.qts}));
  const auto* nothing = empty.as<types::updates::DifferenceEmpty>();
  ASSERT_NE(nothing, nullptr) << empty;
  EXPECT_EQ(nothing->seq, now.seq);
  const auto ahead = bot_->call(
      tl::serialize(fn::updates::GetDifference{.pts = now.pts, .date = now.date, .qts = now.qts + 1}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(ahead).error.message, "PERSISTENT_TIMESTAMP_INVALID");
}

TEST_F(Sequences, BlockingABotStopsItUntilUnblocked) {
  const auto bot = bot_peer();
  const auto user = types::InputPeerUser{user_id_, cluster_.world().account(user_id_)->access_hash};
  send(*user_, bot, "/start");
  next(*bot_);
  EXPECT_TRUE(user_->call_as<bool>(tl::serialize(fn::contacts::Block{.id = bot})));
  const auto stopped = only_update<types::UpdateBotStopped>(next(*bot_));
  EXPECT_EQ(stopped.user_id, user_id_);
  EXPECT_TRUE(stopped.stopped);
  EXPECT_EQ(stopped.qts, 1);
  EXPECT_FALSE(user_->call_as<bool>(tl::serialize(fn::contacts::Block{.id = bot})));  // already

  const auto refused =
      bot_->call(tl::serialize(fn::messages::SendMessage{.peer = user, .message = "hi", .random_id = 1}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(refused).error.message, "USER_IS_BLOCKED");
  const auto blocked = user_->call_as<tl::enums::contacts::Blocked>(
      tl::serialize(fn::contacts::GetBlocked{.offset = 0, .limit = 10}));
  const auto& list = *blocked.as<types::contacts::Blocked>();
  ASSERT_EQ(list.blocked.size(), 1u);
  EXPECT_EQ(list.blocked[0].as<types::PeerBlocked>()->peer_id.as<types::PeerUser>()->user_id, bot_id_);

  EXPECT_TRUE(user_->call_as<bool>(tl::serialize(fn::contacts::Unblock{.id = bot})));
  const auto restarted = only_update<types::UpdateBotStopped>(next(*bot_));
  EXPECT_FALSE(restarted.stopped);
  EXPECT_EQ(restarted.qts, 2);
  send(*bot_, user, "welcome back");
  const auto self = user_->call(tl::serialize(fn::contacts::Block{.id = types::InputPeerSelf{}}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(self).error.message, "CONTACT_ID_INVALID");
}

TEST_F(Sequences, BlockedListRefusesNegativeWindows) {
  for (const auto& [offset, limit] : {std::pair{-1, 10}, std::pair{0, -1}}) {
    const auto event = user_->call(tl::serialize(fn::contacts::GetBlocked{.offset = offset, .limit = limit}));
    EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(event).error.message, "LIMIT_INVALID");
  }
}

TEST_F(Sequences, BotsInAChannelHearOfJoinersByQts) {
  const auto created = user_->call_as<tl::enums::Updates>(
      tl::serialize(fn::channels::CreateChannel{.megagroup = true, .title = "Room", .about = ""}));
  const auto& channel = *created.as<types::Updates>()->chats.at(0).as<types::Channel>();
  user_->call_as<tl::enums::messages::InvitedUsers>(tl::serialize(fn::channels::InviteToChannel{
      .channel = types::InputChannel{channel.id, *channel.access_hash}, .users = {input_user(bot_id_)}}));
  next(*bot_);
  const auto joined = only_update<types::UpdateChannelParticipant>(next(*bot_));
  EXPECT_EQ(joined.channel_id, channel.id);
  EXPECT_EQ(joined.user_id, bot_id_);
  EXPECT_EQ(joined.actor_id, user_id_);
  EXPECT_EQ(joined.qts, 1);
  EXPECT_EQ(state(*bot_).qts, 1);
}

}  // namespace
}  // namespace layer::fakedc::test
