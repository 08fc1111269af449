// ServerSession on client messages it cannot read: reported, never
// acknowledged, answered when an answer is due; refused packets leave no trace.
#include "layer/mtproto/server_session.hpp"

#include <gtest/gtest.h>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "server_input.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;

Bytes bad_gzip() {
  Bytes body;
  tl::Writer w(body);
  w.write_u32(ids::gzip_packed);
  w.write_string("not gzip at all");
  return body;
}

TEST_F(ServerInput, BadGzipIsReportedAnsweredAndNotAcked) {
  const std::int64_t id = next_id();
  Bytes p = packet(bad_gzip(), id, 1);
  ASSERT_FALSE(server_.on_received(p, now_));
  EXPECT_FALSE(server_.next_request());
  const auto u = server_.next_undecodable();
  ASSERT_TRUE(u);
  EXPECT_EQ(u->msg_id, id);
  EXPECT_EQ(u->error, mtproto_errc::bad_gzip);
  EXPECT_EQ(u->body, bad_gzip());
  EXPECT_FALSE(server_.next_undecodable());
  const auto out = output();
  EXPECT_TRUE(acked(out).empty());
  ASSERT_EQ(out.size(), 1u);
  const auto result = read_rpc_result(out[0]);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->req_msg_id, id);
  const auto error = tl::deserialize<types::RpcError>(result->result);
  EXPECT_EQ(error.error_code, 400);
  EXPECT_EQ(error.error_message, "INPUT_FETCH_ERROR");
}

TEST_F(ServerInput, GzipBombIsReportedAndNotAcked) {
  ServerSessionOptions o = server_options(kSession);
  o.max_inflated = 1 << 16;
  o.answer_undecodable = false;
  ServerSession server(fixed_key(), kSalt, rng_s_, o);
  const Bytes bomb = write_gzip_packed(Bytes(1 << 20, std::byte{0}));
  const std::int64_t id = next_id();
  Bytes p = packet(bomb, id, 1);
  ASSERT_FALSE(server.on_received(p, now_));
  const auto u = server.next_undecodable();
  ASSERT_TRUE(u);
  EXPECT_EQ(u->error, mtproto_errc::gzip_bomb);
  EXPECT_FALSE(server.take_output(now_));
}

TEST_F(ServerInput, UnreadableAckIsReported) {
  const Bytes truncated = hex("59b4d66215c4b51c02000000");  // msgs_ack, vector of 2, no ids
  const std::int64_t id = next_id();
  Bytes p = packet(truncated, id, 0);
  ASSERT_FALSE(server_.on_received(p, now_));
  const auto u = server_.next_undecodable();
  ASSERT_TRUE(u);
  EXPECT_EQ(u->msg_id, id);
  EXPECT_EQ(u->error, mtproto_errc::malformed_message);
  EXPECT_TRUE(server_.take_client_acks().empty());
  EXPECT_TRUE(output().empty());  // not content-related: no answer due
}

TEST_F(ServerInput, ReadableMessagesAroundAnUnreadableOneGoOn) {
  const Bytes call = tl::serialize(tl::functions::GetFutureSalts{1});
  const Bytes unreadable = bad_gzip();
  std::vector<ContainedMessage> items{{next_id(), 1, call}, {next_id(), 3, unreadable}};
  Bytes container;
  write_container(container, items);
  Bytes p = packet(container, next_id(), 4);
  ASSERT_FALSE(server_.on_received(p, now_));
  const auto r = server_.next_request();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, call);
  ASSERT_TRUE(server_.next_undecodable());
  EXPECT_EQ(acked(output()), std::vector<std::int64_t>{items[0].msg_id});
}

TEST_F(ServerInput, RefusedPacketLeavesNoTrace) {
  const std::int64_t id = next_id();
  Bytes refused = packet(hex("dcf8f17302000000"), id, 2);
  EXPECT_EQ(server_.on_received(refused, now_), mtproto_errc::malformed_message);
  Bytes good = packet(tl::serialize(tl::functions::GetFutureSalts{1}), id, 1);
  EXPECT_FALSE(server_.on_received(good, now_));
  EXPECT_TRUE(server_.next_request());
  Bytes replay = packet(tl::serialize(tl::functions::GetFutureSalts{1}), id, 1);
  EXPECT_EQ(server_.on_received(replay, now_), mtproto_errc::msg_id_replayed);
}

}  // namespace
}  // namespace layer::mtproto::test
