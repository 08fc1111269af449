// The server's corrections, each fed by hand: bad_msg_notification codes,
// new_session_created, and salts from future_salts.
#include <gtest/gtest.h>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "scripted_server.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;

class Corrections : public ClientScript {
 protected:
  // Sends ping_request(n) and has the server refuse it with code; returns
  // what the client sends in reply.
  std::vector<SentMessage> refuse(const SentRequest& r, std::int32_t code) {
    deliver(tl::serialize(types::BadMsgNotification{r.msg_id, r.seq_no, code}), false);
    return sent();
  }
  // The one message in out with this body (a copy: out is often a temporary).
  static SentMessage only(const std::vector<SentMessage>& out, const Bytes& body) {
    for (const auto& m : out) {
      if (m.body == body) return m;
    }
    ADD_FAILURE() << "not sent";
    return {};
  }
};

TEST_F(Corrections, Code32RaisesSeqNo) {
  const auto r = send(ping_request(1));
  const auto again = only(refuse(r, 32), ping_request(1));
  EXPECT_NE(again.msg_id, r.msg_id);
  EXPECT_EQ(again.seq_no % 2, 1);
  EXPECT_GE(again.seq_no, r.seq_no + 64);
  EXPECT_TRUE(client_.is_pending(r.id));
  EXPECT_TRUE(events().empty());
}

TEST_F(Corrections, Code33LowersSeqNo) {
  send(ping_request(1));
  send(ping_request(2));
  const auto r = send(ping_request(3));
  ASSERT_EQ(r.seq_no, 5);
  const auto again = only(refuse(r, 33), ping_request(3));
  EXPECT_EQ(again.seq_no % 2, 1);
  EXPECT_LT(again.seq_no, r.seq_no);
}

TEST_F(Corrections, Code34And35FlipTheParity) {
  const auto r = send(ping_request(1));
  const auto even = only(refuse(r, 34), ping_request(1));
  EXPECT_EQ(even.seq_no % 2, 0);
  const SentRequest second{r.id, even.msg_id, even.seq_no};
  const auto odd = only(refuse(second, 35), ping_request(1));
  EXPECT_EQ(odd.seq_no % 2, 1);
  EXPECT_TRUE(events().empty());
}

TEST_F(Corrections, Code16And17ResendWithCorrectedClock) {
  const auto r = send(ping_request(1));
  // The notification's id says the server is 100 s ahead.
  const auto late = server_.packet({tl::serialize(types::BadMsgNotification{r.msg_id, r.seq_no, 16})},
                                   now_ + std::chrono::seconds(100), false);
  Bytes bytes = late.bytes;
  ASSERT_FALSE(client_.on_received(bytes, now_));
  EXPECT_EQ(client_.session().time_offset(), 100);
  const auto again = only(sent(), ping_request(1));
  EXPECT_EQ(msg_id_seconds(again.msg_id), kNow + 100);
}

TEST_F(Corrections, Code48WaitsForFutureSalts) {
  const auto r = send(ping_request(1));
  const auto out = refuse(r, 48);
  // Not the request: the salts first.
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(constructor_of(out[0].body), tl::functions::GetFutureSalts::ID);
  EXPECT_TRUE(client_.is_pending(r.id));
  const std::int64_t salt = kSalt + 48;
  const auto t = static_cast<std::int32_t>(kNow);
  deliver(tl::serialize(types::FutureSalts{out[0].msg_id, t, {types::FutureSalt{t - 10, t + 3600, salt}}}),
          false);
  EXPECT_EQ(client_.session().salt(), salt);
  const auto again = only(sent(), ping_request(1));
  EXPECT_EQ(again.salt, salt);
  // The session's own get_future_salts is not reported.
  EXPECT_TRUE(events().empty());
}

TEST_F(Corrections, Code48ResendsAfterBadServerSaltToo) {
  const auto r = send(ping_request(1));
  const auto out = refuse(r, 48);
  ASSERT_EQ(out.size(), 1u);
  deliver(tl::serialize(types::BadServerSalt{out[0].msg_id, out[0].seq_no, 48, kSalt + 3}), false);
  const auto again = sent();
  EXPECT_EQ(only(again, ping_request(1)).salt, kSalt + 3);
  EXPECT_EQ(with(again, tl::functions::GetFutureSalts::ID).size(), 1u);
}

TEST_F(Corrections, FailedSaltRequestIsReportedAndReleasesTheWaiters) {
  const auto r = send(ping_request(1));
  const auto out = refuse(r, 48);
  ASSERT_EQ(out.size(), 1u);
  deliver(tl::serialize(types::BadMsgNotification{out[0].msg_id, out[0].seq_no, 64}), false);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);  // a notice: the owner never made that request
  EXPECT_EQ(std::get<ServiceRequestFailedEvent>(ev[0]).constructor, tl::functions::GetFutureSalts::ID);
  EXPECT_EQ(std::get<ServiceRequestFailedEvent>(ev[0]).error, mtproto_errc::bad_msg_notification);
  EXPECT_EQ(only(sent(), ping_request(1)).salt, kSalt);
}

// Found by the stateful session fuzzer: the rpc_error came out as an outcome
// naming a request the owner never made.
TEST_F(Corrections, SaltRequestAnsweredWithRpcErrorIsANoticeAndReleasesTheWaiters) {
  const auto r = send(ping_request(1));
  const auto out = refuse(r, 48);
  ASSERT_EQ(out.size(), 1u);
  Bytes answer;
  write_rpc_result(answer, out[0].msg_id, tl::serialize(types::RpcError{420, "FLOOD_WAIT_3"}));
  deliver(answer);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  const auto* failed = std::get_if<ServiceRequestFailedEvent>(&ev[0]);
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->error, mtproto_errc::rpc_error_answer);
  EXPECT_TRUE(client_.is_pending(r.id));
  EXPECT_EQ(only(sent(), ping_request(1)).salt, kSalt);
}

TEST_F(Corrections, FatalCodeFailsTheRequest) {
  const auto r = send(ping_request(1));
  EXPECT_TRUE(refuse(r, 64).empty());
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RequestFailedEvent>(ev[0]).bad_msg_code, 64);
}

// What went before the new session's first message may have run in the
// session the server lost: only what is safe to run twice goes again.
TEST_F(Corrections, NewSessionCreatedResendsOnlyIdempotentRequestsThatCameBefore) {
  CallOptions idempotent;
  idempotent.idempotent = true;
  const RequestId read = client_.enqueue(ping_request(1), idempotent);
  const auto first = sent();
  const auto unsafe = send(ping_request(3));
  const auto kept = send(ping_request(2));
  deliver(tl::serialize(types::NewSessionCreated{kept.msg_id, 0x99, kSalt + 7}));
  const auto out = sent();
  const auto again = only(out, ping_request(1));
  EXPECT_NE(again.msg_id, first[0].msg_id);
  EXPECT_EQ(again.salt, kSalt + 7);
  for (const auto& m : out) {
    EXPECT_NE(m.body, ping_request(2));
    EXPECT_NE(m.body, ping_request(3));
  }
  EXPECT_TRUE(client_.is_pending(read));
  EXPECT_TRUE(client_.is_pending(kept.id));
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<RequestFailedEvent>(ev[0]).request, unsafe.id);
  EXPECT_EQ(std::get<RequestFailedEvent>(ev[0]).error, mtproto_errc::outcome_unknown);
  EXPECT_EQ(std::get<SessionResetEvent>(ev[1]).unique_id, 0x99);
}

TEST_F(Corrections, FutureSaltsAreKeptAndUsedWhenDue) {
  const auto t = static_cast<std::int32_t>(kNow);
  const auto r = send(tl::serialize(tl::functions::GetFutureSalts{2}));
  const Bytes answer = tl::serialize(types::FutureSalts{
      r.msg_id,
      t,
      {types::FutureSalt{t - 100, t + 50, kSalt + 1}, types::FutureSalt{t + 40, t + 3600, kSalt + 2}}});
  deliver(answer, false);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).body, answer);
  EXPECT_EQ(client_.session().salt(), kSalt + 1);
  EXPECT_EQ(client_.salts().size(), 1u);
  EXPECT_EQ(client_.next_deadline(), instant_of(now_ + std::chrono::seconds(40)));
  now_ += std::chrono::seconds(39);
  client_.on_timeout(now_);
  EXPECT_EQ(client_.session().salt(), kSalt + 1);
  now_ += std::chrono::seconds(1);
  client_.on_timeout(now_);
  EXPECT_EQ(client_.session().salt(), kSalt + 2);
  EXPECT_EQ(client_.salts().size(), 0u);
}

TEST_F(Corrections, DueSaltFollowsTheServerClock) {
  const auto t = static_cast<std::int32_t>(kNow);
  deliver(tl::serialize(types::FutureSalts{0, t, {types::FutureSalt{t + 60, t + 3600, kSalt + 2}}}), false);
  // The server's clock is 60 s ahead: its bad_msg_notification 16 says so.
  const auto r = send(ping_request(1));
  auto late = server_.packet({tl::serialize(types::BadMsgNotification{r.msg_id, r.seq_no, 16})},
                             now_ + std::chrono::seconds(60), false);
  ASSERT_FALSE(client_.on_received(late.bytes, now_));
  const auto again = sent();
  EXPECT_EQ(client_.session().salt(), kSalt + 2);
  ASSERT_FALSE(again.empty());
  EXPECT_EQ(again[0].salt, kSalt + 2);
}

TEST_F(Corrections, BadServerSaltWinsOverAnUsedSchedule) {
  const auto t = static_cast<std::int32_t>(kNow);
  deliver(tl::serialize(types::FutureSalts{0, t, {types::FutureSalt{t - 1, t + 3600, kSalt + 2}}}), false);
  EXPECT_EQ(client_.session().salt(), kSalt + 2);
  const auto r = send(ping_request(1));
  deliver(tl::serialize(types::BadServerSalt{r.msg_id, r.seq_no, 48, kSalt + 5}), false);
  EXPECT_EQ(only(sent(), ping_request(1)).salt, kSalt + 5);
}

}  // namespace
}  // namespace layer::mtproto::test
