// A session outlives its connections: after a lost connection every request
// resolves exactly once and runs at most once, whether the server had it, had
// answered it, or never got it; a server that lost the session runs again only
// what is idempotent. Also cancel, the snapshot, and new_session_created.
#include <gtest/gtest.h>

#include "layer/mtproto/errors.hpp"
#include "wired.hpp"

namespace layer::mtproto::test {
namespace {

namespace types = tl::types;

class Reconnect : public Wired {
 protected:
  Reconnect() { answer_all(); }
  // Moves the client's packets to the server and runs the handler, but loses
  // every server packet: the connection breaks before the answers arrive.
  void lose_answers() {
    while (auto p = client_.take_output(now_)) EXPECT_FALSE(server_.on_received(*p, now_));
    while (auto r = server_.next_request()) {
      seen_requests_.push_back(*r);
      handler_(*r);
    }
    while (server_.take_output(now_)) {
    }
  }
  void reconnect() {
    client_.on_disconnect();
    server_.resume();
  }
  std::size_t outcomes_for(RequestId id) {
    std::size_t n = 0;
    for (const auto& e : events()) {
      if (const auto* r = std::get_if<RpcResultEvent>(&e)) n += r->request == id;
    }
    return n;
  }
};

TEST_F(Reconnect, AnswerLostWithTheConnectionComesAgainAndRunsOnce) {
  const RequestId id = client_.enqueue(request_body(1));
  lose_answers();
  EXPECT_EQ(server_.held_answers(), 1u);
  reconnect();
  pump();
  EXPECT_EQ(seen_requests_.size(), 1u);
  EXPECT_EQ(outcomes_for(id), 1u);
  EXPECT_FALSE(client_.is_pending(id));
  now_ += std::chrono::seconds(1);  // the client's ack goes out after its delay
  client_.on_timeout(now_);
  pump();
  EXPECT_EQ(server_.held_answers(), 0u);
}

TEST_F(Reconnect, RequestTheServerNeverGotIsSentAgainOnce) {
  const RequestId id = client_.enqueue(request_body(1));
  ASSERT_TRUE(client_.take_output(now_));  // lost with the connection
  reconnect();
  pump();
  EXPECT_EQ(seen_requests_.size(), 1u);
  EXPECT_EQ(outcomes_for(id), 1u);
}

TEST_F(Reconnect, ManyRequestsInFlightEachResolveOnce) {
  std::vector<RequestId> ids;
  for (int i = 0; i < 50; ++i) ids.push_back(client_.enqueue(request_body(i)));
  lose_answers();
  for (int i = 50; i < 60; ++i) ids.push_back(client_.enqueue(request_body(i)));
  ASSERT_TRUE(client_.take_output(now_));  // these ten never reach the server
  reconnect();
  pump();
  EXPECT_EQ(seen_requests_.size(), 60u);
  std::map<RequestId, int> count;
  for (const auto& e : events()) {
    if (const auto* r = std::get_if<RpcResultEvent>(&e)) ++count[r->request];
  }
  for (RequestId id : ids) EXPECT_EQ(count[id], 1) << "request " << id;
}

TEST_F(Reconnect, AServerThatLostTheSessionRunsAgainOnlyIdempotentRequests) {
  CallOptions idempotent;
  idempotent.idempotent = true;
  const RequestId read = client_.enqueue(request_body(1), idempotent);
  const RequestId write = client_.enqueue(request_body(2));
  lose_answers();
  // The server restarts: a new session object that knows nothing, and says so.
  ServerSessionOptions o = server_options(client_);
  o.announce_new_session = true;
  crypto::DeterministicRng rng(9);
  ServerSession restarted(fixed_key(), kSalt, rng, o);
  client_.on_disconnect();
  for (int round = 0; round < 8; ++round) {
    while (auto p = client_.take_output(now_)) EXPECT_FALSE(restarted.on_received(*p, now_));
    while (auto r = restarted.next_request()) {
      seen_requests_.push_back(*r);
      restarted.reply(r->msg_id, result_body(1));
    }
    while (auto p = restarted.take_output(now_)) EXPECT_FALSE(client_.on_received(*p, now_));
  }
  EXPECT_EQ(seen_requests_.size(), 3u);  // two before the restart, the read again after
  const auto ev = events();
  std::size_t results = 0, unknown = 0;
  for (const auto& e : ev) {
    if (const auto* r = std::get_if<RpcResultEvent>(&e)) results += r->request == read;
    if (const auto* f = std::get_if<RequestFailedEvent>(&e))
      unknown += f->request == write && f->error == mtproto_errc::outcome_unknown;
  }
  EXPECT_EQ(results, 1u);
  EXPECT_EQ(unknown, 1u);
}

TEST_F(Wired, TheFirstAnswerOfASessionComesAfterNewSessionCreated) {
  ServerSessionOptions o = server_options(client_);
  o.announce_new_session = true;
  crypto::DeterministicRng rng(9);
  ServerSession server(fixed_key(), kSalt, rng, o);
  client_.enqueue(request_body(1));
  auto p = client_.take_output(now_);
  ASSERT_FALSE(server.on_received(*p, now_));
  auto r = server.next_request();
  server.reply(r->msg_id, result_body(1));
  auto answer = server.take_output(now_);
  ASSERT_FALSE(client_.on_received(*answer, now_));
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<RpcResultEvent>(ev[0]));
  EXPECT_EQ(std::get<SessionResetEvent>(ev[1]).first_msg_id, r->msg_id);
}

TEST_F(Wired, CancelledQueuedRequestIsNeverSent) {
  const RequestId id = client_.enqueue(request_body(1));
  EXPECT_TRUE(client_.cancel(id));
  EXPECT_FALSE(client_.cancel(id));
  EXPECT_FALSE(client_.take_output(now_));
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RequestCancelledEvent>(ev[0]).request, id);
}

TEST_F(Wired, CancelledSentRequestHasItsAnswerDropped) {
  const RequestId keep = client_.enqueue(request_body(1));
  const RequestId drop = client_.enqueue(request_body(2));
  auto p = client_.take_output(now_);
  ASSERT_FALSE(server_.on_received(*p, now_));
  std::vector<IncomingRequest> running;
  while (auto r = server_.next_request()) running.push_back(*r);
  ASSERT_EQ(running.size(), 2u);
  EXPECT_TRUE(client_.cancel(drop));
  pump();  // rpc_drop_answer reaches the server while the call still runs
  for (const auto& r : running) server_.reply(r.msg_id, result_body(r.msg_id & 0xff));
  pump();
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);  // nothing about the dropped answer but its cancel
  EXPECT_EQ(std::get<RequestCancelledEvent>(ev[0]).request, drop);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[1]).request, keep);
  EXPECT_FALSE(client_.pending());
}

TEST_F(Wired, SnapshotResumesTheSameSession) {
  answer_all();
  client_.enqueue(request_body(1));
  pump();
  const SessionSnapshot snap = client_.snapshot();
  crypto::DeterministicRng rng(11);
  ClientSession resumed(snap, rng);
  EXPECT_EQ(resumed.session().session_id(), client_.session().session_id());
  EXPECT_EQ(resumed.session().content_count(), client_.session().content_count());
  EXPECT_EQ(resumed.session().salt(), client_.session().salt());
  const RequestId id = resumed.enqueue(request_body(2));
  auto p = resumed.take_output(now_);
  ASSERT_FALSE(server_.on_received(*p, now_));  // same session: seq_no and ids go on
  auto r = server_.next_request();
  ASSERT_TRUE(r);
  server_.reply(r->msg_id, result_body(2));
  auto answer = server_.take_output(now_);
  ASSERT_FALSE(resumed.on_received(*answer, now_));
  const auto outcome = resumed.next_outcome();
  ASSERT_TRUE(outcome);
  EXPECT_EQ(request_of(*outcome), id);
  EXPECT_FALSE(server_.next_refused());
}

}  // namespace
}  // namespace layer::mtproto::test
