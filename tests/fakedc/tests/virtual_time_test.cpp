// The cluster on a virtual clock: every timer (idle and ping_delay_disconnect
// deadlines, delay faults, the bot answer timeout) waits for the test to move
// time, however long it is, and never fires on its own.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <thread>

#include "bot_and_user.hpp"
#include "cluster_fixture.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

using namespace std::chrono_literals;

const mtproto::Time kStart = mtproto::Time{} + std::chrono::seconds(1'800'000'000);

TEST(VirtualClockTest, RunsDueTimersInDeadlineOrderAndNoOthers) {
  boost::asio::io_context io;
  VirtualClock clock(kStart);
  std::vector<int> ran;
  const auto late = clock.at(clock.instant() + 30s, io.get_executor(), [&] { ran.push_back(30); });
  const auto early = clock.at(clock.instant() + 10s, io.get_executor(), [&] { ran.push_back(10); });
  const auto never = clock.at(clock.instant() + 20s, io.get_executor(), [&] { ran.push_back(20); });
  EXPECT_EQ(clock.pending(), 3u);
  clock.advance(15s);
  io.run();
  io.restart();
  EXPECT_EQ(ran, (std::vector<int>{10}));
  EXPECT_EQ(clock.now(), kStart + 15s);
  EXPECT_EQ(clock.pending(), 2u);
  clock.advance(1h);
  io.run();
  EXPECT_EQ(ran, (std::vector<int>{10, 20, 30}));
  EXPECT_EQ(clock.pending(), 0u);
}

TEST(VirtualClockTest, ADroppedHandleCancelsEvenAfterTheTimerWasPosted) {
  boost::asio::io_context io;
  VirtualClock clock(kStart);
  bool ran = false;
  auto handle = clock.at(clock.instant() + 1s, io.get_executor(), [&] { ran = true; });
  auto dropped = clock.at(clock.instant() + 2s, io.get_executor(), [&] { ran = true; });
  dropped.reset();
  EXPECT_EQ(clock.pending(), 1u);
  clock.advance(5s);  // posted, not yet run
  handle.reset();
  io.run();
  EXPECT_FALSE(ran);
}

TEST(VirtualClockTest, AdvancesFromAnotherThreadOntoTheTimersExecutor) {
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  VirtualClock clock(kStart);
  std::promise<std::thread::id> where;
  const auto handle =
      clock.at(clock.instant() + 1s, io.get_executor(), [&] { where.set_value(std::this_thread::get_id()); });
  clock.advance(1s);
  EXPECT_EQ(where.get_future().get(), runner.get_id());
  guard.reset();
  runner.join();
}

class VirtualTime : public ClusterTest {
 protected:
  VirtualTime() : ClusterTest(idle_after_a_minute()) {}

  static ClusterOptions idle_after_a_minute() {
    auto options = on_virtual_time();
    options.idle_timeout = 60s;
    return options;
  }

  std::unique_ptr<TestClient> connect() {
    auto client = std::make_unique<TestClient>(cluster_.endpoint(2), Kind::intermediate, client_clock());
    client->handshake(cluster_.public_key());
    return client;
  }

  void ping(TestClient& client) { client.call_as<tl::enums::Pong>(tl::serialize(fn::Ping{1})); }
};

TEST_F(VirtualTime, IdleConnectionClosesWhenTheClockPassesTheTimeoutSinceItsLastPacket) {
  auto client = connect();
  virtual_clock_->advance(50s);
  ping(*client);  // last packet at 50 s: the deadline moves to 110 s
  virtual_clock_->advance(50s);
  ping(*client);  // the 60 s deadline fired at 100 s and found the connection busy
  virtual_clock_->advance(59s);
  ping(*client);
  virtual_clock_->advance(61s);
  EXPECT_FALSE(client->receive().has_value());
  EXPECT_TRUE(logged("closing: idle"));
}

TEST_F(VirtualTime, PingDelayDisconnectDeadlineFollowsTheClock) {
  auto client = connect();
  client->call_as<tl::enums::Pong>(tl::serialize(fn::PingDelayDisconnect{5, 35}));
  virtual_clock_->advance(34s);
  ping(*client);  // traffic does not move a ping_delay_disconnect deadline
  virtual_clock_->advance(2s);
  EXPECT_FALSE(client->receive().has_value());
  EXPECT_TRUE(logged("no ping_delay_disconnect in time"));
}

TEST_F(VirtualTime, DelayedAnswerWaitsForTheClock) {
  cluster_.apply_fault("delay help.getNearestDc 30s");
  auto client = connect();
  const auto slow = client->start(tl::serialize(fn::help::GetNearestDc{}));
  ping(*client);  // answered after the delayed call was read
  virtual_clock_->advance(29s);
  ping(*client);
  EXPECT_TRUE(client->session().is_pending(slow));
  virtual_clock_->advance(1s);
  EXPECT_TRUE(std::holds_alternative<mtproto::RpcResultEvent>(client->wait(slow)));
}

TEST_F(VirtualTime, WorldTimeIsTheClocks) {
  auto client = connect();
  virtual_clock_->advance(25s);
  const auto config = client->call_as<tl::enums::Config>(tl::serialize(fn::help::GetConfig{}));
  const auto expected =
      std::chrono::duration_cast<std::chrono::seconds>(virtual_clock_->now().time_since_epoch());
  EXPECT_EQ(config.as<types::Config>()->date, expected.count());
}

class BotOnVirtualTime : public BotAndUser {
 protected:
  BotOnVirtualTime() : BotAndUser(on_virtual_time()) {}
};

TEST_F(BotOnVirtualTime, SilentBotTimesOutWhenTheClockPassesTenSeconds) {
  const auto press = press_button().first;  // the bot has the query: its timeout is set
  virtual_clock_->advance(9s);
  user_->call_as<tl::enums::Pong>(tl::serialize(fn::Ping{1}));
  EXPECT_TRUE(user_->session().is_pending(press));
  virtual_clock_->advance(1s);
  const auto answer = user_->wait(press);
  ASSERT_TRUE(std::holds_alternative<mtproto::RpcErrorEvent>(answer));
  EXPECT_EQ(std::get<mtproto::RpcErrorEvent>(answer).error.message, "BOT_RESPONSE_TIMEOUT");
}

}  // namespace
}  // namespace layer::fakedc::test
