// ServerSession checks every message of a packet, inside containers too: the
// container's own rules, msg_id parity, time and replays, and seq_no order and
// kind. Each breach is answered with Telegram's bad_msg_notification code and
// reported; nothing refused is served, nothing is served twice.
#include <gtest/gtest.h>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "server_input.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;

const Bytes kCall = tl::serialize(tl::functions::GetFutureSalts{1});
const Bytes kAck = tl::serialize(types::MsgsAck{{1}});

class ServerChecks : public ServerInput {
 protected:
  // Feeds packet and returns the bad_msg_notification codes sent back, each
  // with the msg_id it names.
  std::vector<std::pair<std::int64_t, std::int32_t>> refusals(Bytes packet) {
    EXPECT_FALSE(server_.on_received(packet, now_));
    std::vector<std::pair<std::int64_t, std::int32_t>> out;
    for (const auto& b : output()) {
      if (constructor_of(b) != types::BadMsgNotification::ID) continue;
      const auto n = tl::deserialize<types::BadMsgNotification>(b);
      out.emplace_back(n.bad_msg_id, n.error_code);
    }
    return out;
  }
  int served() {
    int n = 0;
    while (server_.next_request()) ++n;
    return n;
  }
  using Refusals = std::vector<std::pair<std::int64_t, std::int32_t>>;
};

TEST_F(ServerChecks, SameInnerIdTwiceInOneContainerRefusesTheContainer) {
  const std::int64_t id = next_id();
  const std::int64_t container = next_id();
  EXPECT_EQ(refusals(container_packet({{id, 1, kCall}, {id, 3, kCall}}, container, 4)),
            (Refusals{{container, 64}}));
  EXPECT_EQ(served(), 0);
  const auto r = server_.next_refused();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->msg_id, container);
  EXPECT_EQ(r->code, 64);
}

TEST_F(ServerChecks, InnerIdNotBelowTheContainersRefusesTheContainer) {
  const std::int64_t container = next_id();
  const std::int64_t later = next_id();
  EXPECT_EQ(refusals(container_packet({{later, 1, kCall}}, container, 2)), (Refusals{{container, 64}}));
  EXPECT_EQ(served(), 0);
}

TEST_F(ServerChecks, InnerMessageReplayedInANewContainerIsNotServedAgain) {
  const std::int64_t id = next_id();
  EXPECT_TRUE(refusals(container_packet({{id, 1, kCall}}, next_id(), 2)).empty());
  EXPECT_EQ(served(), 1);
  // The same message again, in a container of its own fresh id.
  Bytes again = container_packet({{id, 1, kCall}}, next_id(), 2);
  ASSERT_FALSE(server_.on_received(again, now_));
  EXPECT_EQ(served(), 0);
  EXPECT_EQ(acked(output()), std::vector<std::int64_t>{id});  // acknowledged once more
  const auto r = server_.next_refused();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->msg_id, id);
  EXPECT_EQ(r->code, 0);
}

TEST_F(ServerChecks, ASingleMessageReplayedInsideAContainerIsNotServedAgain) {
  const std::int64_t id = next_id();
  Bytes single = packet(kCall, id, 1);
  ASSERT_FALSE(server_.on_received(single, now_));
  EXPECT_EQ(served(), 1);
  Bytes again = container_packet({{id, 1, kCall}}, next_id(), 2);
  ASSERT_FALSE(server_.on_received(again, now_));
  EXPECT_EQ(served(), 0);
}

TEST_F(ServerChecks, OddInnerIdGets18) {
  const std::int64_t odd = next_id() | 1;
  EXPECT_EQ(refusals(container_packet({{odd, 1, kCall}}, next_id(), 2)), (Refusals{{odd, 18}}));
  EXPECT_EQ(served(), 0);
}

TEST_F(ServerChecks, InnerIdFrom1970Gets16) {
  const std::int64_t old = std::int64_t{1} << 32;
  const std::int64_t container = next_id();
  EXPECT_EQ(refusals(container_packet({{old, 1, kCall}}, container, 2)), (Refusals{{old, 16}}));
  EXPECT_EQ(served(), 0);
}

TEST_F(ServerChecks, InnerIdBelowTheReplayWindowGets20) {
  ServerSessionOptions o = server_options(kSession);
  o.seen_window = 2;
  ServerSession server(fixed_key(), kSalt, rng_s_, o);
  const std::int64_t early = next_id();
  const std::vector<ContainedMessage> items{{next_id(), 1, kCall}, {next_id(), 3, kCall}};
  Bytes first = container_packet(items, next_id(), 4);
  ASSERT_FALSE(server.on_received(first, now_));
  Bytes late = container_packet({{early, 5, kCall}}, next_id(), 6);
  ASSERT_FALSE(server.on_received(late, now_));
  const auto r = server.next_refused();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->msg_id, early);
  EXPECT_EQ(r->code, 20);
  EXPECT_FALSE(server.next_refused());
}

TEST_F(ServerChecks, FunctionWithEvenSeqNoGets35AndOddAckGets34) {
  const std::int64_t call = next_id();
  const std::int64_t ack = next_id();
  EXPECT_EQ(refusals(container_packet({{call, 2, kCall}, {ack, 3, kAck}}, next_id(), 4)),
            (Refusals{{call, 35}, {ack, 34}}));
  EXPECT_EQ(served(), 0);
  EXPECT_TRUE(server_.take_client_acks().empty());
}

TEST_F(ServerChecks, NegativeSeqNoGets32) {
  const std::int64_t id = next_id();
  EXPECT_EQ(refusals(packet(kCall, id, -1)), (Refusals{{id, 32}}));
  EXPECT_EQ(served(), 0);
}

TEST_F(ServerChecks, SeqNoGoingDownWhileIdsGoUpGets32) {
  ASSERT_TRUE(refusals(packet(kCall, next_id(), 9)).empty());
  const std::int64_t id = next_id();
  EXPECT_EQ(refusals(packet(kCall, id, 7)), (Refusals{{id, 32}}));
  // Two content-related messages cannot share a seq_no either.
  const std::int64_t same = next_id();
  EXPECT_EQ(refusals(packet(kCall, same, 9)), (Refusals{{same, 32}}));
  EXPECT_EQ(served(), 1);
}

TEST_F(ServerChecks, LowerIdWithHigherSeqNoGets33) {
  const std::int64_t low = next_id();
  ASSERT_TRUE(refusals(packet(kCall, next_id(), 5)).empty());
  EXPECT_EQ(refusals(packet(kCall, low, 7)), (Refusals{{low, 33}}));
  EXPECT_EQ(served(), 1);
}

TEST_F(ServerChecks, InOrderTrafficIsServed) {
  std::vector<ContainedMessage> items{{next_id(), 0, kAck}, {next_id(), 1, kCall}, {next_id(), 3, kCall}};
  EXPECT_TRUE(refusals(container_packet(items, next_id(), 4)).empty());
  EXPECT_TRUE(refusals(packet(kCall, next_id(), 5)).empty());
  EXPECT_EQ(served(), 3);
  EXPECT_FALSE(server_.next_refused());
}

// The service calls the session answers itself read outside bytes too: cut
// short, each is reported and answered INPUT_FETCH_ERROR, never served.
TEST_F(ServerChecks, CutShortStateRequestAndDropAnswerAreReported) {
  const Bytes state_req = tl::serialize(types::MsgsStateReq{{1, 2, 3}});
  const Bytes drop = tl::serialize(tl::functions::RpcDropAnswer{5});
  std::int32_t seq_no = 1;
  for (const Bytes& whole : {state_req, drop}) {
    const Bytes cut(whole.begin(), whole.end() - 4);
    const std::int64_t id = next_id();
    Bytes p = packet(cut, id, seq_no);
    seq_no += 2;
    ASSERT_FALSE(server_.on_received(p, now_));
    const auto u = server_.next_undecodable();
    ASSERT_TRUE(u);
    EXPECT_EQ(u->msg_id, id);
    EXPECT_EQ(u->error, mtproto_errc::malformed_message);
    EXPECT_EQ(served(), 0);
    bool answered = false;
    for (const auto& b : output()) {
      const auto r = read_rpc_result(b);
      if (r && r->req_msg_id == id)
        answered = tl::deserialize<types::RpcError>(r->result).error_message == "INPUT_FETCH_ERROR";
    }
    EXPECT_TRUE(answered);
  }
}

}  // namespace
}  // namespace layer::mtproto::test
