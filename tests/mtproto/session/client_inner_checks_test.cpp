// ClientSession checks the messages inside a server container as it checks
// the packet: parity, time and the container's own rules; and it reads the
// server's clock only from the checked id of the packet, clamped so that the
// ids it makes stay positive.
#include <gtest/gtest.h>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "scripted_server.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;

const Bytes kUpdate = tl::serialize(types::UpdatesTooLong{});

class ClientInnerChecks : public ClientScript {
 protected:
  // A server packet of id `outer` holding these messages in a container.
  Bytes container(const std::vector<ContainedMessage>& items, std::int64_t outer) {
    Bytes body;
    write_container(body, items);
    return server_.packet_with_id(body, outer, 0);
  }
};

TEST_F(ClientInnerChecks, InnerIdOfClientParityRefusesThePacket) {
  const std::int64_t inner = server_.next_id(now_) & ~std::int64_t{3};
  Bytes p = container({{inner, 2, kUpdate}}, server_.next_id(now_));
  EXPECT_EQ(client_.on_received(p, now_), mtproto_errc::bad_msg_id_parity);
  EXPECT_TRUE(events().empty());
}

TEST_F(ClientInnerChecks, StaleInnerIdInAFreshContainerRefusesThePacket) {
  Bytes p = container({{(std::int64_t{1} << 32) | 1, 2, kUpdate}}, server_.next_id(now_));
  EXPECT_EQ(client_.on_received(p, now_), mtproto_errc::msg_id_too_old);
  EXPECT_TRUE(events().empty());
}

TEST_F(ClientInnerChecks, InnerIdAboveTheContainersRefusesThePacket) {
  const std::int64_t outer = server_.next_id(now_);
  Bytes p = container({{server_.next_id(now_), 2, kUpdate}}, outer);
  EXPECT_EQ(client_.on_received(p, now_), mtproto_errc::invalid_container);
  EXPECT_TRUE(events().empty());
}

TEST_F(ClientInnerChecks, SameInnerIdTwiceRefusesThePacket) {
  const std::int64_t inner = server_.next_id(now_);
  Bytes p = container({{inner, 2, kUpdate}, {inner, 2, kUpdate}}, server_.next_id(now_));
  EXPECT_EQ(client_.on_received(p, now_), mtproto_errc::invalid_container);
  EXPECT_TRUE(events().empty());
}

// The notification's own inner id claims the year 2038; the packet's id,
// which passed its checks, says the server is 100 s ahead.
TEST_F(ClientInnerChecks, TimeCorrectionComesFromThePacketNotTheInnerId) {
  const auto r = send(tl::serialize(tl::functions::PingDelayDisconnect{1, 75}));
  const std::int64_t bogus = (std::int64_t{0x7fffffff} << 32) | 1;
  const Bytes note = tl::serialize(types::BadMsgNotification{r.msg_id, r.seq_no, 16});
  const std::int64_t outer = ((kNow + 100) << 32) | 1;
  // Inner ids must be below the container's: the bogus one goes alone.
  Bytes p = server_.packet_with_id(note, outer, 0);
  ASSERT_FALSE(client_.on_received(p, now_));
  EXPECT_EQ(client_.session().time_offset(), 100);
  Bytes q = container({{bogus - 4, 0, note}}, bogus);
  client_.on_received(q, now_);
  EXPECT_LE(client_.session().time_offset(), std::numeric_limits<std::int32_t>::max());
  for (const auto& m : sent()) EXPECT_GT(m.msg_id, 0);
}

// A server whose clock jumped 255 s ahead still takes our ids (they are
// within its 300 s) and says nothing about time: its packet, authentic and
// from the future, is the only word of the jump.
TEST_F(ClientInnerChecks, AnAuthenticPacketFromAheadMovesTheClockForward) {
  const std::int64_t outer = ((kNow + 255) << 32) | 1;
  Bytes p = server_.packet_with_id(kUpdate, outer, 0);
  ASSERT_FALSE(client_.on_received(p, now_));
  EXPECT_EQ(client_.session().time_offset(), 255);
  EXPECT_EQ(events().size(), 1u) << "the update it carried is delivered";
  const auto r = send(tl::serialize(tl::functions::PingDelayDisconnect{1, 75}));
  EXPECT_GE(r.msg_id >> 32, kNow + 255) << "our ids follow the server's clock";
}

TEST_F(ClientInnerChecks, APacketFromThePastIsStillRefused) {
  Bytes p = server_.packet_with_id(kUpdate, ((kNow - 400) << 32) | 1, 0);
  EXPECT_EQ(client_.on_received(p, now_), mtproto_errc::msg_id_too_old);
  EXPECT_EQ(client_.session().time_offset(), 0);
  EXPECT_TRUE(events().empty());
}

TEST(TimeOffsets, AreClampedSoIdsStayPositive) {
  const std::int64_t year_2038 = (std::int64_t{0x7fffffff} << 32) | 1;
  const std::int32_t offset = time_offset_from(year_2038, at(0));
  EXPECT_EQ(offset, 0x7fffffff);
  MessageIdGenerator ids(Side::client, offset);
  EXPECT_GT(ids.next(at(1'700'000'000)), 0);
  EXPECT_EQ(time_offset_from(std::int64_t{-1} << 40, at(1'700'000'000)), -1'700'000'000);
}

}  // namespace
}  // namespace layer::mtproto::test
