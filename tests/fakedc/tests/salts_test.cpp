// Server salts: each lasts an hour of the key's schedule, the previous one is
// still accepted for half an hour, get_future_salts tells what comes next, and
// a client holding an expired salt is told the current one.
#include <gtest/gtest.h>

#include "cluster_fixture.hpp"
#include "layer/mtproto/container.hpp"
#include "layer/mtproto/encrypted_session.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

class Salts : public ClusterTest {};

TEST_F(Salts, FutureSaltsStartWithTheCurrentOneHourApart) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  const auto done = client.handshake(cluster_.public_key());
  const auto event = client.call(tl::serialize(fn::GetFutureSalts{3}));
  const auto* result = std::get_if<mtproto::RpcResultEvent>(&event);
  ASSERT_NE(result, nullptr);
  const auto salts = tl::deserialize<types::FutureSalts>(result->body);
  ASSERT_EQ(salts.salts.size(), 3u);
  const auto& first = salts.salts[0];
  const auto& second = salts.salts[1];
  EXPECT_EQ(first.salt, done.first_salt);
  EXPECT_EQ(second.valid_since - first.valid_since, World::kSaltHour);
  EXPECT_GT(first.valid_until, second.valid_since);  // they overlap by half an hour
  EXPECT_NE(second.salt, first.salt);
}

// What the server answers to a ping sent alone on a new connection, stamped
// with salt, with the client's clock already matching the server's skewed one.
std::uint32_t answer_to_ping(Cluster& cluster, const mtproto::handshake::Done& key, std::int64_t salt,
                             std::int32_t skew) {
  TestClient raw(cluster.endpoint(2), Kind::intermediate);
  crypto::OsRng rng;
  mtproto::EncryptedSession session(key.auth_key, salt, skew, rng);
  raw.send(session.pack(tl::serialize(fn::Ping{3}), std::chrono::system_clock::now()));
  for (;;) {
    auto answer = raw.receive();
    if (!answer) return 0;
    const auto message = session.unpack(answer->packet, std::chrono::system_clock::now()).value();
    const auto items = mtproto::flatten_message({message.msg_id, message.seq_no, message.body}).value();
    for (const auto& m : items) {
      const auto id = mtproto::constructor_of(m.body);
      if (id == types::Pong::ID || id == types::BadServerSalt::ID) return id;
    }
  }
}

TEST_F(Salts, PreviousSaltIsStillAcceptedForHalfAnHour) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  const auto done = client.handshake(cluster_.public_key());
  cluster_.apply_fault("skew 3700s");  // 100 s into the key's second salt hour
  EXPECT_EQ(answer_to_ping(cluster_, done, done.first_salt, 3700), types::Pong::ID);
}

TEST_F(Salts, ExpiredSaltIsAnsweredWithTheCurrentOne) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  const auto done = client.handshake(cluster_.public_key());
  cluster_.apply_fault("skew 5500s");  // past the previous salt's half hour of grace
  EXPECT_EQ(answer_to_ping(cluster_, done, done.first_salt, 5500), types::BadServerSalt::ID);
  // A client session recovers by itself.
  EXPECT_TRUE(
      std::holds_alternative<mtproto::RpcResultEvent>(client.call(tl::serialize(fn::help::GetNearestDc{}))));
  EXPECT_NE(client.session().session().salt(), done.first_salt);
}

}  // namespace
}  // namespace layer::fakedc::test
