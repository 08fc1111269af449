// Client::connect, invoke and the session it stores, against the fake DC.
#include <gtest/gtest.h>

#include <algorithm>

#include "fake_dc_fixture.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/functions/users.hpp"
#include "layer/tl/types/help.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;

class Connect : public FakeDcTest {};

TEST_F(Connect, MakesAKeyAndAnswersTypedCalls) {
  auto store = std::make_shared<MemorySessionStore>();
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store));
    EXPECT_EQ(client.connection_state(), ConnectionState::ready);
    EXPECT_EQ(client.home_dc(), 2);
    auto nearest = co_await client.invoke(fn::help::GetNearestDc{});
    const auto* dc = nearest.as<tl::types::NearestDc>();
    EXPECT_TRUE(dc != nullptr);
    if (dc) {
      EXPECT_EQ(dc->this_dc, 2);
    }
    auto cfg = co_await client.invoke(fn::help::GetConfig{});
    EXPECT_TRUE(cfg.is<tl::types::Config>());
  }());
  EXPECT_EQ(states_seen(),
            (std::vector{ConnectionState::connecting, ConnectionState::handshaking, ConnectionState::ready}));
  ASSERT_EQ(store->data().dcs.size(), 1u);
  EXPECT_EQ(store->data().dcs[0].dc_id, 2);
  EXPECT_FALSE(store->data().dcs[0].authorized);
  EXPECT_EQ(store->data().home_dc, 2);
  EXPECT_FALSE(store->data().addresses.empty()) << "help.getConfig's DC list is stored";
}

TEST_F(Connect, AStoredKeyNeedsNoKeyExchange) {
  auto store = std::make_shared<MemorySessionStore>();
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store));
    co_await client.invoke(fn::help::GetNearestDc{});
  }());
  states_.clear();
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store));
    co_await client.invoke(fn::help::GetNearestDc{});
  }());
  EXPECT_EQ(states_seen(), (std::vector{ConnectionState::connecting, ConnectionState::ready}));
}

TEST_F(Connect, BotSignsInAndKnowsItself) {
  auto& bot = world().add_bot("Echo", "echo_bot");
  const auto token = bot.bot_token;
  const auto bot_id = bot.id;
  auto store = std::make_shared<MemorySessionStore>();
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store));
    EXPECT_FALSE(client.is_authorized());
    auto user = co_await client.bot_sign_in(token);
    EXPECT_TRUE(user.is<tl::types::User>());
    if (user.is<tl::types::User>()) {
      EXPECT_EQ(user.as<tl::types::User>()->id, bot_id);
    }
    EXPECT_TRUE(client.is_authorized());
    EXPECT_EQ(client.self_id(), bot_id);
    auto me = co_await client.get_me();
    EXPECT_TRUE(me.is<tl::types::User>());
    if (me.is<tl::types::User>()) {
      EXPECT_EQ(me.as<tl::types::User>()->id, bot_id);
    }
  }());
  EXPECT_EQ(store->data().self_id, bot_id);
  ASSERT_EQ(store->data().dcs.size(), 1u);
  EXPECT_TRUE(store->data().dcs[0].authorized);

  // The next run is signed in from the store alone.
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store));
    EXPECT_TRUE(client.is_authorized());
    auto me = co_await client.get_me();
    EXPECT_TRUE(me.is<tl::types::User>());
  }());
}

TEST_F(Connect, AWrongTokenIsATypedRpcError) {
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    try {
      co_await client.bot_sign_in("1:wrong");
      ADD_FAILURE() << "signed in with a wrong token";
    } catch (const Exception& e) {
      EXPECT_EQ(e.error().code, client_errc::rpc_error);
      EXPECT_TRUE(e.error().rpc);
      if (e.error().rpc) {
        EXPECT_EQ(e.error().rpc->code, 400);
        EXPECT_TRUE(e.error().is_rpc("ACCESS_TOKEN_INVALID"));
      }
    }
    EXPECT_FALSE(client.is_authorized());
  }());
}

TEST_F(Connect, AnUnreachableDcFailsConnect) {
  auto c = config();
  c.dcs = {{2, "127.0.0.1", 1}};  // nothing listens on port 1
  drive([&]() -> asio::awaitable<void> {
    try {
      co_await Client::connect(io_.get_executor(), c);
      ADD_FAILURE() << "connected to nothing";
    } catch (const Exception& e) {
      EXPECT_TRUE(e.error().code) << "the reason is given";
    }
  }());
  const auto states = states_seen();
  EXPECT_EQ(std::count(states.begin(), states.end(), ConnectionState::connecting), c.connect_attempts);
}

// A first connection lost before initConnection's answer is not the end of
// connect: the next one, on the same key and session, gets the answer.
TEST_F(Connect, AFirstConnectionLostIsRetried) {
  cluster_.apply_fault("drop_before_answer help.getConfig");
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    auto nearest = co_await client.try_invoke(tl::functions::help::GetNearestDc{});
    EXPECT_TRUE(nearest) << nearest.error().message();
  }());
  const auto states = states_seen();
  EXPECT_EQ(std::count(states.begin(), states.end(), ConnectionState::connecting), 2);
  EXPECT_EQ(std::count(states.begin(), states.end(), ConnectionState::handshaking), 1);
}

TEST_F(Connect, ConnectWithoutAttemptLimitWaitsForTheNetwork) {
  auto c = config();
  c.connect_attempts = 0;
  cluster_.apply_fault("drop_before_answer help.getConfig times=9");
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), c);
    EXPECT_EQ(client.connection_state(), ConnectionState::ready);
  }());
  const auto states = states_seen();
  EXPECT_EQ(std::count(states.begin(), states.end(), ConnectionState::connecting), 10);
}

TEST_F(Connect, ADcWithoutAddressIsUnknownDc) {
  // The shape users write compiles cleanly under -Wextra -Werror.
  [[maybe_unused]] const Config shape{.api_id = 12345, .api_hash = "…", .session = "my.session"};
  auto c = config();
  c.initial_dc = 77;
  drive([&]() -> asio::awaitable<void> {
    try {
      co_await Client::connect(io_.get_executor(), c);
      ADD_FAILURE() << "connected to DC 77";
    } catch (const Exception& e) {
      EXPECT_EQ(e.error().code, client_errc::unknown_dc);
    }
  }());
}

}  // namespace
}  // namespace layer::client::test
