// One packet cannot make either end inflate more than its per-packet budget,
// however many gzip_packed messages its container holds; and a flood of acks
// is not kept without bound. The probe that found it: one 1 MiB packet of
// gzip_packed msgs_ack made the server inflate and keep 1 GiB.
#include <gtest/gtest.h>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/types/root.hpp"
#include "scripted_server.hpp"
#include "server_input.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;

// msgs_ack of as many ids as fit in `inflated` bytes, gzip_packed: a few KiB.
Bytes packed_acks(std::size_t inflated) {
  return write_gzip_packed(tl::serialize(types::MsgsAck{std::vector<std::int64_t>((inflated - 8) / 8, 4)}));
}

TEST_F(ServerInput, APacketOfGzipPackedAcksInflatesOnlyItsBudget) {
  const Bytes bomb = packed_acks(kDefaultMaxInflated - 64);
  std::vector<ContainedMessage> items;
  for (int i = 0; i < 40; ++i) items.push_back({next_id(), 2 * i, bomb});
  Bytes container;
  write_container(container, items);
  ASSERT_LT(container.size(), kMaxContainerBytes);
  Bytes p = packet(container, next_id(), 80);
  ASSERT_FALSE(server_.on_received(p, now_));
  int bombs = 0;
  while (auto u = server_.next_undecodable()) bombs += u->error == mtproto_errc::gzip_bomb;
  EXPECT_EQ(bombs, 39);  // the first fills the packet's budget
  EXPECT_EQ(server_.take_client_acks().size(), ServerSessionOptions{}.max_held_acks);
  EXPECT_TRUE(server_.take_client_acks().empty());
}

TEST_F(ServerInput, TheBudgetIsPerPacket) {
  ServerSessionOptions o = server_options(kSession);
  o.max_inflated = 1 << 20;
  o.max_inflated_per_packet = 3 << 20;
  ServerSession server(fixed_key(), kSalt, rng_s_, o);
  const Bytes acks = packed_acks((1 << 20) - 64);
  for (int round = 0; round < 2; ++round) {
    std::vector<ContainedMessage> items;
    for (int i = 0; i < 4; ++i) items.push_back({next_id(), 0, acks});
    Bytes container;
    write_container(container, items);
    Bytes p = packet(container, next_id(), 0);
    ASSERT_FALSE(server.on_received(p, now_));
    int bombs = 0;
    while (auto u = server.next_undecodable()) bombs += u->error == mtproto_errc::gzip_bomb;
    EXPECT_EQ(bombs, 1) << "round " << round;
  }
}

TEST_F(ClientScript, APacketOfGzipPackedMessagesInflatesOnlyItsBudget) {
  const Bytes bomb = packed_acks(kDefaultMaxInflated - 64);
  deliver(std::vector<Bytes>(40, bomb), false);
  int bombs = 0;
  for (const auto& e : events()) {
    if (const auto* u = std::get_if<UndecodedMessageEvent>(&e)) bombs += u->error == mtproto_errc::gzip_bomb;
  }
  EXPECT_EQ(bombs, 39);
}

}  // namespace
}  // namespace layer::mtproto::test
