// A ServerSession fed by a client EncryptedSession whose packets the test
// builds message by message (ids, seq_nos, containers), and what it sends back.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "helpers.hpp"
#include "layer/mtproto/container.hpp"
#include "layer/mtproto/server_session.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto::test {

constexpr std::int64_t kSession = 0x5e55;
constexpr std::int64_t kSalt = 0x5a17;

class ServerInput : public ::testing::Test {
 protected:
  ServerInput()
      : server_(fixed_key(), kSalt, rng_s_, server_options(kSession)),
        client_(fixed_key(), kSalt, 0, rng_c_, client_options(kSession)) {}
  // A client packet holding body as one message with this msg_id and seq_no.
  Bytes packet(const Bytes& body, std::int64_t msg_id, std::int32_t seq_no) {
    Bytes out;
    client_.begin_packet(out);
    out.insert(out.end(), body.begin(), body.end());
    client_.finish_packet(out, msg_id, seq_no);
    return out;
  }
  std::int64_t next_id() { return client_.next_msg_id(now_); }
  // A client packet holding these messages in a msg_container of this id and seq_no.
  Bytes container_packet(const std::vector<ContainedMessage>& items, std::int64_t container_id,
                         std::int32_t seq_no) {
    Bytes body;
    write_container(body, items);
    return packet(body, container_id, seq_no);
  }
  // The messages the server sends now.
  std::vector<Bytes> output() {
    std::vector<Bytes> out;
    while (auto p = server_.take_output(now_)) {
      auto m = client_.unpack(*p, now_);
      EXPECT_TRUE(m);
      if (!m) break;
      const auto items = flatten_message({m->msg_id, m->seq_no, m->body});
      EXPECT_TRUE(items);
      if (!items) break;
      for (const auto& i : *items) out.emplace_back(i.body.begin(), i.body.end());
    }
    return out;
  }
  // Every msg_id the server acknowledged in out.
  static std::vector<std::int64_t> acked(const std::vector<Bytes>& out) {
    std::vector<std::int64_t> ids;
    for (const auto& b : out) {
      if (constructor_of(b) != tl::types::MsgsAck::ID) continue;
      const auto a = tl::deserialize<tl::types::MsgsAck>(b);
      ids.insert(ids.end(), a.msg_ids.begin(), a.msg_ids.end());
    }
    return ids;
  }

  crypto::DeterministicRng rng_s_{3}, rng_c_{4};
  Time now_ = at(1'700'000'000);
  ServerSession server_;
  EncryptedSession client_;
};

}  // namespace layer::mtproto::test
