// Clients that probe the fake DC: a service call cut short is answered and
// the session goes on, anything thrown while serving closes the connection at
// once instead of leaving it unread, and one connection cannot run key
// exchanges (an RSA decryption each) without end.
#include <gtest/gtest.h>

#include "cluster_fixture.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

constexpr int kExchanges = 2;

// A connection left unread would be closed by the idle timer: short here, so
// that such a test fails in seconds rather than hanging for five minutes.
ClusterOptions probed() {
  return {.idle_timeout = std::chrono::seconds(5), .key_exchanges_per_connection = kExchanges};
}

class Hostile : public ClusterTest {
 protected:
  Hostile() : ClusterTest(probed()) {}

  void configure() override {
    // A handler that throws what Connection::answer does not catch.
    cluster_.dispatcher().on_id(fn::help::GetSupport::ID, [](const Call&) -> tl::Bytes { throw 42; });
  }

  std::unique_ptr<TestClient> connect() {
    auto client = std::make_unique<TestClient>(cluster_.endpoint(2), Kind::intermediate);
    client->handshake(cluster_.public_key());
    return client;
  }
};

class CutShortServiceCall : public Hostile, public ::testing::WithParamInterface<std::uint32_t> {};

TEST_P(CutShortServiceCall, GetsInputFetchErrorAndTheSessionGoesOn) {
  auto client = connect();
  const std::uint32_t id = GetParam();
  const tl::Bytes only_id(reinterpret_cast<const std::byte*>(&id),
                          reinterpret_cast<const std::byte*>(&id) + 4);
  const auto answer = client->call(only_id);
  const auto* error = std::get_if<mtproto::RpcErrorEvent>(&answer);
  ASSERT_NE(error, nullptr) << "event #" << answer.index();
  EXPECT_EQ(error->error.code, 400);
  EXPECT_EQ(error->error.message, "INPUT_FETCH_ERROR");
  EXPECT_TRUE(logged("undecodable call"));
  const auto config = client->call_as<tl::enums::Config>(tl::serialize(fn::help::GetConfig{}));
  EXPECT_EQ(config.as<types::Config>()->this_dc, 2);
}

INSTANTIATE_TEST_SUITE_P(Calls, CutShortServiceCall,
                         ::testing::Values(fn::PingDelayDisconnect::ID, fn::GetFutureSalts::ID,
                                           fn::DestroySession::ID));

TEST_F(Hostile, AnExceptionWhileServingClosesThatConnectionAtOnce) {
  auto victim = connect();
  auto bystander = connect();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(victim->call(tl::serialize(fn::help::GetSupport{})), std::runtime_error);
  // Closed by the exception, not by the idle timer.
  EXPECT_LT(std::chrono::steady_clock::now() - started, probed().idle_timeout);
  EXPECT_TRUE(logged("closing: exception: not a std::exception"));
  EXPECT_EQ(bystander->call_as<tl::enums::Pong>(tl::serialize(fn::Ping{3})).as<types::Pong>()->ping_id, 3);
}

TEST_F(Hostile, KeyExchangesPastTheLimitCloseTheConnection) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  for (int i = 0; i < kExchanges; ++i) client.handshake(cluster_.public_key());
  EXPECT_THROW(client.handshake(cluster_.public_key()), std::runtime_error);
  EXPECT_TRUE(logged("closing: more than 2 key exchanges"));
  // The limit is per connection: a new one starts afresh.
  connect()->call_as<tl::enums::Pong>(tl::serialize(fn::Ping{4}));
}

}  // namespace
}  // namespace layer::fakedc::test
