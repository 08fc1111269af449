// The first bytes Telethon and GramJS send (tests/data/interop/first_bytes.json):
// our server decodes every capture, and our client reproduces each one byte for
// byte when fed the randomness the capture reveals.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/mtproto/transport/server_transport.hpp"
#include "layer/tl/codec.hpp"
#include "layer/tl/functions/root.hpp"
#include "reference_ctr.hpp"

namespace layer::mtproto::transport::test {
namespace {

const Bytes kProxySecret = unhex("00112233445566778899aabbccddeeff");

struct Capture {
  std::string name;
  Kind kind;
  std::optional<Secret> secret;
  nlohmann::json json;
};

Kind kind_of(const std::string& transport) {
  const auto base = transport.substr(0, transport.find('+'));
  if (base == "full") return Kind::full;
  if (base == "abridged") return Kind::abridged;
  if (base == "intermediate") return Kind::intermediate;
  if (base == "padded_intermediate") return Kind::padded;
  if (base == "obfuscated2(abridged)") return Kind::obfuscated_abridged;
  if (base == "obfuscated2(intermediate)") return Kind::obfuscated_intermediate;
  if (base == "obfuscated2(padded_intermediate)") return Kind::obfuscated_padded;
  throw std::runtime_error("unknown transport " + transport);
}

std::vector<Capture> captures() {
  std::ifstream in(std::string(LAYER_TEST_DATA_DIR) + "/interop/first_bytes.json");
  std::stringstream ss;
  ss << in.rdbuf();
  std::vector<Capture> out;
  const auto doc = nlohmann::json::parse(ss.str());
  for (const auto& [name, j] : doc.items()) {
    std::optional<Secret> secret;
    if (name.find("mtproxy") != std::string::npos) {
      const auto bytes = name.ends_with("padded") ? concat({unhex("dd"), kProxySecret}) : kProxySecret;
      secret = Secret::parse(bytes).value();
    }
    out.push_back({name, kind_of(j.at("transport")), secret, j});
  }
  return out;
}

void check_first_message(const Capture& c, std::span<const std::byte> payload) {
  const auto expected = unhex(c.json.at("first_packet_payload_hex").get<std::string>());
  ASSERT_GE(payload.size(), 40u);
  EXPECT_EQ(hex(payload.first(40)), hex(expected));
  const auto body = payload.subspan(20, 20);
  const auto req = tl::deserialize<tl::functions::ReqPqMulti>(body);
  EXPECT_EQ(hex(req.nonce), c.json.at("first_message").at("nonce").get<std::string>());
}

TEST(Interop, CapturesAreAllThere) {
  EXPECT_EQ(captures().size(), 14u);
}

TEST(Interop, ServerDecodesEveryCapture) {
  for (const auto& c : captures()) {
    SCOPED_TRACE(c.name);
    const auto raw = unhex(c.json.at("raw_hex").get<std::string>());
    for (int split = 0; split < 3; ++split) {
      ScriptedRng unused;
      ServerTransport server(ServerOptions{.secret = c.secret}, unused);
      const auto got = split == 0   ? drain_whole(server, raw)
                       : split == 1 ? drain_bytewise(server, raw)
                                    : drain_random(server, raw, 5);
      ASSERT_EQ(got.size(), 1u);
      EXPECT_EQ(got[0].kind, FrameKind::message);
      EXPECT_EQ(server.kind(), c.kind);
      check_first_message(c, got[0].payload);
      if (is_obfuscated(c.kind)) {
        EXPECT_EQ(server.dc_id(), c.json.at("obfuscated_dc_id_bytes_60_62").get<int>());
      }
    }
  }
}

// The bytes our client must draw to send exactly what the capture holds: the
// plain header (bytes 56..63 recovered with OpenSSL) and the padding.
Bytes revealed_randomness(const Capture& c, const Bytes& raw) {
  Bytes script;
  auto frame = std::span<const std::byte>(raw);
  Bytes plain;
  if (is_obfuscated(c.kind)) {
    const Bytes* key = c.secret ? &kProxySecret : nullptr;
    const auto [k, iv] = reference_keys(std::span(raw).first(64), key, false);
    plain = reference_ctr(k, iv, raw);
    script = concat({std::span(raw).first(56), std::span(plain).subspan(56, 8)});
    frame = std::span(plain).subspan(64);
  } else if (c.kind == Kind::padded) {
    frame = frame.subspan(4);
  }
  if (framing_of(c.kind) == Kind::padded) {
    const auto padding = frame.subspan(4 + 40);
    script.push_back(static_cast<std::byte>(padding.size()));
    script.insert(script.end(), padding.begin(), padding.end());
  }
  return script;
}

TEST(Interop, ClientReproducesEveryCapture) {
  for (const auto& c : captures()) {
    SCOPED_TRACE(c.name);
    const auto raw = unhex(c.json.at("raw_hex").get<std::string>());
    ScriptedRng rng;
    rng.push(revealed_randomness(c, raw));
    std::optional<std::int16_t> dc;
    if (is_obfuscated(c.kind))
      dc = static_cast<std::int16_t>(c.json.at("obfuscated_dc_id_bytes_60_62").get<int>());
    auto client =
        ClientTransport::create(ClientOptions{.kind = c.kind, .secret = c.secret, .dc_id = dc}, rng);
    ASSERT_TRUE(client);
    Bytes wire;
    const auto payload = unhex(c.json.at("first_packet_payload_hex").get<std::string>());
    ASSERT_FALSE(client->encode(std::span(payload).first(40), wire));
    EXPECT_EQ(hex(wire), hex(raw));
    EXPECT_EQ(rng.left(), 0u);
  }
}

}  // namespace
}  // namespace layer::mtproto::transport::test
