// Message states both ways (msgs_state_req, msgs_state_info, msgs_all_info)
// and msg_detailed_info / msg_new_detailed_info.
#include <gtest/gtest.h>

#include <algorithm>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "scripted_server.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;

std::string states(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

using MessageStates = ClientScript;

TEST_F(MessageStates, StateRequestIsAnswered) {
  const auto ids = deliver({tl::serialize(types::UpdatesTooLong{}), tl::serialize(types::UpdatesTooLong{})});
  now_ += std::chrono::seconds(1);
  ASSERT_EQ(sent().size(), 1u);  // the acks
  const auto pending = deliver(tl::serialize(types::UpdatesTooLong{}));
  const std::vector<std::int64_t> asked{ids[0], ids[1], ids[0] + 2, pending, pending + 400};
  const auto query = deliver(tl::serialize(types::MsgsStateReq{asked}));
  const auto out = with(sent(), types::MsgsStateInfo::ID);
  ASSERT_EQ(out.size(), 1u);
  const auto info = tl::deserialize<types::MsgsStateInfo>(out[0].body);
  EXPECT_EQ(info.req_msg_id, query);
  // received and acked ×2, not received, received (ack waiting), too high.
  EXPECT_EQ(info.info, states({12, 12, 2, 4, 3}));
  EXPECT_EQ(out[0].seq_no % 2, 1);
}

TEST_F(MessageStates, StateOfIdsBelowAFullWindowIsUnknown) {
  ClientSessionOptions o;
  o.seen_window = 2;
  ClientSession client(fixed_key(), kSalt, 0, rng_, o);
  ScriptedServer server(client, kSalt);
  auto first = server.packet({tl::serialize(types::UpdatesTooLong{})}, now_);
  auto rest =
      server.packet({tl::serialize(types::UpdatesTooLong{}), tl::serialize(types::UpdatesTooLong{})}, now_);
  auto query =
      server.packet({tl::serialize(types::MsgsStateReq{{first.msg_ids[0], first.msg_ids[0] - 4}})}, now_);
  ASSERT_FALSE(client.on_received(first.bytes, now_));
  ASSERT_FALSE(client.on_received(rest.bytes, now_));
  ASSERT_FALSE(client.on_received(query.bytes, now_));
  std::vector<SentMessage> out;
  while (auto p = client.take_output(now_)) {
    for (auto& m : server.open(*p, now_)) out.push_back(m);
  }
  const auto info = with(out, types::MsgsStateInfo::ID);
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(tl::deserialize<types::MsgsStateInfo>(info[0].body).info, states({1, 1}));
}

TEST_F(MessageStates, AllInfoAcksAndResends) {
  const auto received = send(ping_request(1));
  const auto lost = send(ping_request(2));
  const auto forgotten = send(ping_request(3));
  deliver(
      tl::serialize(types::MsgsAllInfo{{received.msg_id, lost.msg_id, forgotten.msg_id}, states({4, 2, 1})}));
  EXPECT_TRUE(client_.is_acked(received.id));
  const auto out = sent();
  std::size_t resent = 0;
  for (const auto& m : out) {
    EXPECT_NE(m.body, ping_request(1));
    EXPECT_NE(m.body, ping_request(3));
    resent += m.body == ping_request(2);
  }
  EXPECT_EQ(resent, 1u);
  // Forgotten by the server, it may have run: not sent again, the owner decides.
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RequestFailedEvent>(ev[0]).request, forgotten.id);
  EXPECT_EQ(std::get<RequestFailedEvent>(ev[0]).error, mtproto_errc::outcome_unknown);
}

TEST_F(MessageStates, ForgottenIdempotentRequestGoesAgain) {
  CallOptions idempotent;
  idempotent.idempotent = true;
  const RequestId id = client_.enqueue(ping_request(1), idempotent);
  const auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  deliver(tl::serialize(types::MsgsAllInfo{{out[0].msg_id}, states({1})}));
  const auto again = sent();
  EXPECT_EQ(
      std::count_if(again.begin(), again.end(), [](const auto& m) { return m.body == ping_request(1); }), 1);
  EXPECT_TRUE(client_.is_pending(id));
  EXPECT_TRUE(events().empty());
}

TEST_F(MessageStates, AllInfoWithMismatchedLengthsIsReported) {
  const Bytes body = tl::serialize(types::MsgsAllInfo{{1, 2}, states({4})});
  const auto id = deliver(body);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<UndecodedMessageEvent>(ev[0]).msg_id, id);
  EXPECT_EQ(std::get<UndecodedMessageEvent>(ev[0]).error, mtproto_errc::malformed_message);
}

TEST_F(MessageStates, OwnStateQueryResendsWhatTheServerLacks) {
  const auto r = send(ping_request(1));
  client_.request_state();
  const auto query = with(sent(), types::MsgsStateReq::ID);
  ASSERT_EQ(query.size(), 1u);
  EXPECT_EQ(tl::deserialize<types::MsgsStateReq>(query[0].body).msg_ids, std::vector<std::int64_t>{r.msg_id});
  const Bytes answer = tl::serialize(types::MsgsStateInfo{query[0].msg_id, states({3})});
  deliver(answer);
  const auto out = sent();
  ASSERT_EQ(with(out, constructor_of(ping_request(1))).size(), 1u);
  // Answered once; the same answer again refers to a query no longer open.
  deliver(answer);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<UnmatchedMessageEvent>(ev[0]).refers_to, query[0].msg_id);
}

TEST_F(MessageStates, NoStateQueryWhenEverythingIsAcked) {
  const auto r = send(ping_request(1));
  deliver(tl::serialize(types::MsgsAck{{r.msg_id}}), false);
  client_.request_state();
  EXPECT_TRUE(sent().empty());
}

TEST_F(MessageStates, DetailedInfoForAnUnseenAnswerAsksForIt) {
  const auto r = send(ping_request(1));
  const std::int64_t answer = server_.next_id(now_);
  deliver(tl::serialize(types::MsgDetailedInfo{r.msg_id, answer, 120, 0}), false);
  EXPECT_TRUE(client_.is_acked(r.id));
  const auto out = with(sent(), types::MsgResendReq::ID);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(tl::deserialize<types::MsgResendReq>(out[0].body).msg_ids, std::vector<std::int64_t>{answer});
}

TEST_F(MessageStates, NewDetailedInfoForASeenAnswerIsAcked) {
  const auto update = deliver(tl::serialize(types::UpdatesTooLong{}));
  now_ += std::chrono::seconds(1);
  ASSERT_EQ(sent().size(), 1u);
  deliver(tl::serialize(types::MsgNewDetailedInfo{update, 8, 0}), false);
  now_ += std::chrono::seconds(1);
  const auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(tl::deserialize<types::MsgsAck>(out[0].body).msg_ids, std::vector<std::int64_t>{update});
  EXPECT_EQ(events().size(), 1u);  // the update alone
}

}  // namespace
}  // namespace layer::mtproto::test
