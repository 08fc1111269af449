// Timeouts are kept in order: next_deadline is the earliest, on_timeout fails
// exactly the expired requests, and a request that ends any other way leaves
// no wake-up behind.
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

Bytes request_body(std::int32_t n) {
  return tl::serialize(tl::functions::PingDelayDisconnect{n, 75});
}
Bytes rpc_result(std::int64_t req_msg_id, const Bytes& object) {
  Bytes out;
  write_rpc_result(out, req_msg_id, object);
  return out;
}

class Deadlines : public ClientScript {
 protected:
  void pass(std::chrono::milliseconds d) { now_ += d; }

  RequestId enqueue(std::int32_t n, std::chrono::milliseconds timeout) {
    CallOptions options;
    options.timeout = timeout;
    return client_.enqueue(request_body(n), options);
  }
  std::vector<RequestId> timed_out() {
    std::vector<RequestId> out;
    for (const auto& e : events()) {
      const auto* f = std::get_if<RequestFailedEvent>(&e);
      if (f && f->error == mtproto_errc::request_timeout) out.push_back(f->request);
    }
    return out;
  }

  const Time start_ = now_;
};

TEST_F(Deadlines, ManyTimeoutsFireInOrderEachOnce) {
  // Timeouts of 1 to 100 s, enqueued out of order.
  std::map<RequestId, std::chrono::seconds> timeout_of;
  for (int i = 0; i < 100; ++i) {
    const std::chrono::seconds timeout((i * 37) % 100 + 1);
    timeout_of.emplace(enqueue(i, timeout), timeout);
  }
  ASSERT_EQ(sent().size(), 100u);
  EXPECT_EQ(client_.next_deadline(), start_ + 1s);

  pass(30s);
  client_.on_timeout(now_);
  auto fired = timed_out();
  std::sort(fired.begin(), fired.end());
  std::vector<RequestId> expired;
  for (const auto& [id, timeout] : timeout_of) {
    if (timeout <= 30s) expired.push_back(id);
  }
  EXPECT_EQ(fired, expired);
  EXPECT_EQ(client_.pending(), 70u);
  EXPECT_EQ(client_.next_deadline(), start_ + 31s);

  client_.on_timeout(now_);
  EXPECT_TRUE(events().empty()) << "an expired request fails once";
  pass(70s);
  client_.on_timeout(now_);
  EXPECT_EQ(timed_out().size(), 70u);
  EXPECT_FALSE(client_.next_deadline());
}

TEST_F(Deadlines, RequestsEndedOtherwiseLeaveNoWakeUpBehind) {
  const RequestId cancelled = enqueue(1, 10s);
  const RequestId answered = enqueue(2, 10s);
  const RequestId refused = enqueue(3, 10s);
  const RequestId lost = enqueue(4, 10s);
  const auto out = sent();
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(client_.next_deadline(), start_ + 10s);

  EXPECT_TRUE(client_.cancel(cancelled));
  deliver(rpc_result(out[1].msg_id, tl::serialize(types::Pong{out[1].msg_id, 2})));
  deliver(tl::serialize(types::BadMsgNotification{out[2].msg_id, out[2].seq_no, 18}), false);
  // The server lost the session, and with it the last one, which may have run.
  deliver(tl::serialize(types::NewSessionCreated{out[3].msg_id + 4, 0x99, kSalt}));
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
  EXPECT_EQ(client_.next_deadline(), start_ + 500ms);
  pass(500ms);
  EXPECT_EQ(with(sent(), types::MsgsAck::ID).size(), 1u);
  EXPECT_FALSE(client_.next_deadline());
  pass(1h);
  client_.on_timeout(now_);
  EXPECT_TRUE(events().empty());
}

}  // namespace
}  // namespace layer::mtproto::test
