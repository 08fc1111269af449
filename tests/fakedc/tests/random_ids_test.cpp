// Sends are deduplicated by random_id, as on Telegram: the same random_id
// again from the same account to the same peer makes no second message and
// gets the first call's answer, whichever session sends it, so a client that
// lost an answer can send the call again safely. Another peer, or another
// random_id, is another message; the world remembers a bounded number.
#include <gtest/gtest.h>

#include "bot_and_user.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

class RandomIds : public BotAndUser {
 protected:
  // The body of the answer to the call, which must succeed.
  static tl::Bytes answer(TestClient& client, const tl::Bytes& call) {
    const auto event = client.call(call);
    const auto* result = std::get_if<mtproto::RpcResultEvent>(&event);
    if (result == nullptr) throw std::runtime_error("the call failed");
    return result->body;
  }

  tl::Bytes say(const tl::enums::InputPeer& to, const std::string& text, std::int64_t random_id) {
    return tl::serialize(fn::messages::SendMessage{.peer = to, .message = text, .random_id = random_id});
  }

  std::size_t messages_of(std::int64_t account) { return cluster_.world().mailbox(account).messages.size(); }
};

TEST_F(RandomIds, SameRandomIdTwiceMakesOneMessageAndTheSameAnswer) {
  const auto bot = bot_peer();
  const auto first = answer(*user_, say(bot, "once", 99));
  bot_->next_update();
  const auto again = answer(*user_, say(bot, "once", 99));
  EXPECT_EQ(again, first);
  EXPECT_EQ(messages_of(user_id_), 1u);
  EXPECT_EQ(messages_of(bot_id_), 1u);
  // Nor is the message announced again: the next push is the next message.
  answer(*user_, say(bot, "twice", 100));
  const auto pushed = tl::deserialize<tl::enums::Updates>(bot_->next_update());
  ASSERT_TRUE(pushed.is<types::UpdateShortMessage>()) << pushed;
  EXPECT_EQ(pushed.as<types::UpdateShortMessage>()->message, "twice");
}

TEST_F(RandomIds, TheSameRandomIdToAnotherPeerIsAnotherMessage) {
  answer(*user_, say(bot_peer(), "to the bot", 7));
  answer(*user_, say(types::InputPeerSelf{}, "to myself", 7));
  EXPECT_EQ(messages_of(user_id_), 2u);
  // What the bot sends under the same random_id is its own.
  answer(*bot_,
         say(types::InputPeerUser{user_id_, cluster_.world().account(user_id_)->access_hash}, "hi", 7));
  EXPECT_EQ(messages_of(user_id_), 3u);
}

TEST_F(RandomIds, ForwardIsDeduplicatedByItsRandomIds) {
  const auto sent = send(*user_, bot_peer(), "worth keeping");
  const auto forward = tl::serialize(fn::messages::ForwardMessages{
      .from_peer = bot_peer(), .id = {sent.id}, .random_id = {500}, .to_peer = types::InputPeerSelf{}});
  const auto first = answer(*user_, forward);
  EXPECT_EQ(answer(*user_, forward), first);
  EXPECT_EQ(messages_of(user_id_), 2u);  // the message and one forwarded copy
}

TEST_F(RandomIds, RetryOnANewSessionAfterALostAnswerIsAnsweredAsTheFirstCall) {
  cluster_.apply_fault("drop_before_answer messages.sendMessage");
  const auto call = say(bot_peer(), "exactly once", 4242);
  const auto lost = user_->start(call);
  EXPECT_THROW(user_->wait(lost), std::runtime_error);
  // A client that cannot resume its session knows nothing of the outcome and
  // sends the call again, same random_id, on a new one.
  user_->reconnect_with_new_session();
  const auto retried = tl::deserialize<tl::enums::Updates>(answer(*user_, call));
  const auto* sent = retried.as<types::UpdateShortSentMessage>();
  ASSERT_NE(sent, nullptr) << retried;
  EXPECT_EQ(messages_of(bot_id_), 1u);
  ASSERT_EQ(messages_of(user_id_), 1u);
  EXPECT_EQ(cluster_.world().mailbox(user_id_).messages.begin()->first, sent->id);
}

TEST(SentLogs, AnAccountRemembersItsNewestRandomIds) {
  crypto::DeterministicRng rng(1);
  World world([] { return mtproto::Time{}; }, rng);
  const tl::Bytes answer{std::byte{1}};
  for (std::int64_t id = 1; id <= static_cast<std::int64_t>(World::kRandomIdsPerAccount) + 1; ++id) {
    world.remember_sent(5, 6, std::span(&id, 1), answer);
  }
  EXPECT_EQ(world.sent_with(5, 6, 1), nullptr);
  ASSERT_NE(world.sent_with(5, 6, 2), nullptr);
  EXPECT_EQ(*world.sent_with(5, 6, 2), answer);
  EXPECT_EQ(world.sent_with(6, 6, 2), nullptr);
}

}  // namespace
}  // namespace layer::fakedc::test
