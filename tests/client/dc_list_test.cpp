// The DC list: taken from help.getConfig (initConnection's answer), asked for
// again when the config expires, and never taken on trust. A config that
// does not decode, DC options with no usable address or port, and answers to
// bot_sign_in and get_me that are not what the schema promises each end in a
// log line or a clear error, and the client goes on; so do answers whose
// wrapped Updates (messages.invitedUsers, ...) do not decode.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "config_refresh.hpp"
#include "fake_dc_fixture.hpp"
#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/auth.hpp"
#include "layer/tl/types/messages.hpp"
#include "layer/tl/types/root.hpp"
#include "signal.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
namespace types = tl::types;
using namespace std::chrono_literals;

// The hex the fake DC's `answer` fault takes.
std::string hex_of(const tl::Bytes& bytes) {
  std::string out;
  for (const auto b : bytes) {
    char two[3];
    std::snprintf(two, sizeof two, "%02x", std::to_integer<unsigned>(b));
    out += two;
  }
  return out;
}

const std::string kEmptyVector = "15c4b51c00000000";

types::DcOption option(std::int32_t id, std::string ip, std::int32_t port) {
  types::DcOption o;
  o.id = id;
  o.ip_address = std::move(ip);
  o.port = port;
  return o;
}

class DcList : public FakeDcTest {
 protected:
  // A config from the DC's clock, lasting `life`, listing `options`.
  std::string config_answer(std::vector<tl::enums::DcOption> options, std::chrono::seconds life = 3600s) {
    types::Config c;
    c.date = static_cast<std::int32_t>(
        std::chrono::duration_cast<std::chrono::seconds>(virtual_clock_->now().time_since_epoch()).count());
    c.expires = c.date + static_cast<std::int32_t>(life.count());
    c.this_dc = 2;
    c.dc_options = std::move(options);
    return hex_of(tl::serialize(tl::enums::Config(std::move(c))));
  }

  std::size_t client_lines_with(std::string_view part) const {
    return static_cast<std::size_t>(
        std::count_if(client_log_.begin(), client_log_.end(),
                      [&](const std::string& l) { return l.find(part) != l.npos; }));
  }

  asio::awaitable<void> sleep(std::chrono::seconds by) {
    co_await detail::sleep_until(*client_time_, virtual_clock_->instant() + by);
  }

  std::shared_ptr<MemorySessionStore> store_ = std::make_shared<MemorySessionStore>();
};

TEST(ConfigLifetime, IsTheConfigsOwnWithinAMinuteAndADay) {
  EXPECT_EQ(detail::config_lifetime(1'700'000'000, 1'700'003'600), 3600s);
  EXPECT_EQ(detail::config_lifetime(1'700'000'000, 1'700'000'000), 60s) << "expired already";
  EXPECT_EQ(detail::config_lifetime(1'700'000'000, 1'600'000'000), 60s) << "expired long ago";
  EXPECT_EQ(detail::config_lifetime(0, INT32_MAX), 24h);
  EXPECT_EQ(detail::config_lifetime(INT32_MAX, INT32_MIN), 60s);
}

TEST_F(DcList, TheListIsAskedForAgainWhenTheConfigExpires) {
  const auto dc2 = cluster_.endpoint(2);
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store_));
    const auto first = store_->data().addresses;
    EXPECT_FALSE(first.empty()) << "initConnection's config";
    cluster_.apply_fault(
        "answer help.getConfig " +
        config_answer({option(2, dc2.address().to_string(), dc2.port()), option(5, "10.0.0.5", 443)}, 600s));
    co_await sleep(59min);
    EXPECT_EQ(store_->data().addresses, first) << "asked before the config expired";
    co_await sleep(2min);
    EXPECT_EQ(store_->data().addresses,
              (std::vector<DcAddress>{{2, dc2.address().to_string(), dc2.port(), false, false},
                                      {5, "10.0.0.5", 443, false, false}}));
    // That config lasted ten minutes: the DC's own list comes back after them.
    co_await sleep(11min);
    EXPECT_EQ(store_->data().addresses, first);
    auto nearest = co_await client.try_invoke(fn::help::GetNearestDc{});
    EXPECT_TRUE(nearest) << nearest.error().message();
  }());
}

TEST_F(DcList, OptionsWithNoUsableAddressOrPortAreLeftOut) {
  std::vector<tl::enums::DcOption> options{option(3, "10.0.0.3", 0),   option(3, "10.0.0.3", 70000),
                                           option(0, "10.0.0.3", 443), option(3, "dc3.example.com", 443),
                                           option(3, "", 443),         option(4, "10.0.0.4", 443)};
  auto cdn = option(3, "10.0.0.7", 443);
  cdn.cdn = true;
  auto tcpo = option(3, "10.0.0.8", 443);
  tcpo.tcpo_only = true;
  auto v6_flag_on_v4 = option(3, "10.0.0.9", 443);
  v6_flag_on_v4.ipv6 = true;
  for (const auto& o : {cdn, tcpo, v6_flag_on_v4}) options.emplace_back(o);
  cluster_.apply_fault("answer help.getConfig " + config_answer(options));
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store_));
    EXPECT_EQ(client.connection_state(), ConnectionState::ready);
  }());
  EXPECT_EQ(store_->data().addresses, (std::vector<DcAddress>{{4, "10.0.0.4", 443, false, false}}));
  EXPECT_EQ(client_lines_with("dc3.example.com"), 1u);
  EXPECT_EQ(client_lines_with("no usable address"), 3u);
}

TEST_F(DcList, AConfigThatDoesNotDecodeIsAskedForAgainInAMinute) {
  cluster_.apply_fault("answer help.getConfig " + kEmptyVector);
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store_));
    EXPECT_TRUE(store_->data().addresses.empty());
    co_await sleep(61s);
    EXPECT_FALSE(store_->data().addresses.empty());
    auto nearest = co_await client.try_invoke(fn::help::GetNearestDc{});
    EXPECT_TRUE(nearest) << nearest.error().message();
  }());
  EXPECT_EQ(client_lines_with("does not decode as Config"), 1u);
}

// Answers that are not what the schema promises: a typed call resolves with
// malformed_message, and the client is neither signed in nor stuck.
TEST_F(DcList, AnswersOfTheWrongShapeAreClearErrors) {
  const auto token = world().add_bot("Echo", "echo_bot").bot_token;
  const std::string sign_up_required =
      hex_of(tl::serialize(tl::enums::auth::Authorization(types::auth::AuthorizationSignUpRequired{})));
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store_));
    for (const auto& answer : {sign_up_required, kEmptyVector}) {
      cluster_.apply_fault("answer auth.importBotAuthorization " + answer);
      try {
        co_await client.bot_sign_in(token);
        ADD_FAILURE() << "signed in on " << answer;
      } catch (const Exception& e) {
        EXPECT_EQ(e.error().code, mtproto::mtproto_errc::malformed_message) << e.error().message();
      }
      EXPECT_FALSE(client.is_authorized());
    }
    co_await client.bot_sign_in(token);
    EXPECT_TRUE(client.is_authorized());
    for (const auto& answer : {kEmptyVector, std::string("b5757299")}) {  // no users; boolTrue
      cluster_.apply_fault("answer users.getUsers " + answer);
      try {
        co_await client.get_me();
        ADD_FAILURE() << "a user from " << answer;
      } catch (const Exception& e) {
        EXPECT_EQ(e.error().code, mtproto::mtproto_errc::malformed_message) << e.error().message();
      }
    }
    cluster_.apply_fault("answer help.getNearestDc b5757299");
    auto wrong = co_await client.try_invoke(fn::help::GetNearestDc{});
    EXPECT_FALSE(wrong);
    if (!wrong) {
      EXPECT_EQ(wrong.error().code, mtproto::mtproto_errc::malformed_message);
    }
    auto me = co_await client.get_me();
    EXPECT_TRUE(me.is<types::User>());
  }());
}

// An answer wrapping Updates for the update engine whose Updates do not
// decode: one log line naming the answer, the call a clear malformed_message
// (the answer does not decode either), and the client goes on. Wrapped
// Updates with nothing in them are an answer like any other.
TEST_F(DcList, WrappedUpdatesThatDoNotDecodeAreLoggedAndTheCallIsAClearError) {
  const auto token = world().add_bot("Echo", "echo_bot").bot_token;
  const std::string invited_users = "a6ef5d7f";  // messages.invitedUsers#7f5defa6
  const fn::messages::CreateChat create{.users = {}, .title = "Team"};
  drive([&]() -> asio::awaitable<void> {
    auto client = co_await Client::connect(io_.get_executor(), config(store_));
    co_await client.bot_sign_in(token);
    // boolTrue where the Updates go; the constructor and nothing after it.
    for (const auto& answer : {invited_users + "b5757299" + kEmptyVector, invited_users}) {
      cluster_.apply_fault("answer messages.createChat " + answer);
      auto invited = co_await client.try_invoke(create);
      EXPECT_FALSE(invited) << answer;
      if (!invited) {
        EXPECT_EQ(invited.error().code, mtproto::mtproto_errc::malformed_message) << answer;
      }
    }
    const auto empty = tl::enums::messages::InvitedUsers(types::messages::InvitedUsers{types::Updates{}, {}});
    cluster_.apply_fault("answer messages.createChat " + hex_of(tl::serialize(empty)));
    auto invited = co_await client.try_invoke(create);
    EXPECT_TRUE(invited) << invited.error().message();
    auto me = co_await client.get_me();
    EXPECT_TRUE(me.is<types::User>());
  }());
  EXPECT_EQ(client_lines_with("messages.invitedUsers whose updates could not be read"), 2u);
}

}  // namespace
}  // namespace layer::client::test
