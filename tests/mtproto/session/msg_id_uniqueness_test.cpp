// msg_ids stay unique for a session's whole life, whatever time corrections
// arrive and in whatever order, and every request gets its own answer: the
// hostile sequences that once made two requests share one msg_id.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "layer/mtproto/errors.hpp"
#include "wired.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;

TEST(MessageIdGenerator, TwoLoweringsInOneSecondNeverRepeatAnId) {
  MessageIdGenerator ids(Side::client, 60);
  std::set<std::int64_t> issued{ids.next(at(kNow)), ids.next(at(kNow))};
  ids.set_time_offset(0);
  ids.forget_ids_after(kNow + 30);
  issued.insert(ids.next(at(kNow)));
  // The same correction again, in the same second, with an id issued in between.
  ids.forget_ids_after(kNow + 30);
  issued.insert(ids.next(at(kNow)));
  EXPECT_EQ(issued.size(), 4u);
}

// Found by the stateful session fuzzer: an id skipped on the way back up was
// forgotten, so the next lowering to the same ceiling handed it out again.
TEST(MessageIdGenerator, ThreeLoweringsInOneSecondNeverRepeatAnId) {
  MessageIdGenerator ids(Side::client, 32);
  std::set<std::int64_t> issued{ids.next(at(kNow))};
  ids.set_time_offset(0);
  for (int i = 0; i < 4; ++i) {
    ids.forget_ids_after(kNow + 30);
    const auto id = ids.next(at(kNow));
    EXPECT_TRUE(issued.insert(id).second) << "msg_id " << id << " handed out twice";
  }
}

TEST(MessageIdGenerator, IdsGivenUpAreSkippedOnTheWayBackUp) {
  MessageIdGenerator ids(Side::client, 1);
  std::set<std::int64_t> issued;
  // Ids every few ticks of one second, then a correction back to its start.
  for (int i = 0; i < 50; ++i) issued.insert(ids.next(at(kNow, i * 4)));
  ids.forget_ids_after(kNow);
  for (int i = 0; i < 200; ++i) {
    const auto id = ids.next(at(kNow - 1, 0));
    EXPECT_TRUE(issued.insert(id).second) << "msg_id " << id << " handed out twice";
  }
}

TEST(MessageIdGenerator, NoCorrectionGoesBelowThePeersKnownClock) {
  MessageIdGenerator ids(Side::client, 0);
  ids.observe_peer((kNow << 32) | 1);
  const auto before = ids.next(at(kNow + 10));
  // A correction claiming the server is 100 s behind its own last message.
  ids.forget_ids_after(kNow - 100);
  EXPECT_GT(ids.next(at(kNow)), before);
}

TEST(MessageIdGenerator, OnlyIdsAheadOfThePeerAreRemembered) {
  MessageIdGenerator ids(Side::client, 0);
  ids.observe_peer((kNow << 32) | 1);
  for (int i = 0; i < 1000; ++i) ids.next(at(kNow));
  EXPECT_EQ(ids.remembered(), 0u);
}

// Past the memory bound an id is issued without being remembered; once the
// peer's clock passes the remembered ones, a lowering must still stop above it.
TEST(MessageIdGenerator, AnIdIssuedPastTheMemoryBoundIsNeverHandedOutAgain) {
  MessageIdGenerator ids(Side::client, 0);
  ids.observe_peer((kNow << 32) | 1);
  for (std::size_t i = 0; i < MessageIdGenerator::kMaxRemembered; ++i) ids.next(at(kNow + 100));
  ASSERT_EQ(ids.remembered(), MessageIdGenerator::kMaxRemembered);
  const auto unremembered = ids.next(at(kNow + 200));
  EXPECT_EQ(ids.remembered(), MessageIdGenerator::kMaxRemembered);
  ids.observe_peer(((kNow + 120) << 32) | 1);
  ASSERT_EQ(ids.remembered(), 0u);
  ids.forget_ids_after(kNow);
  EXPECT_GT(ids.next(at(kNow + 200)), unremembered);
}

// Defect found by a hostile probe: the client's clock 60 s ahead, two requests
// in flight, their two bad_msg_notification 17 in separate packets in the same
// second, the client sending in between. Both resends once took one msg_id and
// the first request's answer went to the second.
class WiredClockMinuteAhead : public Wired {
 protected:
  WiredClockMinuteAhead() : Wired(kSalt, 60) {
    // Each answer names its request: GetFutureSalts{n} gets Pong{n, n}.
    handler_ = [this](const IncomingRequest& r) {
      server_.reply(r.msg_id, result_body(tl::deserialize<tl::functions::GetFutureSalts>(r.body).num));
    };
  }
  // One client packet to the server; the server's output, packet by packet.
  std::vector<Bytes> serve(Bytes packet) {
    EXPECT_FALSE(server_.on_received(packet, now_));
    while (auto r = server_.next_request()) handler_(*r);
    std::vector<Bytes> out;
    while (auto p = server_.take_output(now_)) out.push_back(std::move(*p));
    return out;
  }
};

TEST_F(WiredClockMinuteAhead, TwoCorrectionsInOneSecondKeepEachAnswerWithItsRequest) {
  const RequestId a = client_.enqueue(request_body(1));
  auto first = client_.take_output(now_);
  const RequestId b = client_.enqueue(request_body(2));
  auto second = client_.take_output(now_);
  const auto refused_a = serve(*first);
  const auto refused_b = serve(*second);
  ASSERT_EQ(refused_a.size(), 1u);
  ASSERT_EQ(refused_b.size(), 1u);

  std::set<std::int64_t> ids;
  auto deliver_and_resend = [&](Bytes notification) {
    EXPECT_FALSE(client_.on_received(notification, now_));
    while (auto p = client_.take_output(now_)) {
      for (auto id : msg_ids_in(*p)) EXPECT_TRUE(ids.insert(id).second) << "msg_id " << id << " sent twice";
      for (auto& answer : serve(*p)) EXPECT_FALSE(client_.on_received(answer, now_));
    }
  };
  deliver_and_resend(refused_a[0]);
  deliver_and_resend(refused_b[0]);
  pump();

  std::map<RequestId, Bytes> answers;
  for (auto& e : events()) {
    ASSERT_TRUE(std::holds_alternative<RpcResultEvent>(e));
    const auto& r = std::get<RpcResultEvent>(e);
    EXPECT_TRUE(answers.emplace(r.request, r.body).second) << "request " << r.request << " answered twice";
  }
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[a], result_body(1));
  EXPECT_EQ(answers[b], result_body(2));
  EXPECT_EQ(client_.session().time_offset(), 0);
}

// The same through the sessions: the server refuses each resend of one request
// with a time correction, all from one second of its clock.
TEST_F(WiredClockMinuteAhead, CorrectionsOfEachResendInOneSecondNeverRepeatAnId) {
  client_.enqueue(request_body(1));
  std::set<std::int64_t> ids;
  for (const std::int32_t code : {17, 16, 16, 16}) {
    auto packet = client_.take_output(now_);
    ASSERT_TRUE(packet);
    const auto sent = msg_ids_in(*packet);
    for (auto id : sent) EXPECT_TRUE(ids.insert(id).second) << "msg_id " << id << " sent twice";
    server_.send_bad_msg_notification(sent.back(), 1, code);
    auto notification = server_.take_output(now_);
    ASSERT_TRUE(notification);
    EXPECT_FALSE(client_.on_received(*notification, now_));
  }
  auto last = client_.take_output(now_);
  ASSERT_TRUE(last);
  for (auto id : msg_ids_in(*last)) EXPECT_TRUE(ids.insert(id).second) << "msg_id " << id << " sent twice";
}

}  // namespace
}  // namespace layer::mtproto::test
