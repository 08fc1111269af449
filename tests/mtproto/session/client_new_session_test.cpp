// The server's clock going back mid-session: when a bad_msg_notification 16/17
// cannot be followed within the session (its msg_ids may not go below the ones
// the server may have taken), the client starts a new session on the same key;
// corrections it can follow keep the session.
#include <gtest/gtest.h>

#include <algorithm>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "scripted_server.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;
using namespace std::chrono_literals;

Bytes bad_msg(const SentMessage& m, std::int32_t code) {
  return tl::serialize(types::BadMsgNotification{m.msg_id, m.seq_no, code});
}

// A server message id for `seconds` on the server's clock, whatever ids the
// scripted server made before: a server whose ids follow its clock back.
std::int64_t server_id_at(std::int64_t seconds) {
  return (seconds << 32) | 1;
}

class NewSession : public ClientScript {
 protected:
  // The one message in out with this body.
  static SentMessage only(const std::vector<SentMessage>& out, const Bytes& body) {
    const auto hits = std::count_if(out.begin(), out.end(), [&](const auto& m) { return m.body == body; });
    EXPECT_EQ(hits, 1) << "sent once";
    for (const auto& m : out) {
      if (m.body == body) return m;
    }
    return {};
  }
  static bool has(const std::vector<SentMessage>& out, const Bytes& body) {
    return std::any_of(out.begin(), out.end(), [&](const auto& m) { return m.body == body; });
  }
  // Everything the client sends now, read by a server of its current session.
  static std::vector<SentMessage> sent_to(ScriptedServer& server, ClientSession& client, Time now) {
    std::vector<SentMessage> out;
    while (auto p = client.take_output(now)) {
      auto messages = server.open(*p, now);
      out.insert(out.end(), messages.begin(), messages.end());
    }
    return out;
  }
  SentMessage send_one(const Bytes& body, CallOptions options = {}) {
    client_.enqueue(body, options);
    return only(sent(), body);
  }

  // The server's clock is 600 s ahead: the client learns it from a
  // bad_msg_notification 16 and gets an answer, so the server has taken ids
  // 600 s ahead of the local clock in this session.
  void adapt_to_server_ahead() {
    const auto first = send_one(ping_request(1));
    auto late = server_.packet({bad_msg(first, 16)}, now_ + 600s, false);
    ASSERT_FALSE(client_.on_received(late.bytes, now_));
    ASSERT_EQ(client_.session().time_offset(), 600);
    const auto again = only(sent(), ping_request(1));
    ASSERT_EQ(msg_id_seconds(again.msg_id), kNow + 600);
    Bytes answer;
    write_rpc_result(answer, again.msg_id, tl::serialize(types::Pong{again.msg_id, 1}));
    auto p = server_.packet({answer}, now_ + 600s);
    ASSERT_FALSE(client_.on_received(p.bytes, now_));
    ASSERT_EQ(events().size(), 1u);
  }
};

// The server's clock went back 600 s and its ids with it: the id it refused
// as too high is below what the session already had taken.
TEST_F(NewSession, AServerClockFarBehindStartsANewSession) {
  adapt_to_server_ahead();
  const std::int64_t old_session = *client_.session().session_id();
  CallOptions idempotent;
  idempotent.idempotent = true;
  const RequestId unsafe = client_.enqueue(ping_request(2));
  const auto unsafe_sent = sent();
  const RequestId read = client_.enqueue(ping_request(3), idempotent);
  sent();
  const RequestId refused = client_.enqueue(ping_request(4));
  const auto refused_sent = only(sent(), ping_request(4));
  ASSERT_EQ(msg_id_seconds(refused_sent.msg_id), kNow + 600);

  Bytes packet = server_.packet_with_id(bad_msg(refused_sent, 17), server_id_at(kNow), 2);
  ASSERT_FALSE(client_.on_received(packet, now_));

  const auto new_session = client_.session().session_id();
  ASSERT_TRUE(new_session);
  EXPECT_NE(*new_session, old_session);
  EXPECT_EQ(client_.session().time_offset(), 0);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  const auto* failed = std::get_if<RequestFailedEvent>(&ev[0]);
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->request, unsafe) << "it may have run in the old session";
  EXPECT_EQ(failed->error, mtproto_errc::outcome_unknown);
  const auto* renewed = std::get_if<SessionRenewedEvent>(&ev[1]);
  ASSERT_NE(renewed, nullptr);
  EXPECT_EQ(renewed->previous_session_id, old_session);
  EXPECT_EQ(renewed->session_id, *new_session);
  EXPECT_EQ(renewed->time_offset, 0);

  // The new session is read by a server of its own id: msg_ids from the
  // corrected clock, seq_nos from the start, the salt kept.
  ScriptedServer renewed_server(client_, kSalt);
  const auto out = sent_to(renewed_server, client_, now_);
  const auto again = only(out, ping_request(4));
  EXPECT_EQ(msg_id_seconds(again.msg_id), kNow);
  EXPECT_LT(again.seq_no, 4);
  EXPECT_EQ(again.salt, kSalt);
  EXPECT_EQ(msg_id_seconds(only(out, ping_request(3)).msg_id), kNow);
  EXPECT_FALSE(has(out, ping_request(2)));
  EXPECT_TRUE(client_.is_pending(refused));
  EXPECT_TRUE(client_.is_pending(read));
  EXPECT_FALSE(client_.is_pending(unsafe));

  // The old session's answer to the unsafe request comes late: reported,
  // matched to nothing, and no reason to drop the connection.
  Bytes late_answer;
  write_rpc_result(late_answer, unsafe_sent[0].msg_id, tl::serialize(types::Pong{unsafe_sent[0].msg_id, 2}));
  auto old = server_.packet({late_answer}, now_);
  EXPECT_FALSE(client_.on_received(old.bytes, now_));
  const auto late = events();
  ASSERT_EQ(late.size(), 1u);
  const auto* unmatched = std::get_if<UnmatchedMessageEvent>(&late[0]);
  ASSERT_NE(unmatched, nullptr);
  EXPECT_EQ(unmatched->refers_to, old_session);

  // The new session's answer resolves the refused request.
  Bytes answer;
  write_rpc_result(answer, again.msg_id, tl::serialize(types::Pong{again.msg_id, 4}));
  auto p = renewed_server.packet({answer}, now_);
  EXPECT_FALSE(client_.on_received(p.bytes, now_));
  const auto done = events();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(std::get<RpcResultEvent>(done[0]).request, refused);
}

// A server whose ids keep growing past its clock (as the fake DC's do within a
// session) says nothing true of its clock; that a request is refused as too
// high twice running, and its ids cannot go below the refused one, is enough.
// The new session's server corrects the offset within it.
TEST_F(NewSession, AServerWhoseIdsRunAheadOfItsClockIsFollowedInTheNewSession) {
  adapt_to_server_ahead();
  const std::int64_t old_session = *client_.session().session_id();
  const RequestId id = client_.enqueue(ping_request(4));
  const auto refused = only(sent(), ping_request(4));
  auto p = server_.packet({bad_msg(refused, 17)}, now_, false);
  ASSERT_GT(msg_id_seconds(p.msg_ids[0]), kNow + 599) << "the server's ids went on from its last";
  ASSERT_FALSE(client_.on_received(p.bytes, now_));
  EXPECT_EQ(client_.session().session_id(), old_session) << "once may be a borderline id";
  const auto refused_again = only(sent(), ping_request(4));
  auto again = server_.packet({bad_msg(refused_again, 17)}, now_, false);
  ASSERT_FALSE(client_.on_received(again.bytes, now_));
  ASSERT_NE(client_.session().session_id(), old_session);
  const std::int64_t second_session = *client_.session().session_id();

  ScriptedServer renewed_server(client_, kSalt);
  const auto in_new = only(sent_to(renewed_server, client_, now_), ping_request(4));
  EXPECT_EQ(msg_id_seconds(in_new.msg_id), kNow + 600) << "the offset the old session's ids told";
  // This server's ids follow its clock, so its correction is kept in-session.
  auto correction = renewed_server.packet({bad_msg(in_new, 17)}, now_, false);
  ASSERT_FALSE(client_.on_received(correction.bytes, now_));
  EXPECT_EQ(client_.session().session_id(), second_session);
  EXPECT_EQ(client_.session().time_offset(), 0);
  // Refused ids are given up down to the top of the server's window.
  EXPECT_EQ(msg_id_seconds(only(sent_to(renewed_server, client_, now_), ping_request(4)).msg_id), kNow + 30);
  EXPECT_TRUE(client_.is_pending(id));
}

// Every 16/17 of the packet is taken before the switch: the requests refused
// in it go again, however unsafe, and only once.
TEST_F(NewSession, EveryRequestTheSwitchingPacketRefusesGoesAgain) {
  adapt_to_server_ahead();
  const RequestId first = client_.enqueue(ping_request(5));
  const auto first_sent = only(sent(), ping_request(5));
  const RequestId second = client_.enqueue(ping_request(6));
  const auto second_sent = only(sent(), ping_request(6));
  ScriptedServer behind(client_, kSalt);  // ids from its clock, 600 s back
  auto p = behind.packet({bad_msg(first_sent, 17), bad_msg(second_sent, 17)}, now_, false);
  ASSERT_FALSE(client_.on_received(p.bytes, now_));
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<SessionRenewedEvent>(ev[0]));
  ScriptedServer renewed_server(client_, kSalt);
  const auto out = sent_to(renewed_server, client_, now_);
  only(out, ping_request(5));
  only(out, ping_request(6));
  EXPECT_TRUE(client_.is_pending(first));
  EXPECT_TRUE(client_.is_pending(second));
}

// The client's own clock jumped 100 s ahead: the refused ids were above
// anything the server had taken, so they are given up and the session goes on.
TEST_F(NewSession, ACorrectionTheSessionCanFollowKeepsIt) {
  const auto first = send_one(ping_request(1));
  Bytes answer;
  write_rpc_result(answer, first.msg_id, tl::serialize(types::Pong{first.msg_id, 1}));
  deliver(answer);
  events();
  const std::int64_t session = *client_.session().session_id();

  now_ += 100s;
  const RequestId id = client_.enqueue(ping_request(2));
  const auto ahead = only(sent(), ping_request(2));
  ASSERT_EQ(msg_id_seconds(ahead.msg_id), kNow + 100);
  auto p = server_.packet({bad_msg(ahead, 17)}, at(kNow + 1), false);
  ASSERT_FALSE(client_.on_received(p.bytes, now_));
  EXPECT_EQ(client_.session().session_id(), session);
  EXPECT_EQ(client_.session().time_offset(), -99);
  const auto again = only(sent(), ping_request(2));
  EXPECT_EQ(msg_id_seconds(again.msg_id), kNow + 31) << "the top of the server's window";
  EXPECT_GT(again.seq_no, ahead.seq_no) << "the same session's counter";
  EXPECT_TRUE(client_.is_pending(id));
  EXPECT_TRUE(events().empty());
}

// A server clock that moved ahead needs only higher ids: the same session.
TEST_F(NewSession, AServerClockAheadKeepsTheSession) {
  adapt_to_server_ahead();
  const std::int64_t session = *client_.session().session_id();
  const auto r = send_one(ping_request(2));
  auto p = server_.packet({bad_msg(r, 16)}, now_ + 1200s, false);
  ASSERT_FALSE(client_.on_received(p.bytes, now_));
  EXPECT_EQ(client_.session().session_id(), session);
  EXPECT_EQ(client_.session().time_offset(), 1200);
  EXPECT_EQ(msg_id_seconds(only(sent(), ping_request(2)).msg_id), kNow + 1200);
  EXPECT_TRUE(events().empty());
}

}  // namespace
}  // namespace layer::mtproto::test
