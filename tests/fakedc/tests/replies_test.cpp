// What bots set on messages.sendMessage besides the text: a reply names the
// message by the sender's id, and every other box gets its own id of it (a
// private chat's other side, each member of a basic group; a channel has one
// id for all); silent travels with the message; no_webpage is accepted.
#include <gtest/gtest.h>

#include "bot_and_user.hpp"

namespace layer::fakedc::test {
namespace {

class Replies : public BotAndUser {
 protected:
  types::InputPeerUser bob() { return {user_id_, cluster_.world().account(user_id_)->access_hash}; }

  mtproto::Outcome reply(TestClient& from, tl::enums::InputPeer to, std::int32_t id,
                         const std::string& text) {
    return from.call(
        tl::serialize(fn::messages::SendMessage{.no_webpage = true,
                                                .silent = true,
                                                .peer = std::move(to),
                                                .reply_to = types::InputReplyToMessage{.reply_to_msg_id = id},
                                                .message = text,
                                                .random_id = ++random_ids_}));
  }

  static std::optional<std::int32_t> replied_to(const std::optional<tl::enums::MessageReplyHeader>& header) {
    if (!header) return std::nullopt;
    return header->as<types::MessageReplyHeader>()->reply_to_msg_id;
  }

  static std::string error_of(const mtproto::Outcome& event) {
    const auto* error = std::get_if<mtproto::RpcErrorEvent>(&event);
    return error == nullptr ? std::string() : error->error.message;
  }

  static tl::enums::Updates next(TestClient& client) {
    return tl::deserialize<tl::enums::Updates>(client.next_update());
  }
};

TEST_F(Replies, PrivateReplyNamesEachSidesOwnIdAndStaysSilent) {
  send(*user_, types::InputPeerSelf{}, "note");
  const auto question = send(*user_, bot_peer(), "question?");
  const auto heard = next(*bot_);
  ASSERT_TRUE(heard.is<types::UpdateShortMessage>()) << heard;
  const std::int32_t bots_id = heard.as<types::UpdateShortMessage>()->id;
  ASSERT_NE(bots_id, question.id);

  const auto sent = reply(*bot_, bob(), bots_id, "answer, see https://example.org");
  ASSERT_TRUE(std::holds_alternative<mtproto::RpcResultEvent>(sent)) << error_of(sent);
  const auto pushed = next(*user_);
  const auto* theirs = pushed.as<types::UpdateShortMessage>();
  ASSERT_NE(theirs, nullptr) << pushed;
  EXPECT_TRUE(theirs->silent);
  EXPECT_EQ(replied_to(theirs->reply_to), question.id);

  const auto history = bot_->call_as<tl::enums::messages::Messages>(
      tl::serialize(fn::messages::GetHistory{.peer = bob(), .limit = 10}));
  const auto& mine = *history.as<types::messages::Messages>()->messages.at(0).as<types::Message>();
  EXPECT_TRUE(mine.silent);
  EXPECT_EQ(replied_to(mine.reply_to), bots_id);
}

TEST_F(Replies, RepliesToMessagesOfOtherChatsOrToStoriesAreRefused) {
  const auto note = send(*user_, types::InputPeerSelf{}, "note");
  EXPECT_EQ(error_of(reply(*user_, bot_peer(), note.id, "x")), "REPLY_MESSAGE_ID_INVALID");
  EXPECT_EQ(error_of(reply(*user_, bot_peer(), 99, "x")), "REPLY_MESSAGE_ID_INVALID");
  const auto story = user_->call(tl::serialize(
      fn::messages::SendMessage{.peer = bot_peer(),
                                .reply_to = types::InputReplyToStory{.peer = bot_peer(), .story_id = 1},
                                .message = "x",
                                .random_id = ++random_ids_}));
  EXPECT_EQ(error_of(story), "REPLY_TO_INVALID");
}

TEST_F(Replies, GroupReplyNamesEachMembersOwnId) {
  const std::int64_t chat = create_group();
  send(*user_, types::InputPeerSelf{}, "note");
  const auto question = send(*user_, types::InputPeerChat{chat}, "question?");
  const std::int32_t bots_id = next(*bot_).as<types::UpdateShortChatMessage>()->id;
  ASSERT_NE(bots_id, question.id);
  reply(*bot_, types::InputPeerChat{chat}, bots_id, "answer");
  const auto pushed = next(*user_);
  const auto* theirs = pushed.as<types::UpdateShortChatMessage>();
  ASSERT_NE(theirs, nullptr) << pushed;
  EXPECT_EQ(replied_to(theirs->reply_to), question.id);
  EXPECT_TRUE(theirs->silent);
}

TEST_F(Replies, ChannelReplyNamesTheChannelsId) {
  const auto room = create_channel(true);
  const types::InputPeerChannel peer{room.channel_id, room.access_hash};
  user_->call(
      tl::serialize(fn::messages::SendMessage{.peer = peer, .message = "q", .random_id = ++random_ids_}));
  next(*bot_);
  reply(*bot_, peer, 1, "a");
  const auto pushed = next(*user_);
  const auto& m = *pushed.as<types::Updates>()
                       ->updates.at(0)
                       .as<types::UpdateNewChannelMessage>()
                       ->message.as<types::Message>();
  EXPECT_EQ(replied_to(m.reply_to), 1);
  EXPECT_TRUE(m.silent);
  EXPECT_EQ(error_of(reply(*bot_, peer, 7, "a")), "REPLY_MESSAGE_ID_INVALID");
}

}  // namespace
}  // namespace layer::fakedc::test
