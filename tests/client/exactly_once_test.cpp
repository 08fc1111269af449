// Fifty sendMessage calls in flight when the fault hits: the chat holds each
// message exactly once and every caller gets its result once. The fake DC
// keeps unacknowledged answers per session (Telegram does too), and a send
// carries its random_id, so even a server that lost the session drops the
// duplicate.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "countdown.hpp"
#include "fake_dc_fixture.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/root.hpp"
#include "signal.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
using namespace std::chrono_literals;

struct Scenario {
  const char* name;
  const char* at_start;  // applied before the sends
  const char* after_1s;  // applied a second later, with answers still held
  bool reconnects;       // the fault costs the connection
};

std::string text_of(int i) {
  std::string text = "m";
  text += std::to_string(i);
  return text;
}

class ExactlyOnce : public FakeDcTest, public ::testing::WithParamInterface<Scenario> {};

TEST_P(ExactlyOnce, FiftySendsMakeFiftyMessages) {
  constexpr int kSends = 50;
  auto& user = world().add_user("+999660000002", "Bob", "", "bob");
  const auto user_id = user.id;
  const auto user_hash = user.access_hash;
  const auto token = world().add_bot("Echo", "echo_bot").bot_token;
  std::vector<int> results(kSends), errors(kSends);
  drive([&]() -> asio::awaitable<void> {
    auto c = config();
    auto client = co_await Client::connect(io_.get_executor(), c);
    co_await client.bot_sign_in(token);
    if (*GetParam().at_start) cluster_.apply_fault(GetParam().at_start);
    auto done = Countdown::make(io_.get_executor(), kSends);
    for (int i = 0; i < kSends; ++i) {
      fn::messages::SendMessage send{
          .peer = tl::types::InputPeerUser{user_id, user_hash}, .message = text_of(i), .random_id = 1000 + i};
      asio::co_spawn(io_, client.try_invoke(send), [&, i, done](std::exception_ptr, auto r) {
        ++(r ? results : errors)[static_cast<std::size_t>(i)];
        done->count();
      });
    }
    if (*GetParam().after_1s) {
      co_await detail::sleep_until(*c.clock, virtual_clock_->instant() + 1s);
      cluster_.apply_fault(GetParam().after_1s);
    }
    co_await done->wait();
  }());
  std::map<std::string, int> in_chat;
  for (const auto& [id, message] : world().mailbox(user_id).messages) ++in_chat[message.message];
  for (int i = 0; i < kSends; ++i) {
    const auto n = static_cast<std::size_t>(i);
    EXPECT_EQ(results[n], 1) << "m" << i << " resolved with a result " << results[n] << " times";
    EXPECT_EQ(errors[n], 0) << "m" << i << " failed";
    EXPECT_EQ(in_chat[text_of(i)], 1) << "m" << i << " in the chat";
  }
  EXPECT_EQ(world().mailbox(user_id).messages.size(), static_cast<std::size_t>(kSends));
  const bool reconnected = std::any_of(states_.begin(), states_.end(), [](const auto& e) {
    return e.state == ConnectionState::waiting_for_network;
  });
  EXPECT_EQ(reconnected, GetParam().reconnects);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, ExactlyOnce,
    ::testing::Values(Scenario{"executed_then_dropped", "drop_before_answer messages.sendMessage", "", true},
                      Scenario{"restart_with_answers_held", "delay messages.sendMessage 3000ms times=50",
                               "restart", true},
                      Scenario{"dropped_at_the_25th", "drop_after 25", "", true},
                      Scenario{"bad_salt", "bad_salt times=3", "", false},
                      Scenario{"skew", "skew 200s", "", false},
                      Scenario{"resend", "resend messages.sendMessage times=20", "", false},
                      Scenario{"delay", "delay messages.sendMessage 1500ms times=25", "", false}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace layer::client::test
