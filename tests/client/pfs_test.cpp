// Perfect forward secrecy (Config::pfs) against the fake DC: traffic goes
// under temporary keys bound to the permanent one, which carries no packet;
// keys are renewed before they expire without losing a call; a DC that forgot
// the temporary key, or both, is recovered from.
#include <gtest/gtest.h>

#include <algorithm>

#include "countdown.hpp"
#include "fake_dc_fixture.hpp"
#include "layer/tl/functions/contacts.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/types/root.hpp"
#include "signal.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
using namespace std::chrono_literals;

class Pfs : public FakeDcTest {
 protected:
  Config pfs_config() {
    auto c = config(store_);
    c.pfs = true;
    return c;
  }

  std::size_t lines_with(const std::vector<std::string>& log, std::string_view part) const {
    return static_cast<std::size_t>(
        std::count_if(log.begin(), log.end(), [&](const std::string& l) { return l.find(part) != l.npos; }));
  }

  std::uint64_t stored_key_id() const {
    const auto& dcs = store_->data().dcs;
    EXPECT_EQ(dcs.size(), 1u);
    return dcs.empty() ? 0 : dcs.front().session.key.id();
  }

  // n reads and n blocks or unblocks (not idempotent) at once; how many succeeded.
  asio::awaitable<int> calls(Client& client, int n) {
    int ok = 0;
    auto done = Countdown::make(io_.get_executor(), 2 * n);
    const auto counted = [&, done](std::exception_ptr e, auto r) {
      EXPECT_FALSE(e);
      EXPECT_TRUE(r) << r.error().message();
      if (r) ++ok;
      done->count();
    };
    const tl::types::InputPeerUser ann{ann_.id, ann_.access_hash};
    for (int i = 0; i < n; ++i) {
      asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}), counted);
      if (i % 2 == 0)
        asio::co_spawn(io_, client.try_invoke(fn::contacts::Block{.id = ann}), counted);
      else
        asio::co_spawn(io_, client.try_invoke(fn::contacts::Unblock{.id = ann}), counted);
    }
    co_await done->wait();
    co_return ok;
  }

  std::shared_ptr<MemorySessionStore> store_ = std::make_shared<MemorySessionStore>();
  const fakedc::Account& ann_ = world().add_user("+15550001", "Ann");
};

TEST_F(Pfs, TrafficGoesUnderABoundTemporaryKeyAndThePermanentKeyCarriesNone) {
  auto& bot = world().add_bot("Echo", "echo_bot");
  const auto token = bot.bot_token;
  const auto bot_id = bot.id;
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), pfs_config());
    co_await client.bot_sign_in(token);
    auto me = co_await client.get_me();
    EXPECT_EQ(me.is<tl::types::User>() ? me.as<tl::types::User>()->id : 0, bot_id);
    EXPECT_EQ(co_await calls(client, 5), 10);
  }());
  const auto perm_id = stored_key_id();
  const auto* perm = world().key(2, perm_id);
  ASSERT_NE(perm, nullptr) << "the stored key is the permanent one the DC knows";
  EXPECT_FALSE(perm->expires_in);
  EXPECT_EQ(perm->packets, 0u) << "the permanent key encrypted a packet";
  EXPECT_TRUE(perm->account) << "the sign-in went to the permanent key";
  EXPECT_EQ(lines_with(server_log_, "bound to"), 1u);

  // The next process keeps the permanent key and its sign-in, and makes a
  // temporary key of its own.
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), pfs_config());
    EXPECT_TRUE(client.is_authorized());
    auto me = co_await client.get_me();
    EXPECT_TRUE(me.is<tl::types::User>());
  }());
  EXPECT_EQ(stored_key_id(), perm_id);
  EXPECT_EQ(world().key(2, perm_id)->packets, 0u);
  EXPECT_EQ(lines_with(server_log_, "bound to"), 2u);
}

TEST_F(Pfs, WithoutPfsThePermanentKeyCarriesTheTraffic) {
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store_));
    co_await client.invoke(fn::help::GetNearestDc{});
  }());
  const auto* perm = world().key(2, stored_key_id());
  ASSERT_NE(perm, nullptr);
  EXPECT_GT(perm->packets, 0u);
  EXPECT_EQ(lines_with(server_log_, "bound to"), 0u);
}

// Ten-minute keys over forty minutes of calls: each key is replaced before
// the DC stops knowing it, and every call, idempotent or not, resolves once
// and succeeds (the connection ends only once the calls in flight are answered).
TEST_F(Pfs, TemporaryKeysAreRenewedBeforeTheyExpireAndNoCallIsLost) {
  const auto token = world().add_bot("Echo", "echo_bot").bot_token;
  drive([&]() -> asio::awaitable<void> {
    auto c = pfs_config();
    c.temp_key_lifetime = 600s;
    auto client = co_await Client::connect(io_.get_executor(), c);
    co_await client.bot_sign_in(token);
    for (int round = 0; round < 80; ++round) {
      EXPECT_EQ(co_await calls(client, 3), 6) << "round " << round;
      co_await detail::sleep_until(*c.clock, virtual_clock_->instant() + 30s);
    }
    EXPECT_TRUE(client.is_authorized());
  }());
  EXPECT_GE(lines_with(server_log_, "bound to"), 4u);
  EXPECT_EQ(lines_with(server_log_, "unknown auth key"), 0u) << "a key was used past its expiry";
  EXPECT_GE(lines_with(client_log_, "due for renewal"), 3u);
  EXPECT_EQ(world().key(2, stored_key_id())->packets, 0u);
}

TEST_F(Pfs, ADcThatForgotTheTemporaryKeyGetsANewOneBoundToTheSameKey) {
  const auto token = world().add_bot("Echo", "echo_bot").bot_token;
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), pfs_config());
    co_await client.bot_sign_in(token);
    const auto perm_id = stored_key_id();
    world().forget_keys(2, true);
    // The DC cannot read the packet that carries it, so it went nowhere and
    // goes again under the new key.
    auto read = co_await client.try_invoke(fn::help::GetNearestDc{});
    EXPECT_TRUE(read) << read.error().message();
    EXPECT_EQ(co_await calls(client, 3), 6);
    EXPECT_TRUE(client.is_authorized());
    auto me = co_await client.get_me();
    EXPECT_TRUE(me.is<tl::types::User>()) << "still signed in through the permanent key";
    EXPECT_EQ(stored_key_id(), perm_id);
  }());
  EXPECT_EQ(lines_with(client_log_, "forgot our temporary key"), 1u);
  EXPECT_EQ(lines_with(server_log_, "bound to"), 2u);
}

// A DC that lost both keys refuses the binding under the old permanent key:
// the client makes a new permanent key, and its calls go on (signed out, as
// the DC no longer knows the sign-in).
TEST_F(Pfs, ADcThatForgotThePermanentKeyRefusesTheBindingAndANewKeyIsMade) {
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), pfs_config());
    co_await client.invoke(fn::help::GetNearestDc{});
    const auto old_perm = stored_key_id();
    world().forget_keys(2, false);
    auto read = co_await client.try_invoke(fn::help::GetNearestDc{});
    EXPECT_TRUE(read) << read.error().message();
    EXPECT_NE(stored_key_id(), old_perm);
    EXPECT_FALSE(client.is_authorized());
  }());
  EXPECT_EQ(lines_with(client_log_, "ENCRYPTED_MESSAGE_INVALID"), 1u);
  EXPECT_EQ(lines_with(client_log_, "forgot our permanent key"), 1u);
  EXPECT_EQ(world().key(2, stored_key_id())->packets, 0u);
}

// A binding answered with anything but boolTrue did not bind: no call goes
// under that key, and the next connection makes and binds another.
TEST_F(Pfs, ABindingNotAnsweredBoolTrueIsNotTakenAsBound) {
  for (const std::string answer : {"379779bc", "15c4b51c00000000"}) {  // boolFalse, an empty vector
    SCOPED_TRACE(answer);
    cluster_.apply_fault("answer auth.bindTempAuthKey " + answer);
    const auto bound_before = lines_with(server_log_, "bound to");
    const auto refused_before = lines_with(client_log_, "auth.bindTempAuthKey answered");
    drive([&]() -> asio::awaitable<void> {
      auto client = co_await Client::connect(io_.get_executor(), pfs_config());
      auto read = co_await client.try_invoke(fn::help::GetNearestDc{});
      EXPECT_TRUE(read) << read.error().message();
    }());
    EXPECT_EQ(lines_with(client_log_, "auth.bindTempAuthKey answered"), refused_before + 1);
    EXPECT_EQ(lines_with(server_log_, "bound to"), bound_before + 1) << "the second key was bound";
    EXPECT_EQ(world().key(2, stored_key_id())->packets, 0u);
  }
}

}  // namespace
}  // namespace layer::client::test
