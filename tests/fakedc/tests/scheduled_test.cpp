// Scheduled messages on the cluster's virtual clock: sendMessage (or
// sendMedia) with a schedule_date answers updateNewScheduledMessage, the
// message goes out when the clock reaches its date (from_scheduled, under the
// recipient's next pts, the sender told which id it took), can be listed,
// deleted or sent at once before, waits in the state file across a restart,
// and dates, senders and numbers Telegram refuses are refused.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <typeinfo>

#include "bot_and_user.hpp"

namespace layer::fakedc::test {
namespace {

using namespace std::chrono_literals;

std::int32_t seconds_of(mtproto::Time t) {
  return static_cast<std::int32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

tl::Bytes schedule_call(tl::enums::InputPeer to, const std::string& text, std::int64_t random_id,
                        std::int32_t date) {
  return tl::serialize(fn::messages::SendMessage{
      .peer = std::move(to), .message = text, .random_id = random_id, .schedule_date = date});
}

// The only update of a pushed or returned updates, as U.
template <class U>
U only(const tl::enums::Updates& updates) {
  const auto* all = updates.as<types::Updates>();
  if (all == nullptr || all->updates.size() != 1 || !all->updates[0].is<U>())
    throw std::runtime_error("not one " + std::string(typeid(U).name()));
  return *all->updates[0].as<U>();
}

class Scheduled : public BotAndUser {
 protected:
  Scheduled() : BotAndUser(on_virtual_time()) {}

  std::int32_t now() const { return seconds_of(virtual_clock_->now()); }

  mtproto::Outcome schedule(TestClient& from, tl::enums::InputPeer to, const std::string& text,
                            std::int32_t date) {
    return from.call(schedule_call(std::move(to), text, ++random_ids_, date));
  }

  // Bob schedules text for the bot at date; the scheduled message's id.
  std::int32_t schedule_ok(tl::enums::InputPeer to, const std::string& text, std::int32_t date) {
    const auto answer =
        user_->call_as<tl::enums::Updates>(schedule_call(std::move(to), text, ++random_ids_, date));
    return answer.as<types::Updates>()->updates.at(0).as<types::UpdateMessageID>()->id;
  }

  std::vector<tl::enums::Message> waiting(tl::enums::InputPeer in) {
    const auto listed = user_->call_as<tl::enums::messages::Messages>(
        tl::serialize(fn::messages::GetScheduledHistory{.peer = std::move(in), .hash = 0}));
    return listed.as<types::messages::Messages>()->messages;
  }

  std::int32_t pts(TestClient& client) {
    return client.call_as<tl::enums::updates::State>(tl::serialize(fn::updates::GetState{}))
        .as<types::updates::State>()
        ->pts;
  }

  static tl::enums::Updates next(TestClient& client) {
    return tl::deserialize<tl::enums::Updates>(client.next_update());
  }

  static std::string error_of(const mtproto::Outcome& event) {
    const auto* error = std::get_if<mtproto::RpcErrorEvent>(&event);
    return error == nullptr ? std::string() : error->error.message;
  }
};

TEST_F(Scheduled, MessageWaitsForItsDateThenGoesOut) {
  send(*user_, bot_peer(), "/start");
  next(*bot_);
  const std::int32_t date = now() + 60;
  const auto event = schedule(*user_, bot_peer(), "later", date);
  ASSERT_TRUE(std::holds_alternative<mtproto::RpcResultEvent>(event)) << error_of(event);
  const auto answer = tl::deserialize<tl::enums::Updates>(std::get<mtproto::RpcResultEvent>(event).body);
  const auto& updates = answer.as<types::Updates>()->updates;
  ASSERT_EQ(updates.size(), 2u) << answer;
  EXPECT_EQ(updates[0].as<types::UpdateMessageID>()->random_id, random_ids_);
  const auto& scheduled = *updates[1].as<types::UpdateNewScheduledMessage>()->message.as<types::Message>();
  EXPECT_EQ(scheduled.message, "later");
  EXPECT_EQ(scheduled.date, date);
  EXPECT_EQ(scheduled.id, updates[0].as<types::UpdateMessageID>()->id);
  ASSERT_EQ(waiting(bot_peer()).size(), 1u);
  // A scheduled message takes no pts: it is in no box's history yet.
  EXPECT_EQ(pts(*user_), 1);

  virtual_clock_->advance(59s);
  EXPECT_EQ(pts(*bot_), 1);
  virtual_clock_->advance(1s);
  const auto delivered = only<types::UpdateNewMessage>(next(*bot_));
  EXPECT_EQ(delivered.pts, 2);
  EXPECT_EQ(delivered.pts_count, 1);
  const auto& theirs = *delivered.message.as<types::Message>();
  EXPECT_EQ(theirs.message, "later");
  EXPECT_TRUE(theirs.from_scheduled);
  EXPECT_FALSE(theirs.out);
  EXPECT_EQ(theirs.date, date);
  EXPECT_EQ(theirs.id, 2);
  EXPECT_EQ(pts(*bot_), 2);

  const auto mine = only<types::UpdateNewMessage>(next(*user_));
  EXPECT_EQ(mine.pts, 2);
  const auto sent_id = mine.message.as<types::Message>()->id;
  const auto gone = only<types::UpdateDeleteScheduledMessages>(next(*user_));
  EXPECT_EQ(gone.peer, tl::enums::Peer(types::PeerUser{bot_id_}));
  EXPECT_EQ(gone.messages, std::vector<std::int32_t>{scheduled.id});
  EXPECT_EQ(gone.sent_messages, std::vector<std::int32_t>{sent_id});
  EXPECT_TRUE(waiting(bot_peer()).empty());
}

TEST_F(Scheduled, DeletedMessagesAreNotSent) {
  const auto id = schedule_ok(bot_peer(), "never", now() + 30);
  const auto deleted = user_->call_as<tl::enums::Updates>(
      tl::serialize(fn::messages::DeleteScheduledMessages{.peer = bot_peer(), .id = {id}}));
  const auto update = only<types::UpdateDeleteScheduledMessages>(deleted);
  EXPECT_EQ(update.messages, std::vector<std::int32_t>{id});
  EXPECT_FALSE(update.sent_messages);
  virtual_clock_->advance(31s);
  EXPECT_EQ(pts(*bot_), 0);
  EXPECT_TRUE(waiting(bot_peer()).empty());
}

TEST_F(Scheduled, SentAtOnceOnRequestAndListedById) {
  const auto first = schedule_ok(bot_peer(), "first", now() + 600);
  const auto second = schedule_ok(bot_peer(), "second", now() + 300);
  // Latest date first.
  const auto listed = waiting(bot_peer());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].as<types::Message>()->id, first);

  const auto answer = user_->call_as<tl::enums::Updates>(
      tl::serialize(fn::messages::SendScheduledMessages{.peer = bot_peer(), .id = {first}}));
  const auto done = only<types::UpdateDeleteScheduledMessages>(answer);
  EXPECT_EQ(done.messages, std::vector<std::int32_t>{first});
  const auto delivered = only<types::UpdateNewMessage>(next(*bot_));
  EXPECT_EQ(delivered.message.as<types::Message>()->message, "first");
  EXPECT_EQ(delivered.pts, 1);
  const auto mine = only<types::UpdateNewMessage>(next(*user_));
  EXPECT_EQ(done.sent_messages, std::vector<std::int32_t>{mine.message.as<types::Message>()->id});

  const auto by_id = user_->call_as<tl::enums::messages::Messages>(
      tl::serialize(fn::messages::GetScheduledMessages{.peer = bot_peer(), .id = {first, second}}));
  const auto& messages = by_id.as<types::messages::Messages>()->messages;
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_TRUE(messages[0].is<types::MessageEmpty>());
  EXPECT_EQ(messages[1].as<types::Message>()->message, "second");
  const auto again =
      user_->call(tl::serialize(fn::messages::SendScheduledMessages{.peer = bot_peer(), .id = {first}}));
  EXPECT_EQ(error_of(again), "MESSAGE_ID_INVALID");
}

TEST_F(Scheduled, ChannelPostGoesOutToTheMembers) {
  const auto room = create_channel(true);
  const types::InputPeerChannel peer{room.channel_id, room.access_hash};
  schedule_ok(peer, "at noon", now() + 5);
  EXPECT_EQ(waiting(peer).size(), 1u);
  virtual_clock_->advance(5s);
  const auto post = only<types::UpdateNewChannelMessage>(next(*bot_));
  EXPECT_TRUE(post.message.as<types::Message>()->from_scheduled);
  EXPECT_EQ(post.pts, 1);
}

TEST_F(Scheduled, GroupMessageGoesOutToEveryMember) {
  const auto group = create_group();
  const auto bot_pts = pts(*bot_);
  schedule_ok(types::InputPeerChat{group}, "meeting", now() + 5);
  virtual_clock_->advance(5s);
  const auto pushed = next(*bot_);
  const auto copy = only<types::UpdateNewMessage>(pushed);
  EXPECT_EQ(copy.pts, bot_pts + 1);
  EXPECT_TRUE(copy.message.as<types::Message>()->from_scheduled);
  EXPECT_EQ(copy.message.as<types::Message>()->peer_id, tl::enums::Peer(types::PeerChat{group}));
  EXPECT_EQ(pushed.as<types::Updates>()->chats.size(), 1u);
}

TEST_F(Scheduled, MediaWaitsWithItsUpload) {
  const tl::Bytes bytes(100, std::byte{9});
  ASSERT_TRUE(user_->call_as<bool>(
      tl::serialize(fn::upload::SaveFilePart{.file_id = 5, .file_part = 0, .bytes = bytes})));
  const types::InputMediaUploadedDocument media{
      .file = types::InputFile{.id = 5, .parts = 1, .name = "a.bin", .md5_checksum = ""},
      .mime_type = "application/octet-stream",
      .attributes = {}};
  const auto answer =
      user_->call_as<tl::enums::Updates>(tl::serialize(fn::messages::SendMedia{.peer = bot_peer(),
                                                                               .media = media,
                                                                               .message = "file",
                                                                               .random_id = ++random_ids_,
                                                                               .schedule_date = now() + 9}));
  const auto& scheduled = *answer.as<types::Updates>()
                               ->updates.at(1)
                               .as<types::UpdateNewScheduledMessage>()
                               ->message.as<types::Message>();
  ASSERT_TRUE(scheduled.media);
  virtual_clock_->advance(9s);
  const auto delivered = only<types::UpdateNewMessage>(next(*bot_));
  const auto& message = *delivered.message.as<types::Message>();
  EXPECT_TRUE(message.from_scheduled);
  EXPECT_EQ(message.media, scheduled.media);
}

TEST_F(Scheduled, MessageThatCannotGoIsDroppedAndSaidSo) {
  const auto id = schedule_ok(bot_peer(), "blocked", now() + 10);
  // Blocking stands for any reason a send fails by the message's date.
  const types::InputPeerUser bob{user_id_, cluster_.world().account(user_id_)->access_hash};
  ASSERT_TRUE(bot_->call_as<bool>(tl::serialize(fn::contacts::Block{.id = bob})));
  virtual_clock_->advance(10s);
  const auto gone = only<types::UpdateDeleteScheduledMessages>(next(*user_));
  EXPECT_EQ(gone.messages, std::vector<std::int32_t>{id});
  EXPECT_FALSE(gone.sent_messages);
  EXPECT_EQ(pts(*bot_), 0);
  EXPECT_TRUE(logged("dropped: USER_IS_BLOCKED"));
}

TEST_F(Scheduled, DatesAndSendersTelegramRefusesAreRefused) {
  EXPECT_EQ(error_of(schedule(*user_, bot_peer(), "x", now() - 10)), "SCHEDULE_DATE_INVALID");
  EXPECT_EQ(error_of(schedule(*user_, bot_peer(), "x", now())), "SCHEDULE_DATE_INVALID");
  EXPECT_EQ(error_of(schedule(*user_, bot_peer(), "x", now() + 366 * 24 * 3600)), "SCHEDULE_DATE_TOO_LATE");
  const types::InputPeerUser bob{user_id_, cluster_.world().account(user_id_)->access_hash};
  EXPECT_EQ(error_of(schedule(*bot_, bob, "x", now() + 60)), "SCHEDULE_BOT_NOT_ALLOWED");
  EXPECT_TRUE(waiting(bot_peer()).empty());
}

TEST_F(Scheduled, AChatHoldsAtMostAHundred) {
  for (std::size_t i = 0; i < 100; ++i) schedule_ok(bot_peer(), "n", now() + 60);
  EXPECT_EQ(error_of(schedule(*user_, bot_peer(), "one more", now() + 60)), "SCHEDULE_TOO_MUCH");
  // The limit is per chat.
  schedule_ok(types::InputPeerSelf{}, "reminder", now() + 60);
}

// The waiting messages are in the state file: a cluster started on it sends
// them at their date, the recipient's pts going on from where it was.
TEST(ScheduledAcrossRestarts, WaitingMessagesGoOutFromTheNextCluster) {
  const auto path =
      (std::filesystem::temp_directory_path() / ("layer-fakedc-" + std::to_string(::getpid()) + "-scheduled"))
          .string();
  auto clock = std::make_shared<VirtualClock>(std::chrono::system_clock::now());
  const auto client_clock = [&clock] { return clock->now(); };
  std::int64_t bob_id = 0;
  types::InputPeerUser bot;
  std::string token;
  {
    crypto::DeterministicRng rng(1);
    World world([clock] { return clock->now(); }, rng);
    bob_id = world.add_user("+999660000002", "Bob", "", "bob").id;
    const auto& added = world.add_bot("Echo", "echo_bot");
    bot = {added.id, added.access_hash};
    token = added.bot_token;
    world.save(path);
  }
  // Each cluster on a clock of its own, as each process would be, going on
  // from the last one's time: the timers a stopped cluster left on its clock
  // must not fire into its gone executor.
  const auto options = [&] {
    clock = std::make_shared<VirtualClock>(clock->now());
    return ClusterOptions{.virtual_clock = clock, .log = [](std::string_view) {}, .state_file = path};
  };
  const auto sign_in_bot = [&](Cluster& cluster) {
    auto client = std::make_unique<TestClient>(cluster.endpoint(2), Kind::abridged, client_clock);
    client->handshake(cluster.public_key());
    client->call_as<tl::enums::auth::Authorization>(tl::serialize(
        fn::auth::ImportBotAuthorization{.flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = token}));
    return client;
  };
  std::optional<mtproto::handshake::Done> key;
  const std::int32_t date = seconds_of(clock->now()) + 120;
  std::int32_t id = 0;
  {
    Running first(options());
    const auto echo = sign_in_bot(first.cluster());
    TestClient bob(first.cluster().endpoint(2), Kind::intermediate, client_clock);
    key = bob.handshake(first.cluster().public_key());
    const auto code = fn::auth::SendCode{
        .phone_number = "+999660000002", .api_id = 1, .api_hash = "x", .settings = types::CodeSettings{}};
    const auto sent = bob.call_as<tl::enums::auth::SentCode>(tl::serialize(code));
    bob.call_as<tl::enums::auth::Authorization>(
        tl::serialize(fn::auth::SignIn{.phone_number = code.phone_number,
                                       .phone_code_hash = sent.as<types::auth::SentCode>()->phone_code_hash,
                                       .phone_code = "22222"}));
    bob.call_as<tl::enums::Updates>(
        tl::serialize(fn::messages::SendMessage{.peer = bot, .message = "now", .random_id = 1}));
    echo->next_update();
    const auto answer = bob.call_as<tl::enums::Updates>(schedule_call(bot, "in two minutes", 2, date));
    id = answer.as<types::Updates>()->updates.at(0).as<types::UpdateMessageID>()->id;
  }
  {
    Running second(options());
    const auto echo = sign_in_bot(second.cluster());
    TestClient bob(second.cluster().endpoint(2), Kind::intermediate, client_clock);
    bob.open_session(key->auth_key, key->first_salt);
    const auto listed = bob.call_as<tl::enums::messages::Messages>(
        tl::serialize(fn::messages::GetScheduledHistory{.peer = bot, .hash = 0}));
    const auto& messages = listed.as<types::messages::Messages>()->messages;
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].as<types::Message>()->id, id);
    EXPECT_EQ(messages[0].as<types::Message>()->date, date);

    clock->advance(120s);
    const auto delivered =
        only<types::UpdateNewMessage>(tl::deserialize<tl::enums::Updates>(echo->next_update()));
    EXPECT_EQ(delivered.pts, 2);
    EXPECT_EQ(delivered.message.as<types::Message>()->message, "in two minutes");
    EXPECT_EQ(delivered.message.as<types::Message>()->date, date);
    EXPECT_EQ(delivered.message.as<types::Message>()->from_id, tl::enums::Peer(types::PeerUser{bob_id}));
    only<types::UpdateNewMessage>(tl::deserialize<tl::enums::Updates>(bob.next_update()));
    const auto gone =
        only<types::UpdateDeleteScheduledMessages>(tl::deserialize<tl::enums::Updates>(bob.next_update()));
    EXPECT_EQ(gone.messages, std::vector<std::int32_t>{id});
  }
  {
    // Sent, it is no longer in the file.
    Running third(options());
    TestClient bob(third.cluster().endpoint(2), Kind::intermediate, client_clock);
    bob.open_session(key->auth_key, key->first_salt);
    const auto listed = bob.call_as<tl::enums::messages::Messages>(
        tl::serialize(fn::messages::GetScheduledHistory{.peer = bot, .hash = 0}));
    EXPECT_TRUE(listed.as<types::messages::Messages>()->messages.empty());
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace layer::fakedc::test
