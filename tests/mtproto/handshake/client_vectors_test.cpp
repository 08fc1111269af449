// The client's messages against the recorded exchange in tl_serialization.json
// (Telethon, cross-checked by GramJS): what the vector's inputs determine must
// come out byte for byte.
#include <gtest/gtest.h>

#include "layer/crypto/pq.hpp"
#include "support.hpp"

namespace layer::mtproto::handshake::test {
namespace {

Bytes vector_bytes(const std::string& name) {
  return unhex(vector("tl_serialization", name).at("bytes").get<std::string>());
}

std::string spec_hex(const std::string& name, const std::string& field, const std::string& kind) {
  return vector("tl_serialization", name).at("spec").at(field).at(kind).get<std::string>();
}

TEST(HandshakeClientVectors, ReqPqMultiFromVectorNonce) {
  ScriptedRng rng(7);
  rng.push(unhex(spec_hex("req_pq_multi", "nonce", "$int128")));
  const auto s1 = step1(ClientOptions{}, rng).value();
  EXPECT_EQ(hex(s1.request.bytes), hex(vector_bytes("req_pq_multi")));
  EXPECT_EQ(tl::serialize(s1.request.function), s1.request.bytes);
}

// The vector's resPQ offers Telegram's production key (first) and the fake DC key;
// the client picks the first one it knows and splits pq into the vector's p and q.
TEST(HandshakeClientVectors, ReqDhParamsFieldsFromVectorResPq) {
  ScriptedRng rng(7);
  rng.push(unhex(spec_hex("req_pq_multi", "nonce", "$int128")));
  const auto s1 = step1(ClientOptions{}, rng).value();
  const auto s2 = step2(s1.state, vector_bytes("resPQ"), rng).value();
  const auto& request = s2.request.function;
  EXPECT_EQ(hex(bytes(request.p)), spec_hex("req_DH_params", "p", "$bytes"));
  EXPECT_EQ(hex(bytes(request.q)), spec_hex("req_DH_params", "q", "$bytes"));
  EXPECT_EQ(request.public_key_fingerprint, -3414540481677951611);
  EXPECT_EQ(hex(request.server_nonce), spec_hex("req_DH_params", "server_nonce", "$int128"));
  EXPECT_EQ(request.encrypted_data.size(), 256u);

  // With the vector's encrypted_data in place, the whole request is the vector.
  auto with_vector_data = request;
  with_vector_data.encrypted_data = str(unhex(spec_hex("req_DH_params", "encrypted_data", "$bytes")));
  EXPECT_EQ(hex(tl::serialize(with_vector_data)), hex(vector_bytes("req_DH_params")));
}

// Offered the fake DC key instead, the encrypted p_q_inner_data_dc decrypts (with
// the fake DC's private key) to exactly the vector's bytes when new_nonce is the vector's.
TEST(HandshakeClientVectors, PqInnerDataDcBytesFromVectorNewNonce) {
  ScriptedRng rng(7);
  rng.push(unhex(spec_hex("req_pq_multi", "nonce", "$int128")));
  const auto s1 = step1(fake_dc_options(2), rng).value();
  rng.push(unhex(spec_hex("p_q_inner_data_dc", "new_nonce", "$int256")));
  const auto s2 = step2(s1.state, vector_bytes("resPQ"), rng).value();
  EXPECT_EQ(s2.request.function.public_key_fingerprint, 3256475598533288852);

  const auto decrypted = fake_dc_key().decrypt_inner_data(bytes(s2.request.function.encrypted_data)).value();
  EXPECT_EQ(decrypted.scheme, crypto::RsaScheme::rsa_pad);
  const Bytes expected = vector_bytes("p_q_inner_data_dc");
  ASSERT_GE(decrypted.data.size(), expected.size());
  EXPECT_EQ(hex(decrypted.data.span().first(expected.size())), hex(expected));
  EXPECT_EQ(hex(s2.state.new_nonce.span()), spec_hex("p_q_inner_data_dc", "new_nonce", "$int256"));
}

TEST(HandshakeClientVectors, TemporaryKeyUsesTempDcConstructor) {
  ScriptedRng rng(7);
  rng.push(unhex(spec_hex("req_pq_multi", "nonce", "$int128")));
  auto options = fake_dc_options(-2);
  options.expires_in = 86400;
  const auto s1 = step1(options, rng).value();
  const auto s2 = step2(s1.state, vector_bytes("resPQ"), rng).value();
  const auto decrypted = fake_dc_key().decrypt_inner_data(bytes(s2.request.function.encrypted_data)).value();
  tl::Reader r(decrypted.data.span());
  const auto inner = tl::read<tl::enums::PQInnerData>(r);
  ASSERT_TRUE(inner.is<tl::types::PQInnerDataTempDc>());
  EXPECT_EQ(inner.as<tl::types::PQInnerDataTempDc>()->dc, -2);
  EXPECT_EQ(inner.as<tl::types::PQInnerDataTempDc>()->expires_in, 86400);
  EXPECT_EQ(s2.state.expires_in, 86400);
}

TEST(HandshakeClientVectors, OldRsaSchemeDecryptsAsOldScheme) {
  ScriptedRng rng(7);
  rng.push(unhex(spec_hex("req_pq_multi", "nonce", "$int128")));
  auto options = fake_dc_options();
  options.rsa_scheme = crypto::RsaScheme::old_sha1;
  const auto s1 = step1(options, rng).value();
  const auto s2 = step2(s1.state, vector_bytes("resPQ"), rng).value();
  const auto decrypted = fake_dc_key().decrypt_inner_data(bytes(s2.request.function.encrypted_data)).value();
  EXPECT_EQ(decrypted.scheme, crypto::RsaScheme::old_sha1);
}

// The recorded server_DH_inner_data is synthetic (its dh_prime has 2047 bits), so
// a client must refuse it; the byte form still round-trips through our types.
TEST(HandshakeClientVectors, RecordedServerDhInnerDataRoundTripsAndIsRefused) {
  const Bytes recorded = vector_bytes("server_DH_inner_data");
  const auto inner = tl::deserialize<tl::types::ServerDHInnerData>(recorded);
  EXPECT_EQ(tl::serialize(inner), recorded);
  EXPECT_EQ(inner.g, 3);
  EXPECT_EQ(inner.server_time, 1700000000);

  ScriptedRng rng(7);
  rng.push(unhex(spec_hex("req_pq_multi", "nonce", "$int128")));
  const auto s1 = step1(fake_dc_options(), rng).value();
  auto s2 = step2(s1.state, vector_bytes("resPQ"), rng).value();
  const auto result = step3(s2.state, dh_params_ok(s2.state, inner), rng, kNow);
  EXPECT_EQ(result.error(), handshake_errc::bad_dh_prime);
}

TEST(HandshakeClientVectors, ClientDhInnerDataAndDhGenOkRoundTrip) {
  for (const auto* name : {"client_DH_inner_data", "dh_gen_ok"}) {
    const Bytes recorded = vector_bytes(name);
    const auto value = tl::deserialize<tl::AnyObject>(recorded);
    EXPECT_EQ(tl::serialize(value), recorded) << name;
  }
  const auto ok = tl::deserialize<tl::enums::SetClientDHParamsAnswer>(vector_bytes("dh_gen_ok"));
  EXPECT_TRUE(ok.is<tl::types::DhGenOk>());
}

}  // namespace
}  // namespace layer::mtproto::handshake::test
