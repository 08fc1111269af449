// The client over every transport mtproto has (Config::transport): the key
// exchange, calls in flight, and a reconnect after a drop.
#include <gtest/gtest.h>

#include <algorithm>

#include "countdown.hpp"
#include "fake_dc_fixture.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/types/help.hpp"
#include "signal.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
using mtproto::transport::Kind;

class Transports : public FakeDcTest, public ::testing::WithParamInterface<Kind> {};

TEST_P(Transports, CallsGoThroughAndSurviveADrop) {
  int ok = 0;
  drive([&]() -> asio::awaitable<void> {
    auto c = config();
    c.transport = GetParam();
    auto client = co_await Client::connect(io_.get_executor(), c);
    cluster_.apply_fault("drop_after 5");
    auto done = Countdown::make(io_.get_executor(), 20);
    for (int i = 0; i < 20; ++i) {
      asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}), [&, done](std::exception_ptr, auto r) {
        ok += r && r->template as<tl::types::NearestDc>()->this_dc == 2;
        done->count();
      });
    }
    co_await done->wait();
  }());
  EXPECT_EQ(ok, 20);
  const auto reconnects = std::count_if(states_.begin(), states_.end(), [](const auto& e) {
    return e.state == ConnectionState::waiting_for_network;
  });
  EXPECT_EQ(reconnects, 1);
}

INSTANTIATE_TEST_SUITE_P(Every, Transports,
                         ::testing::Values(Kind::abridged, Kind::intermediate, Kind::padded, Kind::full,
                                           Kind::obfuscated_abridged, Kind::obfuscated_intermediate,
                                           Kind::obfuscated_padded),
                         [](const auto& param_info) {
                           return std::string(mtproto::transport::to_string(param_info.param));
                         });

}  // namespace
}  // namespace layer::client::test
