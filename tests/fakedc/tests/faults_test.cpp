// Fault injection: each rule of a fault script does to a real client what it
// says, once, and the client's own recovery (resend, time correction,
// getDifference) gets it through.
#include <gtest/gtest.h>

#include <algorithm>

#include "cluster_fixture.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

std::string error_of(const mtproto::Outcome& event) {
  const auto* error = std::get_if<mtproto::RpcErrorEvent>(&event);
  return error == nullptr ? std::string() : std::to_string(error->error.code) + " " + error->error.message;
}

bool succeeded(const mtproto::Outcome& event) {
  return std::holds_alternative<mtproto::RpcResultEvent>(event);
}

const tl::Bytes kNearest = tl::serialize(fn::help::GetNearestDc{});

class Faults : public ClusterTest {
 protected:
  using ClusterTest::ClusterTest;

  std::unique_ptr<TestClient> connect(std::int32_t dc = 2, Kind kind = Kind::intermediate) {
    auto client = std::make_unique<TestClient>(cluster_.endpoint(dc), kind);
    client->handshake(cluster_.public_key(), dc);
    return client;
  }
};

TEST_F(Faults, ErrorRulesHitTheirMethodAndDcTheirNumberOfTimes) {
  cluster_.apply_fault("error help.getNearestDc 420 FLOOD_WAIT_3 times=2");
  cluster_.apply_fault("error help.getConfig 303 PHONE_MIGRATE_4 dc=2");
  auto dc2 = connect(2);
  EXPECT_EQ(error_of(dc2->call(kNearest)), "420 FLOOD_WAIT_3");
  EXPECT_EQ(error_of(dc2->call(kNearest)), "420 FLOOD_WAIT_3");
  EXPECT_TRUE(succeeded(dc2->call(kNearest)));
  auto dc4 = connect(4);
  EXPECT_TRUE(succeeded(dc4->call(tl::serialize(fn::help::GetConfig{}))));
  EXPECT_EQ(error_of(dc2->call(tl::serialize(fn::help::GetConfig{}))), "303 PHONE_MIGRATE_4");
}

TEST_F(Faults, DelayedAnswerStillComes) {
  cluster_.apply_fault("delay help.getNearestDc 200ms");
  auto client = connect();
  const auto slow = client->session().enqueue(kNearest);
  const auto fast = client->session().enqueue(tl::serialize(fn::Ping{9}));
  std::vector<mtproto::RequestId> order;
  while (order.size() < 2) {
    const auto event = client->call(tl::serialize(fn::Ping{10}));
    EXPECT_TRUE(succeeded(event));
    for (auto id : {slow, fast}) {
      if (!client->session().is_pending(id) && std::find(order.begin(), order.end(), id) == order.end()) {
        order.push_back(id);
      }
    }
  }
  EXPECT_EQ(order.front(), fast);
}

TEST_F(Faults, DropAfterClosesTheConnectionOnTheNthCallAndItsAnswerComesOnTheNext) {
  auto client = connect();
  cluster_.apply_fault("drop_after 2");
  EXPECT_TRUE(succeeded(client->call(kNearest)));
  const auto second = client->start(kNearest);
  EXPECT_THROW(client->wait(second), std::runtime_error);
  EXPECT_TRUE(logged("fault: drop_after reached at help.getNearestDc"));
  client->reconnect();
  EXPECT_TRUE(succeeded(client->wait(second)));
  EXPECT_EQ(client->unmatched(), 0);
}

TEST_F(Faults, ResendRequestIsAnsweredByTheClientSendingTheCallAgain) {
  auto client = connect();
  cluster_.apply_fault("resend help.getNearestDc");
  EXPECT_TRUE(succeeded(client->call(kNearest)));
  EXPECT_TRUE(logged("fault: msg_resend_req for help.getNearestDc"));
}

TEST_F(Faults, ChangedSaltIsAnsweredWithBadServerSaltAndTheClientRecovers) {
  auto client = connect();
  const auto salt = client->session().session().salt();
  cluster_.apply_fault("bad_salt");
  EXPECT_TRUE(succeeded(client->call(kNearest)));
  EXPECT_NE(client->session().session().salt(), salt);
}

TEST_F(Faults, SkewedServerClockIsCorrectedByTheClient) {
  auto client = connect();
  cluster_.apply_fault("skew 400s");
  EXPECT_TRUE(succeeded(client->call(kNearest)));
  EXPECT_NEAR(client->session().session().time_offset(), 400, 2);
}

TEST_F(Faults, ScriptErrorsNameTheLine) {
  FaultPlan plan;
  try {
    plan.apply_script("# comment\nerror help.getConfig 420\n");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(plan.apply("explode now"), std::invalid_argument);
  EXPECT_THROW(plan.apply("delay help.getConfig soon"), std::invalid_argument);
  EXPECT_THROW(cluster_.apply_fault("withhold someone 2"), std::invalid_argument);
}

TEST(FaultTooLong, DifferenceRulesCountTheirHitsPerAccountOrChannel) {
  FaultPlan plan;
  plan.apply("difference_too_long 1000001 times=2");
  plan.apply("channel_too_long 1000005");
  EXPECT_FALSE(plan.take_difference_too_long(1000002));
  EXPECT_TRUE(plan.take_difference_too_long(1000001));
  EXPECT_TRUE(plan.take_difference_too_long(1000001));
  EXPECT_FALSE(plan.take_difference_too_long(1000001));
  EXPECT_FALSE(plan.take_channel_too_long(1000001));
  EXPECT_TRUE(plan.take_channel_too_long(1000005));
  EXPECT_FALSE(plan.take_channel_too_long(1000005));
  for (const char* bad : {"difference_too_long", "difference_too_long bob", "difference_too_long 7 times=0",
                          "difference_too_long 7 dc=2", "channel_too_long", "channel_too_long 7 chance=50%",
                          "channel_too_long 7 times=often"}) {
    EXPECT_THROW(plan.apply(bad), std::invalid_argument) << bad;
  }
}

// Which of `calls` calls a chance rule hits, as a string of 0 and 1.
std::string hits(FaultPlan plan, int calls) {
  std::string out;
  for (int i = 0; i < calls; ++i) out += plan.on_call(2, "help.getConfig").error ? '1' : '0';
  return out;
}

TEST(FaultChance, TheSeedDecidesWhichCallsAChanceRuleHits) {
  const auto plan = [](std::uint64_t seed) {
    FaultPlan p(seed);
    p.apply("error help.getConfig 500 INTERNAL times=1000 chance=50%");
    return p;
  };
  const std::string first = hits(plan(7), 64);
  EXPECT_EQ(hits(plan(7), 64), first);  // replayed exactly
  EXPECT_NE(hits(plan(8), 64), first);
  const auto hit = std::count(first.begin(), first.end(), '1');
  EXPECT_GT(hit, 16) << first;
  EXPECT_LT(hit, 48) << first;

  // A rule that always hits draws nothing: the chance rule after it sees the same draws.
  FaultPlan with_certain(7);
  with_certain.apply("error help.getNearestDc 420 FLOOD_WAIT_1");
  with_certain.apply("error help.getConfig 500 INTERNAL times=1000 chance=0.5");
  EXPECT_TRUE(with_certain.on_call(2, "help.getNearestDc").error);
  EXPECT_EQ(hits(with_certain, 64), first);
}

TEST(FaultChance, OutOfRangeChancesAreRefused) {
  FaultPlan plan;
  for (const char* bad : {"chance=0", "chance=1.5", "chance=-1", "chance=often", "chance=150%"}) {
    EXPECT_THROW(plan.apply(std::string("delay help.getConfig 1s ") + bad), std::invalid_argument) << bad;
  }
  EXPECT_NO_THROW(plan.apply("resend help.getConfig chance=1"));
  EXPECT_THROW(plan.error("help.getConfig", 420, "FLOOD_WAIT_1", 1, 0, 0.0), std::invalid_argument);
}

TEST(FaultAnswers, AScriptedAnswerReplacesItsMethodsCallsItsNumberOfTimes) {
  FaultPlan plan;
  plan.apply("answer help.getConfig 379779BC times=2 dc=2");
  const std::vector<std::byte> bool_false{std::byte{0x37}, std::byte{0x97}, std::byte{0x79}, std::byte{0xbc}};
  EXPECT_FALSE(plan.on_call(4, "help.getConfig").answer);
  EXPECT_FALSE(plan.on_call(2, "help.getNearestDc").answer);
  EXPECT_EQ(plan.on_call(2, "help.getConfig").answer, bool_false);
  EXPECT_EQ(plan.on_call(2, "help.getConfig").answer, bool_false);
  EXPECT_FALSE(plan.on_call(2, "help.getConfig").answer);
  for (const char* bad :
       {"answer", "answer help.getConfig", "answer help.getConfig 379", "answer help.getConfig zz",
        "answer help.getConfig 37 times=0", "answer help.getConfig 37 often"}) {
    EXPECT_THROW(plan.apply(bad), std::invalid_argument) << bad;
  }
}

TEST(FaultDrops, DropBeforeAnswerHitsItsMethodAndDcItsNumberOfTimes) {
  using Drop = CallFault::Drop;
  FaultPlan plan;
  plan.apply("drop_before_answer messages.sendMessage times=2 dc=2");
  EXPECT_EQ(plan.on_call(4, "messages.sendMessage").drop, Drop::none);
  EXPECT_EQ(plan.on_call(2, "help.getConfig").drop, Drop::none);
  EXPECT_EQ(plan.on_call(2, "messages.sendMessage").drop, Drop::before_answer);
  EXPECT_EQ(plan.on_call(2, "messages.sendMessage").drop, Drop::before_answer);
  EXPECT_EQ(plan.on_call(2, "messages.sendMessage").drop, Drop::none);
  EXPECT_THROW(plan.apply("drop_before_answer"), std::invalid_argument);

  FaultPlan built;
  built.drop_before_answer("*").drop_after(2);
  EXPECT_EQ(built.on_call(1, "help.getConfig").drop, Drop::before_answer);
  EXPECT_EQ(built.on_call(1, "help.getConfig").drop, Drop::after_calls);
}

TEST_F(Faults, TheClusterLogsItsSeed) {
  EXPECT_TRUE(logged("seed " + std::to_string(cluster_.faults().seed())));
}

class PushFaults : public Faults {
 protected:
  using Faults::Faults;

  void configure() override {
    auto& world = cluster_.world();
    user_ = world.add_user("+999660000009", "Gus").id;
    const auto& bot = world.add_bot("Pusher", "pusher_bot");
    bot_id_ = bot.id;
    token_ = bot.bot_token;
  }

  void SetUp() override {
    ClusterTest::SetUp();
    bot_ = connect();
    bot_->call(tl::serialize(fn::auth::ImportBotAuthorization{
        .flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = token_}));
    user_client_ = connect();
    const auto sent = user_client_->call_as<tl::enums::auth::SentCode>(tl::serialize(fn::auth::SendCode{
        .phone_number = "+999660000009", .api_id = 1, .api_hash = "x", .settings = types::CodeSettings{}}));
    user_client_->call(
        tl::serialize(fn::auth::SignIn{.phone_number = "+999660000009",
                                       .phone_code_hash = sent.as<types::auth::SentCode>()->phone_code_hash,
                                       .phone_code = "22222"}));
  }

  void bot_says(const std::string& text) {
    const auto peer = types::InputPeerUser{user_, cluster_.world().account(user_)->access_hash};
    EXPECT_TRUE(succeeded(bot_->call(tl::serialize(
        fn::messages::SendMessage{.peer = peer, .message = text, .random_id = ++random_ids_}))));
  }

  std::int64_t user_ = 0;
  std::int64_t bot_id_ = 0;
  std::int64_t random_ids_ = 0;  // the last one sent: each send has its own
  std::string token_;
  std::unique_ptr<TestClient> bot_;
  std::unique_ptr<TestClient> user_client_;
};

TEST_F(PushFaults, WithheldPushLeavesAPtsGapThatGetDifferenceFills) {
  cluster_.apply_fault("withhold " + std::to_string(user_) + " 1");
  bot_says("lost");
  bot_says("seen");
  const auto pushed = tl::deserialize<tl::enums::Updates>(user_client_->next_update());
  const auto* seen = pushed.as<types::UpdateShortMessage>();
  ASSERT_NE(seen, nullptr) << pushed;
  EXPECT_EQ(seen->message, "seen");
  EXPECT_EQ(seen->pts, 2);  // the client knows pts 0: a gap of one
  const auto difference = user_client_->call_as<tl::enums::updates::Difference>(
      tl::serialize(fn::updates::GetDifference{.pts = 0, .date = 0, .qts = 0}));
  const auto& d = *difference.as<types::updates::Difference>();
  ASSERT_EQ(d.new_messages.size(), 2u);
  EXPECT_EQ(d.new_messages[0].as<types::Message>()->message, "lost");
}

TEST_F(PushFaults, DropBeforeAnswerRunsTheCallOnceAndItsAnswerComesOnTheNextConnection) {
  cluster_.apply_fault("drop_before_answer messages.sendMessage");
  const auto peer = types::InputPeerUser{user_, cluster_.world().account(user_)->access_hash};
  const auto sent =
      bot_->start(tl::serialize(fn::messages::SendMessage{.peer = peer, .message = "once", .random_id = 41}));
  EXPECT_THROW(bot_->wait(sent), std::runtime_error);
  EXPECT_TRUE(logged("fault: drop_before_answer at messages.sendMessage"));
  // The client asks about the call (msgs_state_req) and gets the answer held for it.
  bot_->reconnect();
  const auto answer = bot_->wait(sent);
  ASSERT_TRUE(succeeded(answer));
  const auto updates = tl::deserialize<tl::enums::Updates>(std::get<mtproto::RpcResultEvent>(answer).body);
  const auto* short_sent = updates.as<types::UpdateShortSentMessage>();
  ASSERT_NE(short_sent, nullptr) << updates;
  EXPECT_EQ(bot_->unmatched(), 0);
  const auto& theirs = cluster_.world().mailbox(user_).messages;
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs.begin()->second.message, "once");
  EXPECT_TRUE(cluster_.world().mailbox(bot_id_).messages.contains(short_sent->id));
}

TEST_F(PushFaults, TooLongReplacesThePush) {
  cluster_.apply_fault("too_long " + std::to_string(user_));
  bot_says("hidden");
  const auto pushed = tl::deserialize<tl::enums::Updates>(user_client_->next_update());
  EXPECT_TRUE(pushed.is<types::UpdatesTooLong>()) << pushed;
}

TEST_F(PushFaults, DifferenceTooLongGivesTheCurrentPtsAsManyTimesAsTold) {
  bot_says("one");
  bot_says("two");
  cluster_.apply_fault("difference_too_long " + std::to_string(user_) + " times=2");
  const auto from_start = tl::serialize(fn::updates::GetDifference{.pts = 0, .date = 0, .qts = 0});
  for (int i = 0; i < 2; ++i) {
    const auto answer = user_client_->call_as<tl::enums::updates::Difference>(from_start);
    const auto* too_long = answer.as<types::updates::DifferenceTooLong>();
    ASSERT_NE(too_long, nullptr) << answer;
    EXPECT_EQ(too_long->pts, 2);
  }
  const auto answer = user_client_->call_as<tl::enums::updates::Difference>(from_start);
  EXPECT_EQ(answer.as<types::updates::Difference>()->new_messages.size(), 2u) << answer;
}

// A cluster that replays at most two pts of an account's box.
class ShortMemory : public PushFaults {
 protected:
  ShortMemory() : PushFaults(ClusterOptions{.difference_too_long_after = 2}) {}
};

TEST_F(ShortMemory, ClientsTooFarBehindAreToldTheDifferenceIsTooLong) {
  for (const char* text : {"one", "two", "three"}) bot_says(text);
  const auto far = user_client_->call_as<tl::enums::updates::Difference>(
      tl::serialize(fn::updates::GetDifference{.pts = 0, .date = 0, .qts = 0}));
  ASSERT_TRUE(far.is<types::updates::DifferenceTooLong>()) << far;
  EXPECT_EQ(far.as<types::updates::DifferenceTooLong>()->pts, 3);
  const auto near = user_client_->call_as<tl::enums::updates::Difference>(
      tl::serialize(fn::updates::GetDifference{.pts = 1, .date = 0, .qts = 0}));
  ASSERT_TRUE(near.is<types::updates::Difference>()) << near;
  EXPECT_EQ(near.as<types::updates::Difference>()->new_messages.size(), 2u);
  // The client's own pts_total_limit is a stricter bound.
  const auto limited = user_client_->call_as<tl::enums::updates::Difference>(
      tl::serialize(fn::updates::GetDifference{.pts = 1, .pts_total_limit = 1, .date = 0, .qts = 0}));
  EXPECT_TRUE(limited.is<types::updates::DifferenceTooLong>()) << limited;
}

TEST_F(PushFaults, RestartClosesConnectionsAndKeysStillWork) {
  cluster_.apply_fault("restart");
  EXPECT_FALSE(user_client_->receive().has_value());
  EXPECT_TRUE(logged("restart"));
}

}  // namespace
}  // namespace layer::fakedc::test
