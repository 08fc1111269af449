// ClientSession and ServerSession talking through ClientTransport and
// ServerTransport, as the client and the fake DC do: each session decrypts a
// packet where its transport handed it out, so no packet is copied on the way.
#include <gtest/gtest.h>

#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/mtproto/transport/server_transport.hpp"
#include "wired.hpp"

namespace layer::mtproto::test {
namespace {

using transport::Kind;

constexpr std::size_t kSaltAt = 24;  // after auth_key_id and msg_key: the decrypted salt

bool lies_in(std::span<const std::byte> part, std::span<const std::byte> whole) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

class InPlace : public Wired, public ::testing::WithParamInterface<Kind> {
 protected:
  InPlace()
      : client_transport_(transport::ClientTransport::create({.kind = GetParam()}, rng_t_).value()),
        server_transport_({}, rng_t_) {}

  // Bare codecs lend frames out of the caller's input when it holds them
  // whole; obfuscated ones out of the buffer they decrypt the stream into.
  bool lends_from_input() const { return !transport::is_obfuscated(GetParam()); }

  // Feeds the whole of wire to decoder; each packet goes to `take` as the
  // transport handed it out, and is then checked to be decrypted there.
  template <class Decoder, class Take>
  void deliver(Decoder& decoder, std::span<std::byte> wire, Take take) {
    auto in = wire;
    for (;;) {
      auto decoded = decoder.decode(in);
      ASSERT_TRUE(decoded) << decoded.error().message();
      in = in.subspan(decoded->consumed);
      if (!decoded->frame) break;
      ASSERT_EQ(decoded->frame->kind, transport::FrameKind::message);
      const auto packet = decoded->frame->payload;
      if (lends_from_input()) {
        EXPECT_TRUE(lies_in(packet, wire));
      }
      EXPECT_NE(le64(packet.subspan(kSaltAt)), kSalt);  // still ciphertext
      EXPECT_FALSE(take(packet));
      EXPECT_EQ(le64(packet.subspan(kSaltAt)), kSalt);
      ++packets_;
    }
    EXPECT_TRUE(in.empty());
  }

  void pump_through_transports() {
    for (int round = 0; round < 16; ++round) {
      Bytes up;
      while (auto p = client_.take_output(now_)) ASSERT_FALSE(client_transport_->encode(*p, up));
      deliver(server_transport_, up, [&](std::span<std::byte> p) { return server_.on_received(p, now_); });
      while (auto r = server_.next_request()) handler_(*r);
      Bytes down;
      while (auto p = server_.take_output(now_)) ASSERT_FALSE(server_transport_.encode(*p, down));
      deliver(*client_transport_, down, [&](std::span<std::byte> p) { return client_.on_received(p, now_); });
      if (up.empty() && down.empty()) return;
    }
  }

  crypto::DeterministicRng rng_t_{3};
  std::optional<transport::ClientTransport> client_transport_;
  transport::ServerTransport server_transport_;
  int packets_ = 0;
};

TEST_P(InPlace, BothSessionsDecryptWhereTheTransportLeftThePacket) {
  answer_all();
  std::vector<RequestId> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(client_.enqueue(request_body(i)));
  pump_through_transports();
  // A second round trip, so that both transports hand out frames after
  // their buffers were written to.
  ids.push_back(client_.enqueue(request_body(3)));
  pump_through_transports();
  const auto ev = events();
  ASSERT_EQ(ev.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(std::get<RpcResultEvent>(ev[i]).request, ids[i]);
  EXPECT_GE(packets_, 4);
}

INSTANTIATE_TEST_SUITE_P(Kinds, InPlace,
                         ::testing::Values(Kind::abridged, Kind::intermediate, Kind::padded, Kind::full,
                                           Kind::obfuscated_abridged, Kind::obfuscated_intermediate,
                                           Kind::obfuscated_padded),
                         [](const auto& kind) { return std::string(transport::to_string(kind.param)); });

}  // namespace
}  // namespace layer::mtproto::test
