// Messages naming nothing the client waits for are reported, never dropped;
// packets refused by a check leave no trace in the session.
#include <gtest/gtest.h>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "scripted_server.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;

using Unmatched = ClientScript;

const UnmatchedMessageEvent& unmatched_of(const AnyEvent& e) {
  return std::get<UnmatchedMessageEvent>(e);
}

TEST_F(Unmatched, RpcResultForNoRequestIsReported) {
  const Bytes body = rpc_result_of(0x1234, tl::serialize(types::Pong{1, 2}));
  const auto id = deliver(body);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(unmatched_of(ev[0]).msg_id, id);
  EXPECT_EQ(unmatched_of(ev[0]).refers_to, 0x1234);
  EXPECT_EQ(unmatched_of(ev[0]).body, body);
}

TEST_F(Unmatched, SecondAnswerToARequestIsReported) {
  const auto r = send(ping_request(1));
  deliver(rpc_result_of(r.msg_id, tl::serialize(types::Pong{1, 2})));
  deliver(rpc_result_of(r.msg_id, tl::serialize(types::Pong{3, 4})));
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).request, r.id);
  EXPECT_EQ(unmatched_of(ev[1]).refers_to, r.msg_id);
}

TEST_F(Unmatched, PongAndFutureSaltsForNothingAreReported) {
  deliver(tl::serialize(types::Pong{0x44, 9}), false);
  deliver(tl::serialize(types::FutureSalts{0x48, static_cast<std::int32_t>(kNow), {}}), false);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(unmatched_of(ev[0]).refers_to, 0x44);
  EXPECT_EQ(unmatched_of(ev[1]).refers_to, 0x48);
}

TEST_F(Unmatched, DestroySessionResultsFindTheirRequest) {
  const auto r = send(tl::serialize(tl::functions::DestroySession{77}));
  const Bytes ok = tl::serialize(types::DestroySessionOk{77});
  const Bytes none = tl::serialize(types::DestroySessionNone{78});
  deliver(ok);
  deliver(none);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).request, r.id);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).body, ok);
  EXPECT_EQ(unmatched_of(ev[1]).refers_to, 78);
  EXPECT_EQ(unmatched_of(ev[1]).body, none);
  EXPECT_FALSE(client_.is_pending(r.id));
}

TEST_F(Unmatched, DestroySessionNoneAnswersItsRequestToo) {
  const auto r = send(tl::serialize(tl::functions::DestroySession{5}));
  deliver(tl::serialize(types::DestroySessionNone{5}));
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).request, r.id);
}

TEST_F(Unmatched, CorrectionsAboutUnknownMessagesChangeNothing) {
  const auto r = send(ping_request(1));
  const std::int64_t stranger = r.msg_id + 400;
  deliver(tl::serialize(types::BadServerSalt{stranger, 1, 48, kSalt + 9}), false);
  deliver(tl::serialize(types::BadMsgNotification{stranger, 1, 17}), false);
  deliver(tl::serialize(types::BadMsgNotification{stranger, 1, 32}), false);
  deliver(tl::serialize(types::MsgResendReq{{stranger}}));
  EXPECT_EQ(client_.session().salt(), kSalt);
  EXPECT_EQ(client_.session().time_offset(), 0);
  EXPECT_EQ(client_.session().content_count(), 1);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 4u);
  for (const auto& e : ev) EXPECT_EQ(unmatched_of(e).refers_to, stranger);
  // Nothing went out again but the acks.
  for (const auto& m : sent()) EXPECT_EQ(constructor_of(m.body), types::MsgsAck::ID);
  EXPECT_TRUE(client_.is_pending(r.id));
}

// msg_id 0 is the container id of everything sent alone; it names nothing.
TEST_F(Unmatched, CorrectionsAboutMsgIdZeroChangeNothing) {
  const auto r = send(ping_request(1));
  deliver(tl::serialize(types::BadMsgNotification{0, 0, 17}), false);
  deliver(tl::serialize(types::BadServerSalt{0, 0, 48, kSalt + 9}), false);
  EXPECT_EQ(client_.session().salt(), kSalt);
  EXPECT_TRUE(sent().empty());
  EXPECT_EQ(events().size(), 2u);
  EXPECT_TRUE(client_.is_pending(r.id));
}

TEST_F(Unmatched, FatalBadMsgAboutServiceMessagesIsReported) {
  const auto update = deliver(tl::serialize(types::UpdatesTooLong{}));
  now_ += std::chrono::seconds(1);
  const auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(constructor_of(out[0].body), types::MsgsAck::ID);
  deliver(tl::serialize(types::BadMsgNotification{out[0].msg_id, out[0].seq_no, 20}), false);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<UpdatesEvent>(ev[0]).msg_id, update);
  EXPECT_EQ(unmatched_of(ev[1]).refers_to, out[0].msg_id);
}

TEST_F(Unmatched, RefusedAcksGoAgainWithTheNewSalt) {
  const auto update = deliver(tl::serialize(types::UpdatesTooLong{}));
  now_ += std::chrono::seconds(1);
  const auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  deliver(tl::serialize(types::BadServerSalt{out[0].msg_id, out[0].seq_no, 48, kSalt + 1}), false);
  const auto again = sent();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].salt, kSalt + 1);
  EXPECT_EQ(tl::deserialize<types::MsgsAck>(again[0].body).msg_ids, std::vector<std::int64_t>{update});
}

// The time check comes after decryption: a refused packet must not leave its
// msg_id in the replay window, or the same message arriving in time would be
// refused as a replay.
TEST_F(Unmatched, PacketRefusedForTimeLeavesNoTrace) {
  auto p = server_.packet({tl::serialize(types::UpdatesTooLong{})}, now_);
  Bytes copy = p.bytes;
  EXPECT_EQ(client_.on_received(p.bytes, now_ + std::chrono::seconds(301)), mtproto_errc::msg_id_too_old);
  EXPECT_TRUE(events().empty());
  EXPECT_EQ(client_.pending_acks(), 0u);
  EXPECT_FALSE(client_.on_received(copy, now_));
  EXPECT_EQ(events().size(), 1u);
}

TEST_F(Unmatched, PacketRefusedForItsContainerLeavesNoTrace) {
  const std::int64_t id = server_.next_id(now_);
  Bytes bad_container = hex("dcf8f17302000000");  // claims two messages, holds none
  Bytes refused = server_.packet_with_id(bad_container, id, 2);
  EXPECT_EQ(client_.on_received(refused, now_), mtproto_errc::malformed_message);
  Bytes nested;
  const Bytes inner = hex("dcf8f17300000000");
  write_container(nested, std::vector<ContainedMessage>{{id - 4, 1, inner}});
  Bytes refused_again = server_.packet_with_id(nested, id, 2);
  EXPECT_EQ(client_.on_received(refused_again, now_), mtproto_errc::nested_container);
  Bytes good = server_.packet_with_id(tl::serialize(types::UpdatesTooLong{}), id, 1);
  EXPECT_FALSE(client_.on_received(good, now_));
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<UpdatesEvent>(ev[0]).msg_id, id);
}

}  // namespace
}  // namespace layer::mtproto::test
