// Private messages through the fake DC: what the sender's call returns, what
// the other side's sessions are pushed, history and dialogs, edits and
// deletions on both sides, and catching up with getDifference.
#include <gtest/gtest.h>

#include "bot_and_user.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

class Messages : public BotAndUser {};

TEST_F(Messages, SentMessageReachesTheOtherSideAndHistory) {
  const auto sent = send(*user_, bot_peer(), "/start");
  EXPECT_EQ(sent.id, 1);
  EXPECT_EQ(sent.pts, 1);
  const auto pushed = tl::deserialize<tl::enums::Updates>(bot_->next_update());
  const auto* short_message = pushed.as<types::UpdateShortMessage>();
  ASSERT_NE(short_message, nullptr) << pushed;
  EXPECT_FALSE(short_message->out);
  EXPECT_EQ(short_message->user_id, user_id_);
  EXPECT_EQ(short_message->message, "/start");
  EXPECT_EQ(short_message->pts, 1);

  // The bot answers with reply markup: that comes as updates with updateNewMessage.
  send(*bot_, types::InputPeerUser{user_id_, cluster_.world().account(user_id_)->access_hash}, "Hello",
       types::ReplyKeyboardHide{});
  const auto reply = tl::deserialize<tl::enums::Updates>(user_->next_update());
  const auto* updates = reply.as<types::Updates>();
  ASSERT_NE(updates, nullptr) << reply;
  const auto* added = updates->updates.at(0).as<types::UpdateNewMessage>();
  ASSERT_NE(added, nullptr);
  const auto& message = *added->message.as<types::Message>();
  EXPECT_EQ(message.message, "Hello");
  EXPECT_TRUE(message.reply_markup.has_value());
  EXPECT_EQ(added->pts, 2);

  const auto history = user_->call_as<tl::enums::messages::Messages>(
      tl::serialize(fn::messages::GetHistory{.peer = bot_peer(), .limit = 10}));
  const auto& page = *history.as<types::messages::Messages>();
  ASSERT_EQ(page.messages.size(), 2u);
  EXPECT_EQ(page.messages[0].as<types::Message>()->message, "Hello");
  EXPECT_TRUE(page.messages[1].as<types::Message>()->out);

  const auto dialogs = user_->call_as<tl::enums::messages::Dialogs>(
      tl::serialize(fn::messages::GetDialogs{.offset_peer = types::InputPeerEmpty{}, .limit = 10}));
  const auto& list = *dialogs.as<types::messages::Dialogs>();
  ASSERT_EQ(list.dialogs.size(), 1u);
  EXPECT_EQ(list.dialogs[0].as<types::Dialog>()->top_message, 2);
}

TEST_F(Messages, EditAndDeleteReachBothSides) {
  const auto sent = send(*user_, bot_peer(), "typo");
  bot_->next_update();
  user_->call_as<tl::enums::Updates>(
      tl::serialize(fn::messages::EditMessage{.peer = bot_peer(), .id = sent.id, .message = "fixed"}));
  const auto edited = tl::deserialize<tl::enums::Updates>(bot_->next_update());
  const auto* edit = edited.as<types::Updates>()->updates.at(0).as<types::UpdateEditMessage>();
  ASSERT_NE(edit, nullptr);
  EXPECT_EQ(edit->message.as<types::Message>()->message, "fixed");

  const auto affected = user_->call_as<tl::enums::messages::AffectedMessages>(
      tl::serialize(fn::messages::DeleteMessages{.revoke = true, .id = {sent.id}}));
  EXPECT_EQ(affected.as<types::messages::AffectedMessages>()->pts_count, 1);
  const auto deleted = tl::deserialize<tl::enums::Updates>(bot_->next_update());
  EXPECT_TRUE(deleted.as<types::Updates>()->updates.at(0).is<types::UpdateDeleteMessages>());
  EXPECT_TRUE(cluster_.world().mailbox(bot_id_).messages.empty());
}

// A forward names the original's author unless drop_author, and carries silent.
TEST_F(Messages, ForwardKeepsTheAuthorUnlessDroppedAndIsSilentWhenAsked) {
  const auto sent = send(*user_, bot_peer(), "worth keeping");
  const auto forward = [&](bool drop_author, bool silent, std::int64_t random_id) {
    const auto answer = user_->call_as<tl::enums::Updates>(
        tl::serialize(fn::messages::ForwardMessages{.silent = silent,
                                                    .drop_author = drop_author,
                                                    .from_peer = bot_peer(),
                                                    .id = {sent.id},
                                                    .random_id = {random_id},
                                                    .to_peer = types::InputPeerSelf{}}));
    const auto& id = *answer.as<types::Updates>()->updates.at(0).as<types::UpdateMessageID>();
    return cluster_.world().mailbox(user_id_).messages.at(id.id);
  };
  const auto kept = forward(false, false, 1);
  ASSERT_TRUE(kept.fwd_from.has_value());
  const auto& author = kept.fwd_from->as<types::MessageFwdHeader>()->from_id;
  ASSERT_TRUE(author && author->is<types::PeerUser>());
  EXPECT_EQ(author->as<types::PeerUser>()->user_id, user_id_);
  EXPECT_FALSE(kept.silent);
  const auto dropped = forward(true, true, 2);
  EXPECT_FALSE(dropped.fwd_from.has_value());
  EXPECT_TRUE(dropped.silent);
  EXPECT_EQ(dropped.message, "worth keeping");
}

TEST_F(Messages, MissedMessagesComeBackThroughGetDifference) {
  const auto peer = bot_peer();
  const auto state = user_->call_as<tl::enums::updates::State>(tl::serialize(fn::updates::GetState{}));
  const std::int32_t pts = state.as<types::updates::State>()->pts;
  user_.reset();  // Bob goes offline
  const auto bob = types::InputPeerUser{user_id_, cluster_.world().account(user_id_)->access_hash};
  for (const char* text : {"one", "two", "three"}) send(*bot_, bob, text);

  TestClient back(cluster_.endpoint(2), Kind::full);
  back.open_session(user_key_->auth_key, user_key_->first_salt);
  const auto difference = back.call_as<tl::enums::updates::Difference>(
      tl::serialize(fn::updates::GetDifference{.pts = pts, .date = 0, .qts = 0}));
  const auto* d = difference.as<types::updates::Difference>();
  ASSERT_NE(d, nullptr) << difference;
  ASSERT_EQ(d->new_messages.size(), 3u);
  EXPECT_EQ(d->new_messages[2].as<types::Message>()->message, "three");
  EXPECT_EQ(d->state.as<types::updates::State>()->pts, pts + 3);
  const auto empty = back.call_as<tl::enums::updates::Difference>(
      tl::serialize(fn::updates::GetDifference{.pts = pts + 3, .date = 0, .qts = 0}));
  EXPECT_TRUE(empty.is<types::updates::DifferenceEmpty>());
}

TEST_F(Messages, ButtonPressWaitsForTheBotsAnswer) {
  const auto [press, query] = press_button();
  const auto* update = query.as<types::Updates>()->updates.at(0).as<types::UpdateBotCallbackQuery>();
  ASSERT_NE(update, nullptr) << query;
  EXPECT_EQ(update->user_id, user_id_);
  EXPECT_EQ(update->msg_id, 2);  // the bot's own id of its message
  EXPECT_EQ(update->data, tl::Bytes{std::byte{7}});
  const auto refused =
      bot_->call(tl::serialize(fn::messages::SetBotCallbackAnswer{.query_id = 1, .cache_time = 0}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(refused).error.message, "QUERY_ID_INVALID");
  bot_->call(tl::serialize(fn::messages::SetBotCallbackAnswer{
      .alert = true, .query_id = update->query_id, .message = "Done", .cache_time = 0}));
  const auto answer = user_->wait(press);
  const auto boxed =
      tl::deserialize<tl::enums::messages::BotCallbackAnswer>(std::get<mtproto::RpcResultEvent>(answer).body);
  const auto& a = *boxed.as<types::messages::BotCallbackAnswer>();
  EXPECT_TRUE(a.alert);
  EXPECT_EQ(a.message, "Done");
}

TEST_F(Messages, BotsAnswerMadeWhileTheUserIsAwayComesOnTheUsersNextConnection) {
  const auto [press, query] = press_button();
  const auto query_id =
      query.as<types::Updates>()->updates.at(0).as<types::UpdateBotCallbackQuery>()->query_id;
  user_->reconnect();
  ASSERT_TRUE(wait_logged("dc2#2: disconnected"));  // Bob's first connection (the bot's is #1)
  bot_->call(tl::serialize(
      fn::messages::SetBotCallbackAnswer{.query_id = query_id, .message = "Later", .cache_time = 0}));
  user_->call_as<tl::enums::Pong>(tl::serialize(fn::Ping{1}));  // Bob is back: the session resumes
  const auto answer = user_->wait(press);
  const auto boxed =
      tl::deserialize<tl::enums::messages::BotCallbackAnswer>(std::get<mtproto::RpcResultEvent>(answer).body);
  EXPECT_EQ(boxed.as<types::messages::BotCallbackAnswer>()->message, "Later");
}

TEST_F(Messages, UnknownPeerAndEmptyTextAreRefused) {
  const auto refused = [&](fn::messages::SendMessage call) {
    const auto event = user_->call(tl::serialize(call));
    const auto* error = std::get_if<mtproto::RpcErrorEvent>(&event);
    return error == nullptr ? std::string() : error->error.message;
  };
  EXPECT_EQ(refused({.peer = types::InputPeerUser{bot_id_, 12345}, .message = "x", .random_id = 1}),
            "PEER_ID_INVALID");
  EXPECT_EQ(refused({.peer = bot_peer(), .message = "", .random_id = 1}), "MESSAGE_EMPTY");
  EXPECT_EQ(refused({.peer = bot_peer(), .message = std::string(4097, 'x'), .random_id = 1}),
            "MESSAGE_TOO_LONG");
}

}  // namespace
}  // namespace layer::fakedc::test
