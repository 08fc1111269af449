// Sessions outlive connections, as on Telegram: a client that comes back on a
// new connection with the same auth key and session id gets every answer it
// missed exactly once, whether it was lost with the old connection or made
// while it was away; a new session id starts afresh with new_session_created;
// a second connection takes the session over; and the DC forgets sessions
// idle too long, past its limit, and on a restart.
#include <gtest/gtest.h>

#include <cstdio>

#include "cluster_fixture.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

using namespace std::chrono_literals;
namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

const tl::Bytes kNearest = tl::serialize(fn::help::GetNearestDc{});

bool succeeded(const mtproto::Outcome& event) {
  return std::holds_alternative<mtproto::RpcResultEvent>(event);
}

// A session as the fake DC logs it: "key/session" in hex.
std::string session_name(TestClient& client, std::uint64_t key_id) {
  char text[40];
  std::snprintf(text, sizeof text, "%016llx/%016llx", static_cast<unsigned long long>(key_id),
                static_cast<unsigned long long>(*client.session().session().session_id()));
  return text;
}

// On virtual time, with connections that outlast the sessions' ten idle
// minutes: the new connection of a client that is away waits unused.
ClusterOptions patient(std::size_t sessions_per_dc = 4096) {
  auto options = on_virtual_time();
  options.idle_timeout = 1h;
  options.sessions_per_dc = sessions_per_dc;
  return options;
}

class Sessions : public ClusterTest {
 protected:
  explicit Sessions(ClusterOptions options = patient()) : ClusterTest(std::move(options)) {}

  std::unique_ptr<TestClient> connect() {
    auto client = std::make_unique<TestClient>(cluster_.endpoint(2), Kind::intermediate, client_clock());
    key_id_ = client->handshake(cluster_.public_key()).auth_key.id();
    ping(*client);
    return client;
  }

  static void ping(TestClient& client) { client.call_as<tl::enums::Pong>(tl::serialize(fn::Ping{1})); }

  // The client is away: the DC noticed its connection number `connection`
  // close, and the client has not sent anything on its new one yet. (Only a
  // packet tells the DC which session a connection carries: a client whose
  // calls were all acknowledged has nothing to ask about and sends a ping.)
  void away(TestClient& client, int connection, bool new_session = false) {
    if (new_session) {
      client.reconnect_with_new_session();
    } else {
      client.reconnect();
    }
    ASSERT_TRUE(wait_logged("dc2#" + std::to_string(connection) + ": disconnected"));
  }

  std::uint64_t key_id_ = 0;
};

TEST_F(Sessions, AnswerLostWithItsConnectionComesOnceOnTheNext) {
  cluster_.apply_fault("delay help.getNearestDc 30s");
  auto client = connect();
  const auto slow = client->start(kNearest);
  ping(*client);  // the server has the call
  virtual_clock_->advance(30s);
  ASSERT_TRUE(client->wait_for_unread());  // the answer is on its way on connection 1
  client->reconnect();                     // and never read
  ping(*client);
  EXPECT_TRUE(succeeded(client->wait(slow)));
  ping(*client);
  EXPECT_EQ(client->unmatched(), 0);
  EXPECT_EQ(client->session_resets(), 1);  // the first connection's: the session went on
}

TEST_F(Sessions, AnswerMadeWhileAwayWaitsForTheClient) {
  cluster_.apply_fault("delay help.getNearestDc 30s");
  auto client = connect();
  const auto slow = client->start(kNearest);
  ping(*client);
  away(*client, 1);
  virtual_clock_->advance(30s);  // made now, with no connection to go out on
  ping(*client);
  EXPECT_TRUE(succeeded(client->wait(slow)));
  ping(*client);
  EXPECT_EQ(client->unmatched(), 0);
  EXPECT_EQ(client->session_resets(), 1);
}

TEST_F(Sessions, PushesMadeWhileAwayWaitForTheClient) {
  auto client = connect();
  const auto token = cluster_.world().add_bot("Away", "away_bot").bot_token;
  client->call_as<tl::enums::auth::Authorization>(tl::serialize(
      fn::auth::ImportBotAuthorization{.flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = token}));
  away(*client, 1);
  // The bot's own message from another session of it, while this one is away.
  auto other = std::make_unique<TestClient>(cluster_.endpoint(2), Kind::intermediate, client_clock());
  other->handshake(cluster_.public_key());
  other->call_as<tl::enums::auth::Authorization>(tl::serialize(
      fn::auth::ImportBotAuthorization{.flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = token}));
  other->call_as<tl::enums::Updates>(tl::serialize(
      fn::messages::SendMessage{.peer = types::InputPeerSelf{}, .message = "while away", .random_id = 7}));
  ping(*client);
  const auto pushed = tl::deserialize<tl::enums::Updates>(client->next_update());
  const auto* message = pushed.as<types::UpdateShortMessage>();
  ASSERT_NE(message, nullptr) << pushed;
  EXPECT_EQ(message->message, "while away");
}

TEST_F(Sessions, NewSessionIdStartsAfreshWithNoStaleAnswers) {
  cluster_.apply_fault("delay help.getNearestDc 30s");
  auto client = connect();
  client->start(kNearest);
  ping(*client);
  client->reconnect_with_new_session();
  ping(*client);
  EXPECT_EQ(client->session_resets(), 2);
  virtual_clock_->advance(30s);  // the old session's answer waits in the old session
  ping(*client);
  ping(*client);
  EXPECT_EQ(client->unmatched(), 0);
}

// The DC decrypts a packet where the transport left it; one that turns out to
// name another session must still reach that session intact.
TEST_F(Sessions, NewSessionIdOnTheSameConnectionGetsASessionOfItsOwn) {
  auto client = connect();
  const auto first = *client->session().session().session_id();
  client->new_session_here();
  ping(*client);
  EXPECT_NE(*client->session().session().session_id(), first);
  EXPECT_EQ(client->session_resets(), 2);
  ping(*client);
  EXPECT_EQ(client->unmatched(), 0);
  EXPECT_FALSE(logged("closing:"));
}

TEST_F(Sessions, SecondConnectionTakesTheSessionOver) {
  cluster_.apply_fault("delay help.getNearestDc 30s");
  auto client = connect();
  const auto slow = client->start(kNearest);
  ping(*client);
  client->add_connection();  // connection 1 stays open
  ping(*client);
  EXPECT_TRUE(logged("dc2#1: session " + session_name(*client, key_id_) + " moved to another connection"));
  virtual_clock_->advance(30s);
  EXPECT_TRUE(succeeded(client->wait(slow)));  // on connection 2
  EXPECT_EQ(client->session_resets(), 1);
}

TEST_F(Sessions, RestartForgetsSessionsAndKeepsTheWorld) {
  auto client = connect();
  const auto token = cluster_.world().add_bot("Kept", "kept_bot").bot_token;
  client->call_as<tl::enums::auth::Authorization>(tl::serialize(
      fn::auth::ImportBotAuthorization{.flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = token}));
  cluster_.apply_fault("restart");
  EXPECT_FALSE(client->receive().has_value());
  EXPECT_TRUE(wait_logged("sessions forgotten: restart"));
  client->reconnect();
  // Still signed in: the key is the world's. The session is new.
  client->call_as<tl::enums::updates::State>(tl::serialize(fn::updates::GetState{}));
  EXPECT_EQ(client->session_resets(), 2);
}

TEST_F(Sessions, IdleSessionIsForgottenAfterTenMinutes) {
  auto client = connect();
  away(*client, 1);
  virtual_clock_->advance(9min);
  ping(*client);  // still known
  EXPECT_EQ(client->session_resets(), 1);
  away(*client, 2);
  virtual_clock_->advance(10min);
  ASSERT_TRUE(wait_logged(session_name(*client, key_id_) + ": forgotten: idle"));
  ping(*client);
  EXPECT_EQ(client->session_resets(), 2);
}

class SessionLimit : public Sessions {
 protected:
  SessionLimit() : Sessions(patient(2)) {}
};

TEST_F(SessionLimit, PastTheLimitTheLeastRecentlyUsedIdleSessionGoes) {
  auto client = connect();
  const auto first = session_name(*client, key_id_);
  away(*client, 1, true);
  ping(*client);
  const auto second = session_name(*client, key_id_);
  away(*client, 2, true);
  ping(*client);
  EXPECT_TRUE(logged(first + ": forgotten: more than 2 sessions"));
  EXPECT_FALSE(logged(second + ": forgotten"));
}

TEST_F(SessionLimit, SessionsOnAConnectionAreNeverEvicted) {
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(connect());
  for (auto& client : clients) ping(*client);
  EXPECT_FALSE(logged("forgotten"));
  for (auto& client : clients) EXPECT_EQ(client->session_resets(), 1);
}

}  // namespace
}  // namespace layer::fakedc::test
