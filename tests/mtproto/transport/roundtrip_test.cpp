// ClientTransport wired to ServerTransport in memory, for every kind, both
// directions, with the stream cut at every byte and in random chunks.
#include <gtest/gtest.h>

#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/mtproto/transport/server_transport.hpp"
#include "transport_test_util.hpp"

namespace layer::mtproto::transport::test {
namespace {

struct Case {
  Kind kind;
  std::optional<Secret> secret;
  std::string name() const { return std::string(to_string(kind)) + (secret ? "+secret" : ""); }
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (auto k : {Kind::abridged, Kind::intermediate, Kind::padded, Kind::full, Kind::obfuscated_abridged,
                 Kind::obfuscated_intermediate, Kind::obfuscated_padded}) {
    out.push_back({k, std::nullopt});
  }
  const auto key = pattern(16, 4);
  out.push_back({Kind::obfuscated_abridged, Secret::parse(key).value()});
  out.push_back({Kind::obfuscated_intermediate, Secret::parse(key).value()});
  out.push_back({Kind::obfuscated_padded, Secret::parse(concat({unhex("dd"), key})).value()});
  return out;
}

// Shaped like encrypted MTProto packets (auth_key_id, msg_key, whole 16-byte
// blocks), as the transports carry: padded intermediate's tail is cut by length.
const std::vector<Bytes>& messages() {
  static const std::vector<Bytes> m = {pattern(24, 1),  pattern(40, 2),          pattern(504, 3),
                                       pattern(520, 4), pattern(24 + 4096, 5), pattern(24 + 70000, 6)};
  return m;
}

// Both ends of one connection, sharing a seeded Rng.
struct Pair {
  explicit Pair(const Case& c, std::uint64_t seed = 42)
      : rng(seed),
        client(ClientTransport::create(ClientOptions{.kind = c.kind, .secret = c.secret, .dc_id = 3}, rng)
                   .value()),
        server(ServerOptions{.secret = c.secret}, rng) {}

  Bytes client_stream(std::span<const Bytes> msgs) {
    Bytes wire;
    for (std::size_t i = 0; i < msgs.size(); ++i) EXPECT_FALSE(client.encode(msgs[i], wire, i % 2 == 1));
    return wire;
  }
  Bytes server_stream(std::span<const Bytes> msgs) {
    Bytes wire;
    for (const auto& m : msgs) EXPECT_FALSE(server.encode(m, wire));
    EXPECT_FALSE(server.encode_quick_ack(0x01020304, wire));
    EXPECT_FALSE(server.encode_error(-404, wire));
    return wire;
  }

  crypto::DeterministicRng rng;
  ClientTransport client;
  ServerTransport server;
};

void expect_message(const Got& got, const Bytes& sent, Kind kind) {
  ASSERT_EQ(got.kind, FrameKind::message) << to_string(kind);
  EXPECT_EQ(got.payload, sent);
}

void expect_from_client(const std::vector<Got>& got, std::span<const Bytes> sent, Kind kind) {
  ASSERT_EQ(got.size(), sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    expect_message(got[i], sent[i], kind);
    EXPECT_EQ(got[i].quick_ack_requested, i % 2 == 1) << i;
  }
}

void expect_from_server(const std::vector<Got>& got, std::span<const Bytes> sent, Kind kind) {
  ASSERT_EQ(got.size(), sent.size() + 2);
  for (std::size_t i = 0; i < sent.size(); ++i) expect_message(got[i], sent[i], kind);
  EXPECT_EQ(got[sent.size()].kind, FrameKind::quick_ack);
  EXPECT_EQ(got[sent.size()].token, 0x81020304u);
  EXPECT_EQ(got[sent.size() + 1].kind, FrameKind::transport_error);
  EXPECT_EQ(got[sent.size() + 1].error_code, -404);
}

template <class D>
std::vector<Got> feed(D& d, std::span<const std::byte> wire, int mode) {
  if (mode == 0) return drain_whole(d, wire);
  if (mode == 1) return drain_bytewise(d, wire);
  return drain_random(d, wire, static_cast<unsigned>(mode));
}

TEST(RoundTrip, BothDirectionsInEveryChunking) {
  for (const auto& c : cases()) {
    for (int mode = 0; mode < 5; ++mode) {
      SCOPED_TRACE(c.name() + " mode " + std::to_string(mode));
      Pair p(c);
      const auto up = p.client_stream(messages());
      expect_from_client(feed(p.server, up, mode), messages(), c.kind);
      EXPECT_EQ(p.server.kind(), c.kind);
      const auto down = p.server_stream(messages());
      expect_from_server(feed(p.client, down, mode), messages(), c.kind);
    }
  }
}

TEST(RoundTrip, EverySplitPoint) {
  const std::vector<Bytes> msgs = {pattern(24, 7), pattern(504, 8), pattern(40, 9)};
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name());
    const auto up = Pair(c).client_stream(msgs);
    for (std::size_t cut = 0; cut <= up.size(); ++cut) {
      Pair p(c);
      ASSERT_EQ(p.client_stream(msgs), up);
      std::size_t i = 0;
      auto got = drain(p.server, up, [&] { return i++ == 0 ? std::max<std::size_t>(cut, 1) : up.size(); });
      expect_from_client(got, msgs, c.kind);
      const auto down = p.server_stream(msgs);
      std::size_t j = 0;
      got = drain(p.client, down,
                  [&] { return j++ == 0 ? std::max<std::size_t>(cut % down.size(), 1) : down.size(); });
      expect_from_server(got, msgs, c.kind);
    }
  }
}

TEST(RoundTrip, ServerCannotEncodeBeforeDetection) {
  crypto::DeterministicRng rng(1);
  ServerTransport server(ServerOptions{}, rng);
  Bytes out;
  EXPECT_EQ(server.encode(pattern(8), out), transport_errc::not_detected);
  EXPECT_EQ(server.encode_quick_ack(1, out), transport_errc::not_detected);
  EXPECT_EQ(server.encode_error(-404, out), transport_errc::not_detected);
  EXPECT_TRUE(out.empty());
}

TEST(RoundTrip, ClientEncodeFailureKeepsThePrelude) {
  crypto::DeterministicRng rng(1);
  auto client = ClientTransport::create(ClientOptions{.kind = Kind::obfuscated_abridged}, rng).value();
  Bytes wire;
  EXPECT_EQ(client.encode(pattern(6), wire), transport_errc::length_not_aligned);
  EXPECT_TRUE(wire.empty());
  ASSERT_FALSE(client.encode(pattern(8), wire));
  ServerTransport server(ServerOptions{}, rng);
  const auto got = drain_whole(server, wire);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].payload, pattern(8));
}

}  // namespace
}  // namespace layer::mtproto::transport::test
