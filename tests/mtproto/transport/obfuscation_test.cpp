// Obfuscated2 headers, keys and secrets, checked against OpenSSL directly; an
// obfuscated codec whose framing failed.
#include <gtest/gtest.h>

#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/mtproto/transport/obfuscated_codec.hpp"
#include "layer/mtproto/transport/obfuscation.hpp"
#include "layer/mtproto/transport/server_transport.hpp"
#include "reference_ctr.hpp"

namespace layer::mtproto::transport::test {
namespace {

const Bytes kSecretKey = unhex("00112233445566778899aabbccddeeff");

Bytes valid_header() {
  auto h = pattern(64, 3);
  h[0] = std::byte{0x11};
  return h;
}

std::vector<Bytes> forbidden_headers() {
  std::vector<Bytes> out;
  auto with_word = [](std::size_t at, std::string_view word_hex) {
    auto h = valid_header();
    const auto w = unhex(word_hex);
    std::copy(w.begin(), w.end(), h.begin() + static_cast<std::ptrdiff_t>(at));
    return h;
  };
  for (auto w : {"ef", "48454144", "504f5354", "47455420", "4f505449", "dddddddd", "eeeeeeee", "16030102"}) {
    out.push_back(with_word(0, w));
  }
  out.push_back(with_word(4, "00000000"));
  return out;
}

Secret secret_of(std::string_view hex_text) {
  return Secret::parse(unhex(hex_text)).value();
}

TEST(Obfuscation, ForbiddenHeadersAreRedrawn) {
  ScriptedRng rng;
  for (const auto& h : forbidden_headers()) {
    EXPECT_TRUE(is_forbidden_header(h)) << hex(h);
    rng.push(h);
  }
  EXPECT_FALSE(is_forbidden_header(valid_header()));
  rng.push(valid_header());
  auto hello = Obfuscator::connect(rng, ProtocolTag::abridged, std::nullopt, nullptr);
  ASSERT_TRUE(hello);
  const auto expected = valid_header();
  EXPECT_EQ(hex(std::span(hello->header).first(56)), hex(std::span(expected).first(56)));
  EXPECT_EQ(rng.left(), 0u);
}

TEST(Obfuscation, ServerRefusesForbiddenHeaders) {
  for (const auto& h : forbidden_headers()) {
    auto r = Obfuscator::accept(std::span<const std::byte, 64>(h.data(), 64), nullptr);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), transport_errc::forbidden_header) << hex(h);
  }
}

// The header and both streams, computed with OpenSSL from the drawn bytes.
void check_layout(const Secret* secret, const Bytes* secret_key) {
  ScriptedRng rng;
  rng.push(valid_header());
  auto client =
      ClientTransport::create(ClientOptions{.kind = Kind::obfuscated_intermediate,
                                            .secret = secret ? std::optional(*secret) : std::nullopt,
                                            .dc_id = std::int16_t{-2}},
                              rng);
  ASSERT_TRUE(client);
  const auto payload = pattern(40);
  Bytes wire;
  ASSERT_FALSE(client->encode(payload, wire));
  auto init = valid_header();
  const auto tail = unhex("eeeeeeeefeff");
  std::copy(tail.begin(), tail.end(), init.begin() + 56);
  const auto [key, iv] = reference_keys(init, secret_key, false);
  const auto stream = reference_ctr(key, iv, concat({init, unhex("28000000"), payload}));
  auto expected = concat({std::span(init).first(56), std::span(stream).subspan(56)});
  EXPECT_EQ(hex(wire), hex(expected));

  ScriptedRng unused;
  ServerTransport server(ServerOptions{.secret = secret ? std::optional(*secret) : std::nullopt}, unused);
  const auto got = drain_whole(server, wire);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].payload, payload);
  EXPECT_EQ(server.kind(), Kind::obfuscated_intermediate);
  EXPECT_EQ(server.dc_id(), std::int16_t{-2});
  Bytes reply;
  ASSERT_FALSE(server.encode(payload, reply));
  const auto [rkey, riv] = reference_keys(init, secret_key, true);
  EXPECT_EQ(hex(reply), hex(reference_ctr(rkey, riv, concat({unhex("28000000"), payload}))));
  const auto back = drain_whole(*client, reply);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].payload, payload);
}

TEST(Obfuscation, HeaderAndStreamsMatchOpenSsl) {
  check_layout(nullptr, nullptr);
}

TEST(Obfuscation, SecretKeysAreSha256OfKeyAndSecret) {
  const auto secret = secret_of("00112233445566778899aabbccddeeff");
  check_layout(&secret, &kSecretKey);
}

TEST(Obfuscation, SecretParsing) {
  EXPECT_FALSE(secret_of("00112233445566778899aabbccddeeff").padded_only());
  EXPECT_TRUE(secret_of("dd00112233445566778899aabbccddeeff").padded_only());
  for (auto bad : {"", "00112233445566778899aabbccddee", "ee00112233445566778899aabbccddeeff",
                   "dd00112233445566778899aabbccddeeff00"}) {
    auto r = Secret::parse(unhex(bad));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error(), transport_errc::invalid_secret);
  }
}

std::error_code server_error(const Bytes& wire, std::optional<Secret> secret) {
  ScriptedRng unused;
  ServerTransport server(ServerOptions{.secret = std::move(secret)}, unused);
  std::error_code ec;
  drain_bytewise(server, wire, &ec);
  return ec;
}

Bytes client_hello(Kind kind, std::optional<Secret> secret) {
  crypto::DeterministicRng rng(7);
  auto client =
      ClientTransport::create(ClientOptions{.kind = kind, .secret = std::move(secret), .dc_id = 2}, rng);
  Bytes wire;
  EXPECT_FALSE(client.value().encode(pattern(40), wire));
  return wire;
}

TEST(Obfuscation, WrongSecretIsAnUnknownTag) {
  const auto wire = client_hello(Kind::obfuscated_abridged, secret_of("00112233445566778899aabbccddeeff"));
  EXPECT_EQ(server_error(wire, secret_of("ff112233445566778899aabbccddeeff")),
            transport_errc::unknown_protocol_tag);
  EXPECT_EQ(server_error(wire, std::nullopt), transport_errc::unknown_protocol_tag);
  EXPECT_FALSE(server_error(wire, secret_of("00112233445566778899aabbccddeeff")));
  EXPECT_EQ(server_error(pattern(64, 9), std::nullopt), transport_errc::unknown_protocol_tag);
}

TEST(Obfuscation, DdSecretRequiresPadded) {
  crypto::DeterministicRng rng(1);
  const auto dd = secret_of("dd00112233445566778899aabbccddeeff");
  auto wrong =
      ClientTransport::create(ClientOptions{.kind = Kind::obfuscated_intermediate, .secret = dd}, rng);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error(), transport_errc::padded_required);
  // A client given the bare secret can still open intermediate; a dd server refuses it.
  const auto wire =
      client_hello(Kind::obfuscated_intermediate, secret_of("00112233445566778899aabbccddeeff"));
  EXPECT_EQ(server_error(wire, dd), transport_errc::padded_required);
  EXPECT_FALSE(server_error(client_hello(Kind::obfuscated_padded, dd), dd));
}

TEST(Obfuscation, SecretRequiresObfuscation) {
  crypto::DeterministicRng rng(1);
  const auto secret = secret_of("00112233445566778899aabbccddeeff");
  auto plain = ClientTransport::create(ClientOptions{.kind = Kind::intermediate, .secret = secret}, rng);
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error(), transport_errc::obfuscation_required);
  for (auto kind : {Kind::abridged, Kind::intermediate, Kind::padded, Kind::full}) {
    EXPECT_EQ(server_error(client_hello(kind, std::nullopt), secret), transport_errc::obfuscation_required)
        << to_string(kind);
  }
}

// A framing that rejects the first bytes it is given and would take any after
// them, counting the bytes it was handed.
class RejectsFirstInput final : public Codec {
 public:
  explicit RejectsFirstInput(std::size_t& seen) : seen_(&seen) {}
  std::error_code encode(std::span<const std::byte>, Bytes&, bool) override { return {}; }
  std::error_code encode_quick_ack(std::uint32_t, Bytes&) override { return {}; }
  std::error_code encode_error(std::int32_t, Bytes&) override { return {}; }
  Result<Decoded> decode(std::span<std::byte> in) override {
    const bool first = *seen_ == 0;
    *seen_ += in.size();
    if (first) return make_error_code(transport_errc::length_too_large);
    return Decoded{in.size(), std::nullopt};
  }

 private:
  std::size_t* seen_;
};

TEST(Obfuscation, CodecStaysFailedOnceItsFramingFailed) {
  crypto::DeterministicRng rng(3);
  auto hello = Obfuscator::connect(rng, ProtocolTag::intermediate, std::nullopt, nullptr);
  ASSERT_TRUE(hello);
  std::size_t seen = 0;
  ObfuscatedCodec codec(std::make_unique<RejectsFirstInput>(seen), std::move(hello->cipher));
  auto sixteen = pattern(16);
  const auto first = codec.decode(sixteen);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error(), transport_errc::length_too_large);
  // Neither more bytes nor draining calls reach the framing again: they are
  // neither decrypted nor kept.
  for (auto more : {pattern(1 << 20), Bytes{}}) {
    const auto again = codec.decode(more);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error(), transport_errc::length_too_large);
  }
  EXPECT_EQ(seen, 16u);
}

}  // namespace
}  // namespace layer::mtproto::transport::test
