// The client's pure pieces, without a server: backoff, flood gates, and what
// an rpc_error says to do.
#include <gtest/gtest.h>

#include "backoff.hpp"
#include "flood.hpp"
#include "layer/crypto/rng.hpp"
#include "rpc_errors.hpp"

namespace layer::client::detail {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, DoublesUpToTheCapWithAtMostHalfAdded) {
  crypto::DeterministicRng rng(7);
  Backoff backoff(500ms, 30s);
  std::chrono::milliseconds base = 500ms;
  for (int i = 0; i < 12; ++i) {
    const auto d = backoff.next(rng);
    EXPECT_GE(d, base) << "attempt " << i;
    EXPECT_LE(d, base + base / 2) << "attempt " << i;
    base = std::min(base * 2, std::chrono::milliseconds(30s));
  }
  backoff.reset();
  EXPECT_LE(backoff.next(rng), 750ms) << "a connection that worked starts the delays over";
}

TEST(Backoff, JitterSpreadsClientsApart) {
  crypto::DeterministicRng a(1), b(2);
  Backoff x(10s, 10s), y(10s, 10s);
  int same = 0;
  for (int i = 0; i < 20; ++i) same += x.next(a) == y.next(b);
  EXPECT_LT(same, 3);
}

TEST(FloodGates, CloseOneMethodOnOneDcUntilTheirTime) {
  FloodGates gates;
  const mtproto::Instant t0{std::chrono::seconds(1'000'000)};
  gates.close(2, 0x1111, t0 + 30s);
  EXPECT_EQ(gates.closed_until(2, 0x1111, t0), t0 + 30s);
  EXPECT_FALSE(gates.closed_until(2, 0x2222, t0)) << "another method";
  EXPECT_FALSE(gates.closed_until(4, 0x1111, t0)) << "another DC";
  gates.close(2, 0x1111, t0 + 10s);
  EXPECT_EQ(gates.closed_until(2, 0x1111, t0), t0 + 30s) << "a shorter wait never opens it early";
  EXPECT_FALSE(gates.closed_until(2, 0x1111, t0 + 30s));
  EXPECT_EQ(gates.size(), 0u) << "an open gate is forgotten";
}

TEST(RpcErrors, FloodWaitsAndTheirKin) {
  EXPECT_EQ(flood_wait_of(mtproto::parse_rpc_error(420, "FLOOD_WAIT_17")), 17s);
  EXPECT_EQ(flood_wait_of(mtproto::parse_rpc_error(420, "FLOOD_PREMIUM_WAIT_3")), 3s);
  EXPECT_EQ(flood_wait_of(mtproto::parse_rpc_error(420, "SLOWMODE_WAIT_60")), 60s);
  EXPECT_FALSE(flood_wait_of(mtproto::parse_rpc_error(400, "FLOOD_WAIT_17"))) << "only code 420";
  EXPECT_FALSE(flood_wait_of(mtproto::parse_rpc_error(420, "FLOOD_WAIT"))) << "no number";
  EXPECT_FALSE(flood_wait_of(mtproto::parse_rpc_error(420, "PEER_FLOOD")));
}

TEST(RpcErrors, MigrationsSayWhereAndWhetherHomeMoves) {
  const auto phone = migration_of(mtproto::parse_rpc_error(303, "PHONE_MIGRATE_4"));
  ASSERT_TRUE(phone);
  EXPECT_TRUE(phone->moves_home);
  EXPECT_EQ(phone->dc_id, 4);
  EXPECT_TRUE(migration_of(mtproto::parse_rpc_error(303, "USER_MIGRATE_2"))->moves_home);
  EXPECT_TRUE(migration_of(mtproto::parse_rpc_error(303, "NETWORK_MIGRATE_1"))->moves_home);
  EXPECT_FALSE(migration_of(mtproto::parse_rpc_error(303, "FILE_MIGRATE_5"))->moves_home);
  EXPECT_FALSE(migration_of(mtproto::parse_rpc_error(303, "STATS_MIGRATE_5"))->moves_home);
  EXPECT_FALSE(migration_of(mtproto::parse_rpc_error(400, "PHONE_MIGRATE_4"))) << "only code 303";
  EXPECT_FALSE(migration_of(mtproto::parse_rpc_error(303, "PHONE_MIGRATE_0"))) << "no DC 0";
  EXPECT_FALSE(migration_of(mtproto::parse_rpc_error(303, "PHONE_MIGRATE_99999999"))) << "no such DC";
  EXPECT_FALSE(migration_of(mtproto::parse_rpc_error(303, "SOMETHING_MIGRATE_2")));
}

}  // namespace
}  // namespace layer::client::detail
