// The session's deadlines run on the monotonic clock: the wall clock set an
// hour forward or back neither fires nor stalls a request's timeout or the ack
// delay. Timeouts are kept in order: next_deadline is the earliest, on_timeout
// fails exactly the expired requests, and a request that ends any other way
// leaves no wake-up behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "scripted_server.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;
using namespace std::chrono_literals;

class Deadlines : public ClientScript {
 protected:
  // Both clocks, which count differently from the start: the monotonic one
  // is nowhere near the wall clock's count.
  Now now() const { return {now_, mono_}; }
  // Time passes: both clocks move.
  void pass(std::chrono::milliseconds d) {
    now_ += d;
    mono_ += d;
  }
  // Someone sets the wall clock: no time passes.
  void set_wall(std::chrono::milliseconds by) { now_ += by; }

  RequestId enqueue(std::int32_t n, std::chrono::milliseconds timeout) {
    CallOptions options;
    options.timeout = timeout;
    return client_.enqueue(ping_request(n), options);
  }
  std::vector<SentMessage> sent_now() {
    std::vector<SentMessage> out;
    while (auto p = client_.take_output(now())) {
      auto messages = server_.open(*p, now_);
      out.insert(out.end(), messages.begin(), messages.end());
    }
    return out;
  }
  void deliver_now(const Bytes& body, bool content_related = true) {
    auto p = server_.packet({body}, now_, content_related);
    EXPECT_FALSE(client_.on_received(p.bytes, now()));
  }
  std::vector<RequestId> timed_out() {
    std::vector<RequestId> out;
    for (const auto& e : events()) {
      const auto* f = std::get_if<RequestFailedEvent>(&e);
      if (f && f->error == mtproto_errc::request_timeout) out.push_back(f->request);
    }
    return out;
  }

  const Instant mono_start_ = Instant{} + 5h;
  Instant mono_ = mono_start_;
};

TEST_F(Deadlines, WallClockSetAnHourForwardFiresNeitherTimeoutNorAckEarly) {
  const RequestId id = enqueue(1, 5s);
  ASSERT_EQ(sent_now().size(), 1u);
  deliver_now(tl::serialize(types::UpdatesTooLong{}));
  ASSERT_EQ(client_.pending_acks(), 1u);
  events();

  set_wall(1h);
  pass(100ms);
  client_.on_timeout(now());
  EXPECT_TRUE(sent_now().empty()) << "the ack waits for its delay";
  EXPECT_TRUE(events().empty());
  EXPECT_TRUE(client_.is_pending(id));
  EXPECT_EQ(client_.next_deadline(), mono_start_ + 500ms);

  pass(400ms);
  EXPECT_EQ(with(sent_now(), types::MsgsAck::ID).size(), 1u);
  EXPECT_EQ(client_.next_deadline(), mono_start_ + 5s);
  pass(4400ms);
  client_.on_timeout(now());
  EXPECT_TRUE(client_.is_pending(id));
  pass(100ms);
  client_.on_timeout(now());
  EXPECT_EQ(timed_out(), std::vector<RequestId>{id});
}

TEST_F(Deadlines, WallClockSetAnHourBackStallsNeitherTimeoutNorAck) {
  const RequestId id = enqueue(1, 5s);
  ASSERT_EQ(sent_now().size(), 1u);
  deliver_now(tl::serialize(types::UpdatesTooLong{}));
  events();

  set_wall(-1h);
  pass(500ms);
  EXPECT_EQ(with(sent_now(), types::MsgsAck::ID).size(), 1u) << "the ack goes after its delay";
  pass(4500ms);
  EXPECT_EQ(client_.next_deadline(), mono_start_ + 5s);
  client_.on_timeout(now());
  EXPECT_EQ(timed_out(), std::vector<RequestId>{id});
  EXPECT_FALSE(client_.next_deadline());
}

TEST_F(Deadlines, ManyTimeoutsFireInOrderEachOnce) {
  // Timeouts of 1 to 100 s, enqueued out of order.
  std::map<RequestId, std::chrono::seconds> timeout_of;
  for (int i = 0; i < 100; ++i) {
    const std::chrono::seconds timeout((i * 37) % 100 + 1);
    timeout_of.emplace(enqueue(i, timeout), timeout);
  }
  ASSERT_EQ(sent_now().size(), 100u);
  EXPECT_EQ(client_.next_deadline(), mono_start_ + 1s);

  pass(30s);
  client_.on_timeout(now());
  auto fired = timed_out();
  std::sort(fired.begin(), fired.end());
  std::vector<RequestId> expired;
  for (const auto& [id, timeout] : timeout_of) {
    if (timeout <= 30s) expired.push_back(id);
  }
  EXPECT_EQ(fired, expired);
  EXPECT_EQ(client_.pending(), 70u);
  EXPECT_EQ(client_.next_deadline(), mono_start_ + 31s);

  client_.on_timeout(now());
  EXPECT_TRUE(events().empty()) << "an expired request fails once";
  pass(70s);
  client_.on_timeout(now());
  EXPECT_EQ(timed_out().size(), 70u);
  EXPECT_FALSE(client_.next_deadline());
}

TEST_F(Deadlines, RequestsEndedOtherwiseLeaveNoWakeUpBehind) {
  const RequestId cancelled = enqueue(1, 10s);
  const RequestId answered = enqueue(2, 10s);
  const RequestId refused = enqueue(3, 10s);
  const RequestId lost = enqueue(4, 10s);
  const auto out = sent_now();
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(client_.next_deadline(), mono_start_ + 10s);

  EXPECT_TRUE(client_.cancel(cancelled));
  deliver_now(rpc_result_of(out[1].msg_id, tl::serialize(types::Pong{out[1].msg_id, 2})));
  deliver_now(tl::serialize(types::BadMsgNotification{out[2].msg_id, out[2].seq_no, 18}), false);
  // The server lost the session, and with it the last one, which may have run.
  deliver_now(tl::serialize(types::NewSessionCreated{out[3].msg_id + 4, 0x99, kSalt}));
  std::set<RequestId> ended;
  for (const auto& e : events()) {
    std::visit(
        [&](const auto& x) {
          if constexpr (requires { x.request; }) ended.insert(x.request);
        },
        e);
  }
  EXPECT_EQ(ended, (std::set<RequestId>{cancelled, answered, refused, lost}));

  // Only the acks of the server's messages are left to wait for.
  EXPECT_EQ(client_.next_deadline(), mono_start_ + 500ms);
  pass(500ms);
  EXPECT_EQ(with(sent_now(), types::MsgsAck::ID).size(), 1u);
  EXPECT_FALSE(client_.next_deadline());
  pass(1h);
  client_.on_timeout(now());
  EXPECT_TRUE(events().empty());
}

TEST_F(Deadlines, TheNextSaltIsWaitedForOnTheMonotonicClock) {
  const auto t = static_cast<std::int32_t>(kNow);
  deliver_now(tl::serialize(types::FutureSalts{0, t, {types::FutureSalt{t + 40, t + 3600, kSalt + 2}}}),
              false);
  EXPECT_EQ(client_.next_deadline(), mono_start_ + 40s);
  // The salt is due by the server's clock, which the wall clock stands for:
  // set back, the switch is an hour further away.
  set_wall(-1h);
  client_.on_timeout(now());
  EXPECT_EQ(client_.next_deadline(), mono_start_ + 1h + 40s);
  set_wall(1h);
  pass(40s);
  client_.on_timeout(now());
  EXPECT_EQ(client_.session().salt(), kSalt + 2);
  EXPECT_FALSE(client_.next_deadline());
}

TEST_F(Deadlines, AResumedSessionWaitsForItsSaltOnceGivenATime) {
  const auto t = static_cast<std::int32_t>(kNow);
  auto snapshot = client_.snapshot();
  snapshot.future_salts = {{t + 40, t + 3600, kSalt + 2}};
  crypto::DeterministicRng rng(9);
  ClientSession resumed(std::move(snapshot), rng);
  EXPECT_FALSE(resumed.next_deadline()) << "no time given yet to place it by";
  EXPECT_FALSE(resumed.take_output(now()));
  EXPECT_EQ(resumed.next_deadline(), mono_start_ + 40s);
}

}  // namespace
}  // namespace layer::mtproto::test
