// Server-side detection of the client's transport from its first bytes.
#include <gtest/gtest.h>

#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/mtproto/transport/detect.hpp"
#include "layer/mtproto/transport/server_transport.hpp"
#include "transport_test_util.hpp"

namespace layer::mtproto::transport::test {
namespace {

std::optional<Detection> detected(std::string_view wire) {
  auto r = detect(unhex(wire));
  EXPECT_TRUE(r) << wire << ": " << r.error().message();
  return r ? *r : std::nullopt;
}

std::error_code refused(std::string_view wire, const Secret* secret = nullptr) {
  auto r = detect(unhex(wire), secret);
  return r ? std::error_code{} : r.error();
}

TEST(Detect, PlainMarkers) {
  EXPECT_EQ(detected("ef")->kind, Kind::abridged);
  EXPECT_EQ(detected("ef")->prelude_size, 1u);
  EXPECT_EQ(detected("eeeeeeee")->kind, Kind::intermediate);
  EXPECT_EQ(detected("eeeeeeee")->prelude_size, 4u);
  EXPECT_EQ(detected("dddddddd")->kind, Kind::padded);
  EXPECT_EQ(detected("3400000000000000")->kind, Kind::full);
  EXPECT_EQ(detected("3400000000000000")->prelude_size, 0u);
}

TEST(Detect, NeedsMoreBytes) {
  for (auto wire : {"", "ee", "eeeeee", "dddd", "34000000", "34000000000000", "3400000001000000"}) {
    EXPECT_EQ(detected(wire), std::nullopt) << wire;
  }
  EXPECT_EQ(detected(hex(pattern(63, 5))), std::nullopt);
}

TEST(Detect, Obfuscated) {
  for (auto kind : {Kind::obfuscated_abridged, Kind::obfuscated_intermediate, Kind::obfuscated_padded}) {
    crypto::DeterministicRng rng(11);
    auto client = ClientTransport::create(ClientOptions{.kind = kind, .dc_id = std::int16_t{-4}}, rng);
    Bytes wire;
    ASSERT_FALSE(client->encode(pattern(40), wire));
    auto d = detect(std::span(wire).first(64));
    ASSERT_TRUE(d && *d);
    EXPECT_EQ((*d)->kind, kind);
    EXPECT_EQ((*d)->prelude_size, 64u);
    EXPECT_EQ((*d)->dc_id, -4);
  }
}

// An encrypted-looking packet (auth_key_id, msg_key, whole blocks) both ways
// over padded intermediate, plain and obfuscated: each transport hands out the
// packet alone, its random tail already cut.
TEST(Transports, CutPaddedIntermediatePaddingThemselves) {
  const Bytes packet = pattern(24 + 64);
  for (auto kind : {Kind::padded, Kind::obfuscated_padded}) {
    crypto::DeterministicRng rng(12);
    auto client = ClientTransport::create(ClientOptions{.kind = kind}, rng);
    ServerTransport server(ServerOptions{}, rng);
    for (int i = 0; i < 8; ++i) {
      Bytes up;
      ASSERT_FALSE(client->encode(packet, up));
      std::span<std::byte> in(up);
      std::optional<Bytes> got;
      while (!got) {
        auto d = server.decode(in);
        ASSERT_TRUE(d);
        in = in.subspan(d->consumed);
        if (d->frame) got.emplace(d->frame->payload.begin(), d->frame->payload.end());
        if (!d->frame && in.empty()) break;
      }
      ASSERT_TRUE(got);
      EXPECT_EQ(*got, packet);
      Bytes down;
      ASSERT_FALSE(server.encode(packet, down));
      auto d = client->decode(down);
      ASSERT_TRUE(d && d->frame);
      EXPECT_EQ(Bytes(d->frame->payload.begin(), d->frame->payload.end()), packet);
    }
  }
}

TEST(Detect, Refusals) {
  EXPECT_EQ(refused("504f5354"), transport_errc::unknown_transport);  // "POST"
  EXPECT_EQ(refused("16030102"), transport_errc::unknown_transport);  // TLS record
  EXPECT_EQ(refused("1200000000000000"), transport_errc::unknown_transport);
  EXPECT_EQ(refused("0800000000000000"), transport_errc::unknown_transport);
  EXPECT_EQ(refused("1c04400000000000"), transport_errc::unknown_transport);
  const auto secret = Secret::parse(pattern(16)).value();
  EXPECT_EQ(refused("ef", &secret), transport_errc::obfuscation_required);
  EXPECT_EQ(refused("eeeeeeee", &secret), transport_errc::obfuscation_required);
  EXPECT_EQ(refused("3400000000000000", &secret), transport_errc::obfuscation_required);
}

}  // namespace
}  // namespace layer::mtproto::transport::test
