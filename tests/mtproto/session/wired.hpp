// ClientSession wired to ServerSession in memory: the client's packets go to
// the server, whose handler_ answers, and back, until both sides are quiet.
#pragma once

#include <gtest/gtest.h>

#include <functional>

#include "helpers.hpp"
#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/container.hpp"
#include "layer/mtproto/server_session.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto::test {

constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::int64_t kSalt = 0x5a17;

inline Bytes request_body(std::int32_t n) {
  return tl::serialize(tl::functions::GetFutureSalts{n});
}
inline Bytes result_body(std::int64_t n) {
  return tl::serialize(tl::types::Pong{n, n});
}

class Wired : public ::testing::Test {
 protected:
  explicit Wired(std::int64_t client_salt = kSalt, std::int32_t client_offset = 0,
                 ClientSessionOptions options = {})
      : client_(fixed_key(), client_salt, client_offset, rng_c_, options),
        server_(fixed_key(), kSalt, rng_s_, server_options(client_)) {}

  // The server learns the session id from the client's first packet; tests that
  // start with a server packet need it up front.
  static ServerSessionOptions server_options(const ClientSession& client) {
    ServerSessionOptions o;
    o.session.session_id = client.session().session_id();
    // Tests of the session's announcement turn it on; the others count answers.
    o.announce_new_session = false;
    return o;
  }

  // Client packets to the server (answered by handler_), server packets back,
  // until both sides are quiet.
  void pump() {
    for (int round = 0; round < 16; ++round) {
      bool moved = false;
      while (auto p = client_.take_output(now_)) {
        moved = true;
        ++client_packets_;
        EXPECT_FALSE(server_.on_received(*p, now_));
      }
      while (auto r = server_.next_request()) {
        seen_requests_.push_back(*r);
        if (handler_) handler_(*r);
      }
      while (auto p = server_.take_output(now_)) {
        moved = true;
        EXPECT_FALSE(client_.on_received(*p, now_));
      }
      if (!moved) return;
    }
  }
  std::vector<AnyEvent> events() { return drain(client_); }
  // The msg_ids of the client's messages in packet (containers opened), read
  // by an observer that shares the key.
  std::vector<std::int64_t> msg_ids_in(Bytes packet) {
    EncryptedSessionOptions o;
    o.side = Side::server;
    o.session_id = client_.session().session_id();
    o.check_time = false;
    const EncryptedSession observer(fixed_key(), kSalt, 0, rng_c_, o);
    std::vector<std::int64_t> out;
    auto m = observer.peek(packet, now_);
    EXPECT_TRUE(m) << m.error().message();
    if (!m) return out;
    out.push_back(m->msg_id);
    if (constructor_of(m->body) != ids::msg_container) return out;
    auto items = flatten_message({m->msg_id, m->seq_no, m->body});
    EXPECT_TRUE(items);
    if (items) {
      for (const auto& i : *items) out.push_back(i.msg_id);
    }
    return out;
  }
  void answer_all() {
    handler_ = [this](const IncomingRequest& r) { server_.reply(r.msg_id, result_body(r.msg_id & 0xffff)); };
  }

  crypto::DeterministicRng rng_c_{1};
  crypto::DeterministicRng rng_s_{2};
  Time now_ = at(kNow);
  ClientSession client_;
  ServerSession server_;
  std::function<void(const IncomingRequest&)> handler_;
  std::vector<IncomingRequest> seen_requests_;
  int client_packets_ = 0;
};

}  // namespace layer::mtproto::test
