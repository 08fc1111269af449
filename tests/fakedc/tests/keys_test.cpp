// The auth keys a DC keeps: every handshake adds one, so those no account is
// signed in with are capped per DC (the least recently used go first), and a
// temporary key is forgotten once it expires. A client whose key was
// forgotten is told -404, as Telegram would tell it.
#include <gtest/gtest.h>

#include "cluster_fixture.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;
using namespace std::chrono_literals;

constexpr std::size_t kCap = 3;

class Keys : public ClusterTest {
 protected:
  Keys() : ClusterTest(small_table()) {}

  static ClusterOptions small_table() {
    auto options = on_virtual_time();
    options.unauthorized_keys_per_dc = kCap;
    return options;
  }

  void configure() override { token_ = cluster_.world().add_bot("Keys", "keys_bot").bot_token; }

  struct Connected {
    std::unique_ptr<TestClient> client;
    std::uint64_t key_id = 0;
  };

  Connected connect(std::optional<std::int32_t> expires_in = {}) {
    auto client = std::make_unique<TestClient>(cluster_.endpoint(2), Kind::intermediate, client_clock());
    const auto done = client->handshake(cluster_.public_key(), 2, expires_in);
    return {std::move(client), done.auth_key.id()};
  }

  // Read between calls, while the cluster's thread waits for the next packet.
  bool known(std::uint64_t key_id) { return cluster_.world().key(2, key_id) != nullptr; }
  std::size_t table() { return cluster_.world().key_count(2); }

  static void ping(TestClient& client) { client.call_as<tl::enums::Pong>(tl::serialize(fn::Ping{1})); }

  std::string token_;
};

TEST_F(Keys, HandshakesPastTheCapEvictTheLeastRecentlyUsedUnauthorizedKeys) {
  auto bot = connect();
  bot.client->call_as<tl::enums::auth::Authorization>(tl::serialize(
      fn::auth::ImportBotAuthorization{.flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = token_}));
  std::vector<Connected> anonymous;
  for (std::size_t i = 0; i < kCap; ++i) anonymous.push_back(connect());
  EXPECT_EQ(table(), kCap + 1);
  ping(*anonymous[0].client);  // now the most recently used: anonymous[1] is the oldest

  anonymous.push_back(connect());
  EXPECT_EQ(table(), kCap + 1);
  EXPECT_FALSE(known(anonymous[1].key_id));
  EXPECT_TRUE(known(anonymous[0].key_id));
  try {
    ping(*anonymous[1].client);
    ADD_FAILURE() << "an evicted key was served";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "transport error -404");
  }

  for (int i = 0; i < 5; ++i) anonymous.push_back(connect());
  EXPECT_EQ(table(), kCap + 1);
  EXPECT_TRUE(known(bot.key_id));
  const auto users = bot.client->call_as<std::vector<tl::enums::User>>(
      tl::serialize(fn::users::GetUsers{.id = {types::InputUserSelf{}}}));
  EXPECT_EQ(users.at(0).as<types::User>()->username, "keys_bot");
}

TEST_F(Keys, TemporaryKeysAreForgottenOnceExpired) {
  auto used = connect(60);
  auto unused = connect(60);
  virtual_clock_->advance(59s);
  ping(*used.client);
  virtual_clock_->advance(1s);
  EXPECT_THROW(ping(*used.client), std::runtime_error);
  EXPECT_FALSE(known(used.key_id));
  // The next handshake sweeps the one that sent nothing since.
  EXPECT_TRUE(known(unused.key_id));
  const auto fresh = connect();
  EXPECT_FALSE(known(unused.key_id));
  EXPECT_EQ(table(), 1u);
}

}  // namespace
}  // namespace layer::fakedc::test
