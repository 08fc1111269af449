// ClientSession wired to ServerSession in memory.
#include <gtest/gtest.h>

#include "layer/mtproto/errors.hpp"
#include "wired.hpp"

namespace layer::mtproto::test {
namespace {

TEST_F(Wired, RequestsAreAnsweredInOneContainer) {
  answer_all();
  const RequestId a = client_.enqueue(request_body(1));
  const RequestId b = client_.enqueue(request_body(2));
  pump();
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).request, a);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[1]).request, b);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).body, result_body(seen_requests_[0].msg_id & 0xffff));
  ASSERT_EQ(seen_requests_.size(), 2u);
  EXPECT_EQ(seen_requests_[0].body, request_body(1));
  EXPECT_EQ(seen_requests_[0].seq_no, 1);
  EXPECT_EQ(seen_requests_[1].seq_no, 3);
  EXPECT_FALSE(client_.is_pending(a));
}

TEST_F(Wired, RpcErrorIsSplit) {
  handler_ = [this](const IncomingRequest& r) { server_.reply_error(r.msg_id, 420, "FLOOD_WAIT_17"); };
  const RequestId id = client_.enqueue(request_body(1));
  pump();
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  const auto& e = std::get<RpcErrorEvent>(ev[0]);
  EXPECT_EQ(e.request, id);
  EXPECT_EQ(e.error.code, 420);
  EXPECT_EQ(e.error.name, "FLOOD_WAIT");
  EXPECT_EQ(e.error.value, 17);
}

TEST_F(Wired, LargeRequestAndResultTravelGzipped) {
  const Bytes big =
      tl::serialize(tl::types::MsgsAllInfo{std::vector<std::int64_t>(400, 7), std::string(400, 'a')});
  handler_ = [&](const IncomingRequest& r) {
    EXPECT_EQ(r.body, big);
    server_.reply(r.msg_id, big);
  };
  client_.enqueue(big);
  pump();
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).body, big);
}

TEST_F(Wired, PingIsAnsweredByPong) {
  const RequestId id = client_.enqueue(tl::serialize(tl::functions::Ping{0x77}));
  pump();
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  const auto& r = std::get<RpcResultEvent>(ev[0]);
  EXPECT_EQ(r.request, id);
  const auto pong = tl::deserialize<tl::types::Pong>(r.body);
  EXPECT_EQ(pong.ping_id, 0x77);
  EXPECT_TRUE(seen_requests_.empty());
}

TEST_F(Wired, AcksAreBatched) {
  for (int i = 0; i < 3; ++i) server_.push_update(tl::serialize(tl::types::UpdatesTooLong{}));
  while (auto p = server_.take_output(now_)) ASSERT_FALSE(client_.on_received(*p, now_));
  EXPECT_EQ(events().size(), 3u);
  EXPECT_EQ(client_.pending_acks(), 3u);
  EXPECT_FALSE(client_.take_output(now_));
  ASSERT_EQ(client_.next_deadline(), instant_of(now_ + std::chrono::milliseconds(500)));
  now_ += std::chrono::milliseconds(500);
  client_.on_timeout(now_);
  auto p = client_.take_output(now_);
  ASSERT_TRUE(p);
  EXPECT_FALSE(client_.take_output(now_));
  EXPECT_FALSE(server_.on_received(*p, now_));
  EXPECT_EQ(server_.take_client_acks().size(), 3u);
  EXPECT_FALSE(server_.next_request());
}

TEST_F(Wired, AcksRideWithTheNextRequestAndRequestsGetAcked) {
  server_.push_update(tl::serialize(tl::types::UpdatesTooLong{}));
  auto update = server_.take_output(now_);
  ASSERT_FALSE(client_.on_received(*update, now_));
  const RequestId id = client_.enqueue(request_body(1));
  pump();
  EXPECT_EQ(client_packets_, 1);
  EXPECT_EQ(server_.take_client_acks().size(), 1u);
  EXPECT_TRUE(client_.is_acked(id));
  ASSERT_EQ(seen_requests_.size(), 1u);
}

class WiredBadSalt : public Wired {
 protected:
  WiredBadSalt() : Wired(kSalt + 1) {}
};

TEST_F(WiredBadSalt, ResendsWithNewSalt) {
  answer_all();
  const RequestId id = client_.enqueue(request_body(1));
  pump();
  EXPECT_EQ(client_.session().salt(), kSalt);
  EXPECT_EQ(seen_requests_.size(), 1u);
  EXPECT_EQ(client_packets_, 2);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).request, id);
}

class WiredClockBehind : public Wired {
 protected:
  WiredClockBehind() : Wired(kSalt, -400) {}
};

TEST_F(WiredClockBehind, BadMsg16FixesTimeAndResends) {
  answer_all();
  client_.enqueue(request_body(1));
  pump();
  EXPECT_EQ(client_.session().time_offset(), 0);
  EXPECT_EQ(seen_requests_.size(), 1u);
  EXPECT_EQ(events().size(), 1u);
}

class WiredClockAhead : public Wired {
 protected:
  WiredClockAhead() : Wired(kSalt, 100) {}
};

TEST_F(WiredClockAhead, BadMsg17FixesTimeAndResends) {
  answer_all();
  client_.enqueue(request_body(1));
  pump();
  EXPECT_EQ(client_.session().time_offset(), 0);
  EXPECT_EQ(seen_requests_.size(), 1u);
  EXPECT_EQ(events().size(), 1u);
}

TEST_F(Wired, ServerPacketOutsideTimeWindowIsDropped) {
  server_.push_update(tl::serialize(tl::types::UpdatesTooLong{}));
  auto p = server_.take_output(now_);
  EXPECT_EQ(client_.on_received(*p, now_ + std::chrono::seconds(301)), mtproto_errc::msg_id_too_old);
  EXPECT_TRUE(events().empty());
}

TEST_F(Wired, FatalBadMsgFailsTheRequest) {
  handler_ = [this](const IncomingRequest& r) { server_.send_bad_msg_notification(r.msg_id, r.seq_no, 18); };
  const RequestId id = client_.enqueue(request_body(1));
  pump();
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  const auto& f = std::get<RequestFailedEvent>(ev[0]);
  EXPECT_EQ(f.request, id);
  EXPECT_EQ(f.error, mtproto_errc::bad_msg_notification);
  EXPECT_EQ(f.bad_msg_code, 18);
}

TEST_F(Wired, NewSessionCreatedIsReported) {
  answer_all();
  server_.set_salt(kSalt + 5);
  server_.send_new_session_created(1, 0x99);
  pump();
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<SessionResetEvent>(ev[0]).unique_id, 0x99);
  EXPECT_EQ(client_.session().salt(), kSalt + 5);
}

TEST_F(Wired, ResendsEverythingUnansweredAfterDisconnect) {
  answer_all();
  const RequestId id = client_.enqueue(request_body(1));
  ASSERT_TRUE(client_.take_output(now_));  // lost with the connection
  client_.on_disconnect();
  pump();
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).request, id);
  EXPECT_EQ(seen_requests_.size(), 1u);
}

TEST_F(Wired, ServerResendRequestIsHonoured) {
  bool first = true;
  handler_ = [&](const IncomingRequest& r) {
    if (first) {
      first = false;
      server_.request_resend({r.msg_id});
      return;
    }
    server_.reply(r.msg_id, result_body(1));
  };
  client_.enqueue(request_body(1));
  pump();
  EXPECT_EQ(seen_requests_.size(), 2u);
  EXPECT_NE(seen_requests_[0].msg_id, seen_requests_[1].msg_id);
  EXPECT_EQ(events().size(), 1u);
}

TEST_F(Wired, UnknownConstructorFailsOnlyItsMessage) {
  server_.push_update(hex("efbeadde01000000"));
  server_.push_update(tl::serialize(tl::types::UpdatesTooLong{}));
  auto p = server_.take_output(now_);
  ASSERT_FALSE(client_.on_received(*p, now_));
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  const auto& bad = std::get<UndecodedMessageEvent>(ev[0]);
  EXPECT_EQ(bad.error, mtproto_errc::unknown_constructor);
  EXPECT_EQ(bad.body, hex("efbeadde01000000"));
  EXPECT_EQ(std::get<UpdatesEvent>(ev[1]).body, tl::serialize(tl::types::UpdatesTooLong{}));
}

TEST_F(Wired, DuplicateMessagesAreProcessedOnce) {
  server_.push_update(tl::serialize(tl::types::UpdatesTooLong{}));
  auto p = server_.take_output(now_);
  Bytes copy = *p;
  ASSERT_FALSE(client_.on_received(*p, now_));
  EXPECT_EQ(client_.on_received(copy, now_), mtproto_errc::msg_id_replayed);
  EXPECT_EQ(events().size(), 1u);
}

TEST_F(Wired, RequestTimesOut) {
  CallOptions options;
  options.timeout = std::chrono::seconds(5);
  const RequestId id = client_.enqueue(request_body(1), options);
  ASSERT_TRUE(client_.take_output(now_));
  EXPECT_EQ(client_.next_deadline(), instant_of(now_ + std::chrono::seconds(5)));
  client_.on_timeout(now_ + std::chrono::seconds(5));
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RequestFailedEvent>(ev[0]).request, id);
  EXPECT_EQ(std::get<RequestFailedEvent>(ev[0]).error, mtproto_errc::request_timeout);
}

class WiredSmallCap : public Wired {
 protected:
  static ClientSessionOptions small() {
    ClientSessionOptions o;
    o.max_inflated = 1 << 20;
    return o;
  }
  WiredSmallCap() : Wired(kSalt, 0, small()) {}
};

TEST_F(WiredSmallCap, GzipBombInResultFailsTheRequest) {
  handler_ = [this](const IncomingRequest& r) {
    server_.reply(r.msg_id, tl::serialize(tl::types::MsgsAck{std::vector<std::int64_t>(300'000, 0)}));
  };
  const RequestId id = client_.enqueue(request_body(1));
  pump();
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RequestFailedEvent>(ev[0]).request, id);
  EXPECT_EQ(std::get<RequestFailedEvent>(ev[0]).error, mtproto_errc::gzip_bomb);
}

}  // namespace
}  // namespace layer::mtproto::test
