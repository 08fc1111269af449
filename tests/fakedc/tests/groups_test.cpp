// Basic groups in the fake DC: every member gets its own copy of a message,
// pushed as updateShortChatMessage with its own id and pts.
#include <gtest/gtest.h>

#include "bot_and_user.hpp"

namespace layer::fakedc::test {
namespace {

class Groups : public BotAndUser {};

TEST_F(Groups, EveryMemberGetsItsOwnCopy) {
  send(*user_, bot_peer(), "/start");  // the bot's box now holds one message, Bob's too
  bot_->next_update();
  const std::int64_t chat = create_group();
  const auto sent = send(*user_, types::InputPeerChat{chat}, "hello team");
  EXPECT_EQ(sent.id, 2);
  const auto pushed = tl::deserialize<tl::enums::Updates>(bot_->next_update());
  const auto* m = pushed.as<types::UpdateShortChatMessage>();
  ASSERT_NE(m, nullptr) << pushed;
  EXPECT_EQ(m->chat_id, chat);
  EXPECT_EQ(m->from_id, user_id_);
  EXPECT_EQ(m->message, "hello team");
  EXPECT_EQ(m->id, 2);
  EXPECT_FALSE(m->out);

  const auto history = bot_->call_as<tl::enums::messages::Messages>(
      tl::serialize(fn::messages::GetHistory{.peer = types::InputPeerChat{chat}, .limit = 10}));
  const auto& page = *history.as<types::messages::Messages>();
  ASSERT_EQ(page.messages.size(), 1u);
  EXPECT_EQ(page.chats.size(), 1u);

  const auto full =
      bot_->call_as<tl::enums::messages::ChatFull>(tl::serialize(fn::messages::GetFullChat{.chat_id = chat}));
  const auto& participants = *full.as<types::messages::ChatFull>()
                                  ->full_chat.as<types::ChatFull>()
                                  ->participants.as<types::ChatParticipants>();
  EXPECT_EQ(participants.participants.size(), 2u);
  EXPECT_TRUE(participants.participants[0].is<types::ChatParticipantCreator>());
}

TEST_F(Groups, OutsidersAndRepeatedInvitesAreRefused) {
  const std::int64_t chat = create_group();
  const auto bot = *bot_peer().as<types::InputPeerUser>();
  const auto again = user_->call(tl::serialize(fn::messages::AddChatUser{
      .chat_id = chat, .user_id = types::InputUser{bot.user_id, bot.access_hash}, .fwd_limit = 0}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(again).error.message, "USER_ALREADY_PARTICIPANT");
  const auto unknown = user_->call(tl::serialize(fn::messages::GetFullChat{.chat_id = chat + 1000}));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(unknown).error.message, "CHAT_ID_INVALID");
}

}  // namespace
}  // namespace layer::fakedc::test
