// Server-side detection of the client's transport from its first bytes.
#include <gtest/gtest.h>

#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/mtproto/transport/detect.hpp"
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
