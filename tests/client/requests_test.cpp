// Requests through the Client: many in flight, typed errors, timeouts,
// cancellation, flood waits and migrations, each against the fake DC's faults
// on virtual time.
#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "countdown.hpp"
#include "fake_dc_fixture.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/types/help.hpp"
#include "layer/tl/types/root.hpp"
#include "signal.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
using namespace std::chrono_literals;

InvokeOptions timeout(std::chrono::milliseconds t) {
  InvokeOptions options;
  options.timeout = t;
  return options;
}

class Requests : public FakeDcTest {
 protected:
  std::int32_t this_dc(const tl::enums::NearestDc& nearest) {
    return nearest.as<tl::types::NearestDc>()->this_dc;
  }
};

TEST_F(Requests, AThousandInFlightEachResolveOnce) {
  constexpr int kCalls = 1000;
  int resolved = 0;
  int failed = 0;
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    auto done = Countdown::make(io_.get_executor(), kCalls);
    for (int i = 0; i < kCalls; ++i) {
      asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}), [&, done](std::exception_ptr, auto r) {
        ++(r ? resolved : failed);
        done->count();
      });
    }
    co_await done->wait();
  }());
  EXPECT_EQ(resolved, kCalls);
  EXPECT_EQ(failed, 0);
}

TEST_F(Requests, AnRpcErrorIsTypedWithItsNumber) {
  cluster_.apply_fault("error help.getNearestDc 400 SOMETHING_WRONG_7");
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    auto r = co_await client.try_invoke(fn::help::GetNearestDc{});
    EXPECT_FALSE(r);
    if (!r) {
      EXPECT_EQ(r.error().code, client_errc::rpc_error);
      EXPECT_TRUE(r.error().is_rpc("SOMETHING_WRONG"));
      EXPECT_EQ(r.error().rpc->value, 7);
    }
    auto again = co_await client.try_invoke(fn::help::GetNearestDc{});
    EXPECT_TRUE(again) << "the rule hit once; the session goes on";
  }());
}

TEST_F(Requests, ATimeoutResolvesThatCallAlone) {
  cluster_.apply_fault("delay help.getNearestDc 10s");
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    const auto start = virtual_clock_->now();
    using asio::experimental::awaitable_operators::operator&&;
    auto [slow, other] = co_await (client.try_invoke(fn::help::GetNearestDc{}, timeout(1s)) &&
                                   client.try_invoke(fn::help::GetConfig{}));
    EXPECT_FALSE(slow);
    if (!slow) {
      EXPECT_EQ(slow.error().code, client_errc::request_timeout);
    }
    EXPECT_TRUE(other);
    EXPECT_GE(virtual_clock_->now() - start, 1s);
    EXPECT_LT(virtual_clock_->now() - start, 10s);
    EXPECT_TRUE(co_await client.try_invoke(fn::help::GetNearestDc{})) << "the session goes on";
  }());
}

TEST_F(Requests, CancellingOneCallLeavesTheOthers) {
  cluster_.apply_fault("delay help.getNearestDc 10s times=2");
  std::optional<Result<tl::enums::NearestDc>> cancelled;
  std::optional<Result<tl::enums::NearestDc>> kept;
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    asio::cancellation_signal cancel;
    auto done = std::make_shared<detail::Signal>(io_.get_executor());
    int finished = 0;
    asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}),
                   asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr, auto r) {
                     cancelled = std::move(r);
                     if (++finished == 2) done->notify();
                   }));
    asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}), [&](std::exception_ptr, auto r) {
      kept = std::move(r);
      if (++finished == 2) done->notify();
    });
    co_await detail::sleep_until(*config().clock, virtual_clock_->instant() + 1s);
    cancel.emit(asio::cancellation_type::terminal);
    co_await done->wait();
    // With a timer through awaitable_operators too.
    using asio::experimental::awaitable_operators::operator||;
    auto raced = co_await (client.try_invoke(fn::help::GetConfig{}) ||
                           detail::sleep_until(*config().clock, virtual_clock_->instant() + 1h));
    EXPECT_EQ(raced.index(), 0u);
  }());
  ASSERT_TRUE(cancelled && kept);
  EXPECT_FALSE(*cancelled);
  if (!*cancelled) {
    EXPECT_EQ(cancelled->error().code, client_errc::request_cancelled);
  }
  EXPECT_TRUE(*kept) << "the other call was answered after its delay";
}

TEST_F(Requests, FloodWaitIsSleptThroughAndHoldsThatMethodOnly) {
  cluster_.apply_fault("error help.getNearestDc 420 FLOOD_WAIT_30");
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config());
    const auto start = virtual_clock_->instant();
    std::optional<mtproto::Instant> first_done, second_done, other_done;
    auto done = std::make_shared<detail::Signal>(io_.get_executor());
    int finished = 0;
    auto note = [&](std::optional<mtproto::Instant>& at) {
      return [&, done](std::exception_ptr, auto r) {
        EXPECT_TRUE(r);
        at = virtual_clock_->instant();
        if (++finished == 3) done->notify();
      };
    };
    asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}), note(first_done));
    co_await detail::sleep_until(*config().clock, start + 1s);
    // The rule is spent: sent now, this one would be answered at once.
    asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}), note(second_done));
    asio::co_spawn(io_, client.try_invoke(fn::help::GetConfig{}), note(other_done));
    co_await done->wait();
    EXPECT_GE(*first_done - start, 30s);
    EXPECT_GE(*second_done - start, 30s) << "the gate held the second call";
    EXPECT_LT(*other_done - start, 5s) << "other methods go on";
  }());
}

// A flood wait is an interval: the client machine's wall clock set an hour
// forward or back while it is slept through neither cuts it short nor
// stretches it.
class RequestsUnderAWallClockJump : public Requests, public ::testing::WithParamInterface<int> {};

TEST_P(RequestsUnderAWallClockJump, AFloodWaitLastsItsTime) {
  cluster_.apply_fault("error help.getNearestDc 420 FLOOD_WAIT_30");
  const auto c = config();
  VirtualTime dc_time(virtual_clock_);  // the test's own waits, which set_wall leaves alone
  std::optional<bool> answered;
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), c);
    const auto start = virtual_clock_->instant();
    asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}, timeout(5min)),
                   [&](std::exception_ptr, auto r) { answered = r.has_value(); });
    co_await detail::sleep_until(dc_time, start + 1s);
    client_time_->set_wall(std::chrono::hours(GetParam()));
    co_await detail::sleep_until(dc_time, start + 40s);
    EXPECT_EQ(answered, true) << "answered after the 30 s, within its timeout";
  }());
}

INSTANTIATE_TEST_SUITE_P(ForwardAndBack, RequestsUnderAWallClockJump, ::testing::Values(1, -1));

TEST_F(Requests, ALongFloodWaitIsReturned) {
  cluster_.apply_fault("error help.getNearestDc 420 FLOOD_WAIT_120");
  auto c = config();
  std::vector<FloodWait> asked;
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), c);
    auto r = co_await client.try_invoke(fn::help::GetNearestDc{});
    EXPECT_FALSE(r);
    if (!r) {
      EXPECT_TRUE(r.error().is_rpc("FLOOD_WAIT"));
      EXPECT_EQ(r.error().rpc->value, 120);
    }
  }());
  cluster_.apply_fault("error help.getNearestDc 420 FLOOD_WAIT_5");
  c.on_flood_wait = [&](const FloodWait& f) {
    asked.push_back(f);
    return false;
  };
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), c);
    auto r = co_await client.try_invoke(fn::help::GetNearestDc{});
    EXPECT_FALSE(r) << "the policy said no";
  }());
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].method, "help.getNearestDc");
  EXPECT_EQ(asked[0].wait, 5s);
  EXPECT_EQ(asked[0].dc_id, 2);
}

TEST_F(Requests, UserMigrateMovesTheHomeDc) {
  auto& bot = world().add_bot("Echo", "echo_bot");
  const auto token = bot.bot_token;
  cluster_.apply_fault("error auth.importBotAuthorization 303 USER_MIGRATE_4 dc=2");
  auto store = std::make_shared<MemorySessionStore>();
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store));
    co_await client.bot_sign_in(token);
    EXPECT_EQ(client.home_dc(), 4);
    EXPECT_TRUE(client.is_authorized());
    auto nearest = co_await client.invoke(fn::help::GetNearestDc{});
    EXPECT_EQ(this_dc(nearest), 4);
  }());
  EXPECT_EQ(store->data().home_dc, 4);
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store));
    EXPECT_EQ(client.home_dc(), 4) << "the move is stored";
    EXPECT_TRUE(client.is_authorized());
  }());
}

TEST_F(Requests, FileMigrateSignsTheOtherDcInOnce) {
  auto& bot = world().add_bot("Echo", "echo_bot");
  const auto token = bot.bot_token;
  auto store = std::make_shared<MemorySessionStore>();
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store));
    co_await client.bot_sign_in(token);
    cluster_.apply_fault("error help.getNearestDc 303 FILE_MIGRATE_4 dc=2 times=2");
    using asio::experimental::awaitable_operators::operator&&;
    auto [a, b] =
        co_await (client.invoke(fn::help::GetNearestDc{}) && client.invoke(fn::help::GetNearestDc{}));
    EXPECT_EQ(this_dc(a), 4);
    EXPECT_EQ(this_dc(b), 4);
    EXPECT_EQ(client.home_dc(), 2) << "FILE_MIGRATE moves the call, not the account";
  }());
  bool dc4_authorized = false;
  for (const auto& dc : store->data().dcs) dc4_authorized |= dc.dc_id == 4 && dc.authorized;
  EXPECT_TRUE(dc4_authorized);
}

}  // namespace
}  // namespace layer::client::test
