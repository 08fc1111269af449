// Client and server state machines wired together in memory.
#include <gtest/gtest.h>

#include "layer/crypto/sha.hpp"
#include "support.hpp"

namespace layer::mtproto::handshake::test {
namespace {

struct Outcome {
  Done client;
  ServerResult server;
  std::vector<Bytes> wire;  // every message, in order
};

Outcome run(const ClientOptions& options, ServerOptions server_options, std::uint64_t seed) {
  crypto::DeterministicRng c(seed);
  crypto::DeterministicRng s(seed + 1000);
  HandshakeServer server(fake_dc_key(), server_options);
  std::vector<Bytes> wire;
  const auto s1 = step1(options, c).value();
  wire.push_back(s1.request.bytes);
  wire.push_back(server.on_message(wire.back(), s, kNow).value());
  const auto s2 = step2(s1.state, wire.back(), c).value();
  wire.push_back(s2.request.bytes);
  wire.push_back(server.on_message(wire.back(), s, kNow + std::chrono::seconds(30)).value());
  auto s3 = step3(s2.state, wire.back(), c, kNow).value();
  for (;;) {
    wire.push_back(s3.request.bytes);
    wire.push_back(server.on_message(wire.back(), s, kNow).value());
    auto outcome = finish(s3.state, wire.back(), c).value();
    if (auto* done = std::get_if<Done>(&outcome)) {
      EXPECT_TRUE(server.finished());
      return {std::move(*done), server.result().value(), std::move(wire)};
    }
    s3 = std::get<Step3>(std::move(outcome));
  }
}

TEST(Handshake, BothSidesAgree) {
  const auto out = run(fake_dc_options(2), {.dc_id = 2}, 1);
  EXPECT_EQ(hex(out.client.auth_key.bytes()), hex(out.server.auth_key.bytes()));
  EXPECT_EQ(out.client.first_salt, out.server.first_salt);
  EXPECT_EQ(out.client.time_offset, std::chrono::seconds(30));
  EXPECT_FALSE(out.client.expires_in.has_value());
  EXPECT_FALSE(out.server.expires_in.has_value());
  EXPECT_EQ(out.server.dc, 2);
  EXPECT_EQ(out.server.rsa_scheme, crypto::RsaScheme::rsa_pad);
  EXPECT_EQ(out.wire.size(), 6u);
}

// A fixed seed and time give the same exchange every run: pinned here so any
// change to what goes on the out.wire is deliberate.
TEST(Handshake, DeterministicRunIsStable) {
  const auto out = run(fake_dc_options(2), {.dc_id = 2}, 42);
  const auto again = run(fake_dc_options(2), {.dc_id = 2}, 42);
  EXPECT_EQ(out.wire, again.wire);
  crypto::Sha256 all;
  for (const auto& m : out.wire) all.update(m);
  EXPECT_EQ(hex(all.finish()), "01aa105eb01bf7e6d746523798aabb3792de6eb83f9e7c6171883191fb2ced5b");
  EXPECT_EQ(hex(out.client.auth_key.id_bytes()), "7dfa671fcd86a895");
  EXPECT_EQ(out.client.first_salt, -6536183227312481196);
}

TEST(Handshake, TemporaryKeyForTestDc) {
  auto options = fake_dc_options(-2);
  options.expires_in = 3600;
  const auto out = run(options, {.dc_id = 2}, 2);
  EXPECT_EQ(hex(out.client.auth_key.bytes()), hex(out.server.auth_key.bytes()));
  EXPECT_EQ(out.client.expires_in, 3600);
  EXPECT_EQ(out.server.expires_in, 3600);
  EXPECT_EQ(out.server.dc, -2);
}

TEST(Handshake, OldRsaSchemeClient) {
  auto options = fake_dc_options(2);
  options.rsa_scheme = crypto::RsaScheme::old_sha1;
  const auto out = run(options, {}, 3);
  EXPECT_EQ(hex(out.client.auth_key.bytes()), hex(out.server.auth_key.bytes()));
  EXPECT_EQ(out.server.rsa_scheme, crypto::RsaScheme::old_sha1);
}

TEST(Handshake, RetryThenOk) {
  const auto out = run(fake_dc_options(2), {.dc_id = 2, .retries_to_request = 2}, 4);
  EXPECT_EQ(hex(out.client.auth_key.bytes()), hex(out.server.auth_key.bytes()));
  EXPECT_EQ(out.wire.size(), 10u);
}

TEST(Handshake, RetriesExhaustedAgainstServer) {
  auto options = fake_dc_options(2);
  options.max_retries = 1;
  crypto::DeterministicRng c(5);
  crypto::DeterministicRng s(6);
  HandshakeServer server(fake_dc_key(), {.dc_id = 0, .retries_to_request = 3});
  auto s3 = to_step3(server, options, c, s);
  auto outcome = finish(s3.state, server.on_message(s3.request.bytes, s, kNow).value(), c).value();
  const auto& retry = std::get<Step3>(outcome);
  const auto answer = server.on_message(retry.request.bytes, s, kNow).value();
  EXPECT_EQ(finish(retry.state, answer, c).error(), handshake_errc::retries_exhausted);
}

TEST(Handshake, WrongRetryIdGetsDhGenFail) {
  crypto::DeterministicRng c(7);
  crypto::DeterministicRng s(8);
  HandshakeServer server(fake_dc_key());
  const auto s2 = to_step2(server, fake_dc_options(), c, s);
  const auto dh = server.on_message(s2.request.bytes, s, kNow).value();
  const auto s3 = step3(s2.state, dh, c, kNow).value();

  // Re-wrap the client's own inner data with a retry_id the server never asked for.
  const auto& sent = s3.request.function;
  const auto tmp = crypto::tmp_aes_key_iv(s3.state.new_nonce.span(), s3.state.server_nonce);
  Bytes plain(sent.encrypted_data.size());
  ASSERT_FALSE(crypto::aes_ige_decrypt(tmp.key.span(), tmp.iv.span(), bytes(sent.encrypted_data), plain));
  tl::Reader r{std::span(plain).subspan(20)};
  r.read_u32();
  auto inner = tl::read<tl::types::ClientDHInnerData>(r);
  inner.retry_id = 1;
  auto forged = sent;
  forged.encrypted_data = wrap(tl::serialize(inner), s3.state.new_nonce.span(), s3.state.server_nonce);

  const auto answer = server.on_set_client_dh_params(forged).value();
  ASSERT_TRUE(answer.is<tl::types::DhGenFail>());
  EXPECT_TRUE(server.finished());
  EXPECT_FALSE(server.result().has_value());
  EXPECT_EQ(finish(s3.state, answer, c).error(), handshake_errc::dh_gen_fail);
  EXPECT_EQ(server.on_message(tl::serialize(sent), s, kNow).error(), handshake_errc::handshake_finished);
}

}  // namespace
}  // namespace layer::mtproto::handshake::test
