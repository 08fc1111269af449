// The server end of a ClientSession driven by hand: a test writes the server's
// messages with the ids and seq_nos it wants, and reads back what the client
// sent, one message at a time (containers opened).
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "helpers.hpp"
#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/container.hpp"
#include "layer/tl/functions/root.hpp"

namespace layer::mtproto::test {

// The request the scripted tests enqueue: ping_delay_disconnect with ping id n.
inline Bytes ping_request(std::int32_t n) {
  return tl::serialize(tl::functions::PingDelayDisconnect{n, 75});
}
// rpc_result answering req_msg_id with `object`.
inline Bytes rpc_result_of(std::int64_t req_msg_id, const Bytes& object) {
  Bytes out;
  write_rpc_result(out, req_msg_id, object);
  return out;
}

struct SentMessage {
  std::int64_t msg_id = 0;
  std::int32_t seq_no = 0;
  std::int64_t salt = 0;  // of the packet it came in
  Bytes body;
};

struct ServerPacket {
  Bytes bytes;
  std::vector<std::int64_t> msg_ids;  // one per body
};

class ScriptedServer {
 public:
  ScriptedServer(const ClientSession& client, std::int64_t salt)
      : out_(fixed_key(), salt, 0, rng_, options(client)), in_(fixed_key(), salt, 0, rng_, options(client)) {}

  // One packet with these messages, in a container when there are several.
  ServerPacket packet(const std::vector<Bytes>& bodies, Time now, bool content_related = true) {
    ServerPacket p;
    if (bodies.size() == 1) {
      p.msg_ids.push_back(out_.pack_to(p.bytes, bodies[0], now, content_related));
      return p;
    }
    std::vector<ContainedMessage> items;
    for (const auto& b : bodies) {
      p.msg_ids.push_back(out_.next_msg_id(now));
      items.push_back({p.msg_ids.back(), out_.next_seq_no(content_related), b});
    }
    out_.begin_packet(p.bytes);
    write_container(p.bytes, items);
    out_.finish_packet(p.bytes, out_.next_msg_id(now), out_.next_seq_no(false));
    return p;
  }
  // A packet whose msg_id and seq_no the test picks.
  Bytes packet_with_id(const Bytes& body, std::int64_t msg_id, std::int32_t seq_no = 1) {
    Bytes out;
    out_.begin_packet(out);
    out.insert(out.end(), body.begin(), body.end());
    out_.finish_packet(out, msg_id, seq_no);
    return out;
  }
  std::int64_t next_id(Time now) { return out_.next_msg_id(now); }

  // The messages of one client packet.
  std::vector<SentMessage> open(Bytes packet, Time now) {
    std::vector<SentMessage> out;
    auto m = in_.unpack(packet, now);
    EXPECT_TRUE(m) << m.error().message();
    if (!m) return out;
    auto items = flatten_message({m->msg_id, m->seq_no, m->body});
    EXPECT_TRUE(items) << items.error().message();
    if (!items) return out;
    for (const auto& i : *items)
      out.push_back({i.msg_id, i.seq_no, m->salt, Bytes(i.body.begin(), i.body.end())});
    return out;
  }

 private:
  static EncryptedSessionOptions options(const ClientSession& client) {
    EncryptedSessionOptions o;
    o.side = Side::server;
    o.session_id = client.session().session_id();
    o.check_time = false;
    o.replay_window = 1 << 16;
    return o;
  }

  crypto::DeterministicRng rng_{77};
  EncryptedSession out_;
  EncryptedSession in_;
};

// A ClientSession against a ScriptedServer, with the clock at kNow.
class ClientScript : public ::testing::Test {
 protected:
  static constexpr std::int64_t kNow = 1'700'000'000;
  static constexpr std::int64_t kSalt = 0x5a17;

  struct SentRequest {
    RequestId id = 0;
    std::int64_t msg_id = 0;
    std::int32_t seq_no = 0;
  };

  explicit ClientScript(ClientSessionOptions options = {})
      : client_(fixed_key(), kSalt, 0, rng_, options), server_(client_, kSalt) {}

  // Server messages in one packet; their msg_ids.
  std::vector<std::int64_t> deliver(const std::vector<Bytes>& bodies, bool content_related = true) {
    auto p = server_.packet(bodies, now_, content_related);
    EXPECT_FALSE(client_.on_received(p.bytes, now_));
    return p.msg_ids;
  }
  std::int64_t deliver(const Bytes& body, bool content_related = true) {
    return deliver(std::vector<Bytes>{body}, content_related)[0];
  }
  // Everything the client sends now.
  std::vector<SentMessage> sent() {
    std::vector<SentMessage> out;
    while (auto p = client_.take_output(now_)) {
      auto messages = server_.open(*p, now_);
      out.insert(out.end(), messages.begin(), messages.end());
    }
    return out;
  }
  // Enqueues body and sends it, alone.
  SentRequest send(const Bytes& body) {
    const RequestId id = client_.enqueue(body);
    const auto out = sent();
    EXPECT_EQ(out.size(), 1u);
    if (out.empty()) return {id, 0, 0};
    return {id, out[0].msg_id, out[0].seq_no};
  }
  std::vector<AnyEvent> events() { return drain(client_); }
  // The messages among out with this constructor.
  static std::vector<SentMessage> with(const std::vector<SentMessage>& out, std::uint32_t constructor) {
    std::vector<SentMessage> hit;
    for (const auto& m : out) {
      if (constructor_of(m.body) == constructor) hit.push_back(m);
    }
    return hit;
  }

  crypto::DeterministicRng rng_{1};
  Time now_ = at(kNow);
  ClientSession client_;
  ScriptedServer server_;
};

}  // namespace layer::mtproto::test
