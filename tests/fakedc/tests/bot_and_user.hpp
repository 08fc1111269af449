// A cluster with Bob (a user, signed in by code on one connection) and a bot
// (signed in by token on another), for tests of what passes between them,
// and the chats Bob makes with the bot in them.
#pragma once

#include "cluster_fixture.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {

namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

class BotAndUser : public ClusterTest {
 protected:
  using ClusterTest::ClusterTest;

  void configure() override {
    auto& world = cluster_.world();
    user_id_ = world.add_user("+999660000002", "Bob", "", "bob").id;
    auto& bot = world.add_bot("Echo", "echo_bot");
    bot_id_ = bot.id;
    bot_token_ = bot.bot_token;
  }

  void SetUp() override {
    ClusterTest::SetUp();
    bot_ = std::make_unique<TestClient>(cluster_.endpoint(2), Kind::abridged, client_clock());
    bot_->handshake(cluster_.public_key());
    bot_->call_as<tl::enums::auth::Authorization>(tl::serialize(fn::auth::ImportBotAuthorization{
        .flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = bot_token_}));
    user_key_ = sign_in_user();
  }

  // Bob on a new connection; returns the key so a later client can reuse it.
  mtproto::handshake::Done sign_in_user() {
    user_ = std::make_unique<TestClient>(cluster_.endpoint(2), Kind::intermediate, client_clock());
    auto done = user_->handshake(cluster_.public_key());
    const auto hash = user_
                          ->call_as<tl::enums::auth::SentCode>(
                              tl::serialize(fn::auth::SendCode{.phone_number = "+999660000002",
                                                               .api_id = 1,
                                                               .api_hash = "x",
                                                               .settings = types::CodeSettings{}}))
                          .as<types::auth::SentCode>()
                          ->phone_code_hash;
    user_->call_as<tl::enums::auth::Authorization>(tl::serialize(
        fn::auth::SignIn{.phone_number = "+999660000002", .phone_code_hash = hash, .phone_code = "22222"}));
    return done;
  }

  // The bot as Bob names it, through contacts.resolveUsername.
  tl::enums::InputPeer bot_peer() {
    const auto resolved = user_->call_as<tl::enums::contacts::ResolvedPeer>(
        tl::serialize(fn::contacts::ResolveUsername{.username = "echo_bot"}));
    const auto& bot = *resolved.as<types::contacts::ResolvedPeer>()->users.at(0).as<types::User>();
    return types::InputPeerUser{bot.id, *bot.access_hash};
  }

  // Bob creates a basic group with the bot in it; returns its id.
  std::int64_t create_group() {
    const auto bot = *bot_peer().as<types::InputPeerUser>();
    const auto invited =
        user_->call_as<tl::enums::messages::InvitedUsers>(tl::serialize(fn::messages::CreateChat{
            .users = {types::InputUser{bot.user_id, bot.access_hash}}, .title = "Team"}));
    // updateChat and updateChatParticipants: two seq numbers (sequences_test.cpp).
    const auto& updates = *invited.as<types::messages::InvitedUsers>()->updates.as<types::UpdatesCombined>();
    const auto& chat = *updates.chats.at(0).as<types::Chat>();
    EXPECT_TRUE(chat.creator);
    EXPECT_EQ(chat.participants_count, 2);
    bot_->next_update();  // the same two updates, for the bot,
    bot_->next_update();  // and its updateChatParticipant
    return chat.id;
  }

  // Bob creates a channel (or supergroup) and adds the bot; returns how Bob names it.
  types::InputChannel create_channel(bool megagroup) {
    const auto created = user_->call_as<tl::enums::Updates>(tl::serialize(
        fn::channels::CreateChannel{.megagroup = megagroup, .title = "Room", .about = "a test"}));
    const auto& channel = *created.as<types::Updates>()->chats.at(0).as<types::Channel>();
    EXPECT_TRUE(channel.creator);
    EXPECT_EQ(channel.megagroup, megagroup);
    const types::InputChannel input{channel.id, *channel.access_hash};
    const auto bot = *bot_peer().as<types::InputPeerUser>();
    user_->call_as<tl::enums::messages::InvitedUsers>(tl::serialize(fn::channels::InviteToChannel{
        .channel = input, .users = {types::InputUser{bot.user_id, bot.access_hash}}}));
    bot_->next_update();  // the bot learns it was added: the channel,
    bot_->next_update();  // then, being a bot, an updateChannelParticipant (sequences_test.cpp)
    return input;
  }

  types::UpdateShortSentMessage send(TestClient& from, tl::enums::InputPeer to, const std::string& text,
                                     std::optional<tl::enums::ReplyMarkup> markup = {}) {
    fn::messages::SendMessage call{.peer = std::move(to), .message = text, .random_id = ++random_ids_};
    call.reply_markup = std::move(markup);
    const auto sent = from.call_as<tl::enums::Updates>(tl::serialize(call));
    return *sent.as<types::UpdateShortSentMessage>();
  }

  // Bob starts the bot, the bot answers with a button, Bob presses it: the
  // pending getBotCallbackAnswer and the query the bot was pushed.
  std::pair<mtproto::RequestId, tl::enums::Updates> press_button() {
    send(*user_, bot_peer(), "/start");
    bot_->next_update();
    const auto user = types::InputPeerUser{user_id_, cluster_.world().account(user_id_)->access_hash};
    send(*bot_, user, "Press", types::ReplyKeyboardHide{});
    user_->next_update();
    const auto press = user_->start(tl::serialize(fn::messages::GetBotCallbackAnswer{
        .peer = bot_peer(), .msg_id = 2, .data = tl::Bytes{std::byte{7}}}));
    return {press, tl::deserialize<tl::enums::Updates>(bot_->next_update())};
  }

  std::int64_t user_id_ = 0;
  std::int64_t bot_id_ = 0;
  std::int64_t random_ids_ = 0;  // the last one sent: each send has its own
  std::string bot_token_;
  std::unique_ptr<TestClient> bot_;
  std::unique_ptr<TestClient> user_;
  std::optional<mtproto::handshake::Done> user_key_;
};

}  // namespace layer::fakedc::test
