// Inline queries: a user's messages.getInlineBotResults reaches the bot as
// updateBotInlineQuery and waits for its messages.setInlineBotResults (or
// times out, on the cluster's clock), which the user gets as
// messages.botResults; results Telegram would refuse are refused to the bot
// while the query keeps waiting.
#include <gtest/gtest.h>

#include "bot_and_user.hpp"

namespace layer::fakedc::test {
namespace {

using namespace std::chrono_literals;

class InlineQueries : public BotAndUser {
 protected:
  using BotAndUser::BotAndUser;

  types::InputUser bot_user() {
    const auto bot = *bot_peer().as<types::InputPeerUser>();
    return {bot.user_id, bot.access_hash};
  }

  // Bob types `query` in peer; the pending call and what the bot was pushed.
  std::pair<mtproto::RequestId, types::UpdateBotInlineQuery> ask(tl::enums::InputPeer peer,
                                                                 const std::string& query) {
    const auto call = user_->start(tl::serialize(
        fn::messages::GetInlineBotResults{.bot = bot_user(), .peer = peer, .query = query, .offset = "0"}));
    const auto pushed = tl::deserialize<tl::enums::Updates>(bot_->next_update());
    const auto* update = pushed.as<types::Updates>()->updates.at(0).as<types::UpdateBotInlineQuery>();
    EXPECT_NE(update, nullptr) << pushed;
    return {call, update == nullptr ? types::UpdateBotInlineQuery{} : *update};
  }

  static types::InputBotInlineResult article(const std::string& id, const std::string& text) {
    return {.id = id,
            .type = "article",
            .title = "Result " + id,
            .send_message = types::InputBotInlineMessageText{.message = text}};
  }

  mtproto::Outcome answer(std::int64_t query_id, std::vector<tl::enums::InputBotInlineResult> results) {
    return bot_->call(tl::serialize(fn::messages::SetInlineBotResults{
        .query_id = query_id, .results = std::move(results), .cache_time = 5, .next_offset = "2"}));
  }

  static std::string error_of(const mtproto::Outcome& event) {
    const auto* error = std::get_if<mtproto::RpcErrorEvent>(&event);
    return error == nullptr ? std::string() : error->error.message;
  }
};

TEST_F(InlineQueries, TheBotsResultsAnswerTheUsersQuery) {
  const auto [call, query] = ask(types::InputPeerSelf{}, "cats");
  EXPECT_EQ(query.user_id, user_id_);
  EXPECT_EQ(query.query, "cats");
  EXPECT_EQ(query.offset, "0");
  EXPECT_TRUE(query.peer_type && query.peer_type->is<types::InlineQueryPeerTypePM>());
  EXPECT_TRUE(user_->session().is_pending(call));

  EXPECT_TRUE(std::holds_alternative<mtproto::RpcResultEvent>(
      answer(query.query_id, {article("1", "meow"), article("2", "purr")})));
  const auto event = user_->wait(call);
  const auto boxed =
      tl::deserialize<tl::enums::messages::BotResults>(std::get<mtproto::RpcResultEvent>(event).body);
  const auto& results = *boxed.as<types::messages::BotResults>();
  EXPECT_EQ(results.query_id, query.query_id);
  EXPECT_EQ(results.next_offset, "2");
  EXPECT_EQ(results.cache_time, 5);
  ASSERT_EQ(results.results.size(), 2u);
  const auto& first = *results.results[0].as<types::BotInlineResult>();
  EXPECT_EQ(first.id, "1");
  EXPECT_EQ(first.title, "Result 1");
  EXPECT_EQ(first.send_message.as<types::BotInlineMessageText>()->message, "meow");
  ASSERT_EQ(results.users.size(), 1u);
  EXPECT_EQ(results.users[0].as<types::User>()->id, bot_id_);
  EXPECT_EQ(error_of(answer(query.query_id, {})), "QUERY_ID_INVALID");  // answered once
}

TEST_F(InlineQueries, TheBotIsToldWhereTheQueryWasTyped) {
  const auto [in_bot_chat, query] = ask(bot_peer(), "");
  EXPECT_TRUE(query.peer_type->is<types::InlineQueryPeerTypeSameBotPM>());
  answer(query.query_id, {});
  user_->wait(in_bot_chat);
  const auto created = user_->call_as<tl::enums::Updates>(
      tl::serialize(fn::channels::CreateChannel{.megagroup = true, .title = "Room", .about = ""}));
  const auto& room = *created.as<types::Updates>()->chats.at(0).as<types::Channel>();
  const auto [in_room, room_query] = ask(types::InputPeerChannel{room.id, *room.access_hash}, "x");
  EXPECT_TRUE(room_query.peer_type->is<types::InlineQueryPeerTypeMegagroup>());
  answer(room_query.query_id, {});
  user_->wait(in_room);
}

TEST_F(InlineQueries, BadResultsAreRefusedToTheBotAndTheQueryWaitsOn) {
  const auto [call, query] = ask(types::InputPeerSelf{}, "q");
  EXPECT_EQ(error_of(answer(query.query_id, {article("1", "a"), article("1", "b")})), "RESULT_ID_DUPLICATE");
  EXPECT_EQ(error_of(answer(query.query_id, {article("", "a")})), "RESULT_ID_EMPTY");
  EXPECT_EQ(error_of(answer(
                query.query_id,
                {types::InputBotInlineResultGame{
                    .id = "g", .short_name = "game", .send_message = types::InputBotInlineMessageGame{}}})),
            "RESULT_TYPE_INVALID");
  EXPECT_EQ(
      error_of(answer(query.query_id,
                      {types::InputBotInlineResult{
                          .id = "1", .type = "game", .send_message = types::InputBotInlineMessageGame{}}})),
      "SEND_MESSAGE_TYPE_INVALID");
  std::vector<tl::enums::InputBotInlineResult> many;
  for (int i = 0; i < 51; ++i) many.push_back(article(std::to_string(i), "x"));
  EXPECT_EQ(error_of(answer(query.query_id, many)), "RESULTS_TOO_MUCH");
  EXPECT_EQ(error_of(answer(query.query_id + 1, {})), "QUERY_ID_INVALID");
  // Only the bot asked may answer.
  const auto by_user = user_->call(tl::serialize(
      fn::messages::SetInlineBotResults{.query_id = query.query_id, .results = {}, .cache_time = 0}));
  EXPECT_EQ(error_of(by_user), "QUERY_ID_INVALID");
  EXPECT_TRUE(user_->session().is_pending(call));

  const auto contact = types::InputBotInlineResult{
      .id = "c",
      .type = "contact",
      .send_message = types::InputBotInlineMessageMediaContact{
          .phone_number = "+1", .first_name = "Ann", .last_name = "", .vcard = ""}};
  answer(query.query_id, {contact});
  const auto event = user_->wait(call);
  const auto boxed =
      tl::deserialize<tl::enums::messages::BotResults>(std::get<mtproto::RpcResultEvent>(event).body);
  const auto& result = *boxed.as<types::messages::BotResults>()->results.at(0).as<types::BotInlineResult>();
  EXPECT_EQ(result.send_message.as<types::BotInlineMessageMediaContact>()->first_name, "Ann");
  const auto not_a_bot = user_->call(tl::serialize(fn::messages::GetInlineBotResults{
      .bot = types::InputUserSelf{}, .peer = types::InputPeerSelf{}, .query = "", .offset = ""}));
  EXPECT_EQ(error_of(not_a_bot), "BOT_INVALID");
}

class InlineOnVirtualTime : public InlineQueries {
 protected:
  InlineOnVirtualTime() : InlineQueries(on_virtual_time()) {}
};

TEST_F(InlineOnVirtualTime, SilentBotTimesOutWhenTheClockPassesTenSeconds) {
  const auto call = ask(types::InputPeerSelf{}, "q").first;
  virtual_clock_->advance(9s);
  user_->call_as<tl::enums::Pong>(tl::serialize(fn::Ping{1}));
  EXPECT_TRUE(user_->session().is_pending(call));
  virtual_clock_->advance(1s);
  EXPECT_EQ(error_of(user_->wait(call)), "BOT_RESPONSE_TIMEOUT");
}

}  // namespace
}  // namespace layer::fakedc::test
