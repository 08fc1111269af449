// Connection loss and the server's own faults: every call resolves once, the
// session goes on, and the states an app shows are reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "countdown.hpp"
#include "fake_dc_fixture.hpp"
#include "layer/tl/functions/account.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/help.hpp"
#include "layer/tl/types/root.hpp"
#include "signal.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
using namespace std::chrono_literals;

class Reconnect : public FakeDcTest {
 protected:
  // Starts n reads at once and waits for all; returns how many succeeded.
  asio::awaitable<int> reads(Client& client, int n) {
    int ok = 0;
    auto done = Countdown::make(io_.get_executor(), n);
    for (int i = 0; i < n; ++i) {
      asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}),
                     [&, done](std::exception_ptr e, auto r) {
                       EXPECT_FALSE(e);
                       if (r) ++ok;
                       done->count();
                     });
    }
    co_await done->wait();
    co_return ok;
  }

  bool saw(ConnectionState state) const {
    return std::any_of(states_.begin(), states_.end(), [&](const auto& e) { return e.state == state; });
  }
};

TEST_F(Reconnect, ADroppedConnectionComesBackAndEveryCallResolves) {
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    cluster_.apply_fault("drop_after 3");
    EXPECT_EQ(co_await reads(client, 20), 20);
    EXPECT_EQ(client.connection_state(), ConnectionState::ready);
  }());
  EXPECT_TRUE(saw(ConnectionState::waiting_for_network));
  const auto waiting = std::find_if(states_.begin(), states_.end(), [](const auto& e) {
    return e.state == ConnectionState::waiting_for_network;
  });
  ASSERT_NE(waiting, states_.end());
  EXPECT_TRUE(waiting->reason) << "the reason is given";
  EXPECT_TRUE(waiting->retry_at.has_value());
  EXPECT_EQ(states_.back().state, ConnectionState::ready);
  const auto handshakes = std::count_if(
      states_.begin(), states_.end(), [](const auto& e) { return e.state == ConnectionState::handshaking; });
  EXPECT_EQ(handshakes, 1) << "the same key after the drop";
}

TEST_F(Reconnect, ARestartedServerAndChangedSaltsAreSurvived) {
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    cluster_.apply_fault("bad_salt times=2");
    EXPECT_EQ(co_await reads(client, 10), 10);
    cluster_.apply_fault("restart");
    EXPECT_EQ(co_await reads(client, 10), 10);
    cluster_.apply_fault("resend help.getNearestDc times=3");
    EXPECT_EQ(co_await reads(client, 10), 10);
  }());
}

// Both calls ran and their answers were held when the connection dropped; the
// restart then loses the session with them: the read goes again, the status
// change (not idempotent) says its outcome is unknown.
TEST_F(Reconnect, AfterALostSessionOnlyIdempotentCallsGoAgain) {
  const auto token = world().add_bot("Echo", "echo_bot").bot_token;
  drive([&]() -> asio::awaitable<void> {
    auto c = config();
    auto client = co_await Client::connect(io_.get_executor(), c);
    co_await client.bot_sign_in(token);
    cluster_.apply_fault("drop_before_answer account.updateStatus");
    std::optional<Result<tl::enums::NearestDc>> read;
    std::optional<Result<bool>> status;
    auto done = std::make_shared<detail::Signal>(io_.get_executor());
    asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}), [&, done](std::exception_ptr, auto r) {
      read = std::move(r);
      if (status) done->notify();
    });
    asio::co_spawn(io_, client.try_invoke(fn::account::UpdateStatus{.offline = true}),
                   [&, done](std::exception_ptr, auto r) {
                     status = std::move(r);
                     if (read) done->notify();
                   });
    // Before the client's first reconnect attempt (0.5 s at the earliest).
    co_await detail::sleep_until(*c.clock, virtual_clock_->instant() + 100ms);
    cluster_.apply_fault("restart");
    co_await done->wait();
    EXPECT_TRUE(*read) << "a read is sent again";
    EXPECT_FALSE(*status);
    if (!*status) {
      EXPECT_EQ(status->error().code, mtproto::mtproto_errc::outcome_unknown) << status->error().message();
    }
  }());
}

TEST_F(Reconnect, AServerClockFarAheadIsCorrectedFor) {
  cluster_.apply_fault("skew 600s");
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    EXPECT_EQ(co_await reads(client, 10), 10);
  }());
}

// The client follows a server 600 s ahead, then the server's clock goes back:
// the msg_ids already used are too high for it and may not go down within the
// session, so the client starts a new one on the same key and goes on.
TEST_F(Reconnect, AServerClockSetBackMidSessionDoesNotStallCalls) {
  constexpr int kSendsPerPhase = 10;
  auto& user = world().add_user("+999660000003", "Carol", "", "carol");
  const auto user_id = user.id;
  const auto user_hash = user.access_hash;
  const auto token = world().add_bot("Echo", "echo_bot").bot_token;
  std::map<std::string, int> results, errors;
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    co_await client.bot_sign_in(token);
    int phase = 0;
    auto calls = [&]() -> asio::awaitable<void> {
      EXPECT_EQ(co_await reads(client, 5), 5) << "phase " << phase;
      auto done = Countdown::make(io_.get_executor(), kSendsPerPhase);
      for (int i = 0; i < kSendsPerPhase; ++i) {
        std::string text = "p";  // appended: GCC 12 warns falsely on "p" + to_string
        text += std::to_string(phase) + "m" + std::to_string(i);
        fn::messages::SendMessage send{.peer = tl::types::InputPeerUser{user_id, user_hash},
                                       .message = text,
                                       .random_id = 1000 * (phase + 1) + i};
        asio::co_spawn(io_, client.try_invoke(send), [&, text, done](std::exception_ptr, auto r) {
          ++(r ? results : errors)[text];
          done->count();
        });
      }
      co_await done->wait();
      ++phase;
    };
    co_await calls();
    cluster_.apply_fault("skew 600s");
    co_await calls();
    cluster_.apply_fault("skew 0s");
    co_await calls();
    co_await calls();
    EXPECT_EQ(client.connection_state(), ConnectionState::ready);
  }());
  std::map<std::string, int> in_chat;
  for (const auto& [id, message] : world().mailbox(user_id).messages) ++in_chat[message.message];
  EXPECT_EQ(in_chat.size(), 4u * kSendsPerPhase);
  for (const auto& [text, n] : in_chat) EXPECT_EQ(n, 1) << text << " in the chat";
  EXPECT_EQ(results.size(), 4u * kSendsPerPhase);
  for (const auto& [text, n] : results) EXPECT_EQ(n, 1) << text << " resolved";
  EXPECT_EQ(errors.size(), 0u) << "no send failed";
  EXPECT_TRUE(std::any_of(client_log_.begin(), client_log_.end(), [](const auto& line) {
    return line.find("a new session") != std::string::npos;
  })) << "the client said why it changed sessions";
  EXPECT_FALSE(std::any_of(states_.begin(), states_.end(), [](const auto& e) {
    return e.state == ConnectionState::waiting_for_network;
  })) << "no connection was lost over it";
}

TEST_F(Reconnect, BackoffGrowsWhileTheServerIsAway) {
  const auto c = config();
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), c);
    cluster_.stop();
    co_await detail::sleep_until(*c.clock, virtual_clock_->instant() + 5min);
    EXPECT_NE(client.connection_state(), ConnectionState::ready);
    client.close();
    co_await detail::sleep_until(*c.clock, virtual_clock_->instant() + 1s);
    EXPECT_EQ(client.connection_state(), ConnectionState::closed);
  }());
  const auto attempts = std::count_if(states_.begin(), states_.end(), [](const auto& e) {
    return e.state == ConnectionState::waiting_for_network;
  });
  // 0.5 s doubling to a 30 s cap (plus up to half of it at random): five
  // minutes hold about fifteen attempts, not thousands.
  EXPECT_GE(attempts, 8);
  EXPECT_LE(attempts, 25);
}

// The silence check and the keepalive measure intervals: the client machine's
// wall clock set an hour forward or back neither cuts a connection short nor
// lets it go quiet until the server drops it.
TEST_F(Reconnect, AWallClockSetAnHourForwardDropsNoConnection) {
  cluster_.apply_fault("delay help.getNearestDc 10s");
  const auto c = config();
  VirtualTime dc_time(virtual_clock_);  // the test's own waits, which set_wall leaves alone
  std::optional<bool> slow_answered;
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), c);
    asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}),
                   [&](std::exception_ptr, auto r) { slow_answered = r.has_value(); });
    co_await detail::sleep_until(dc_time, virtual_clock_->instant() + 1s);
    client_time_->set_wall(1h);
    EXPECT_TRUE(co_await client.try_invoke(fn::help::GetConfig{}));
    co_await detail::sleep_until(dc_time, virtual_clock_->instant() + 10s);
    EXPECT_EQ(slow_answered, true);
  }());
  EXPECT_FALSE(saw(ConnectionState::waiting_for_network));
}

TEST_F(Reconnect, AWallClockSetAnHourBackStallsNoKeepalive) {
  const auto c = config();
  VirtualTime dc_time(virtual_clock_);
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), c);
    client_time_->set_wall(-1h);
    // Well past the server's idle and ping_delay_disconnect timeouts.
    co_await detail::sleep_until(dc_time, virtual_clock_->instant() + 10min);
    EXPECT_EQ(client.connection_state(), ConnectionState::ready);
    EXPECT_TRUE(co_await client.try_invoke(fn::help::GetConfig{}));
  }());
  EXPECT_FALSE(saw(ConnectionState::waiting_for_network));
}

TEST_F(Reconnect, CloseResolvesEveryCallInFlight) {
  cluster_.apply_fault("delay help.getNearestDc 3600s times=5");
  int closed = 0;
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    auto done = std::make_shared<detail::Signal>(io_.get_executor());
    int finished = 0;
    for (int i = 0; i < 5; ++i) {
      asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}), [&, done](std::exception_ptr, auto r) {
        if (!r && r.error().code == client_errc::client_closed) ++closed;
        if (++finished == 5) done->notify();
      });
    }
    co_await detail::sleep_until(*config().clock, virtual_clock_->instant() + 1s);
    client.close();
    co_await done->wait();
    auto after = co_await client.try_invoke(fn::help::GetNearestDc{});
    EXPECT_FALSE(after);
    if (!after) {
      EXPECT_EQ(after.error().code, client_errc::client_closed);
    }
  }());
  EXPECT_EQ(closed, 5);
}

}  // namespace
}  // namespace layer::client::test
