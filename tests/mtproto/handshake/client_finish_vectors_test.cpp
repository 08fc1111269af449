// finish() against auth_key.json: with the vector's auth key and nonces in State3,
// the vector's new_nonce_hash1/2/3 must be accepted, and the salt and retry_id
// must be what the specification derives from them.
#include <bit>

#include <gtest/gtest.h>

#include "layer/crypto/dh.hpp"
#include "support.hpp"

namespace layer::mtproto::handshake::test {
namespace {

class FinishVectors : public ::testing::Test {
 protected:
  void SetUp() override { v_ = vector("auth_key", "auth_key_0"); }

  std::string field(const char* name) const { return v_.at(name).get<std::string>(); }

  State3 state() const {
    const auto key_bytes = array_of<256>(field("auth_key"));
    const auto new_nonce = array_of<32>(field("new_nonce"));
    crypto::DeterministicRng rng(3);
    std::array<std::byte, 256> a{};
    rng.fill(a);
    const auto g_a = crypto::dh_public(3, a, telegram_prime()).value();
    return State3{{},
                  array_of<16>(field("server_nonce")),
                  crypto::SecureArray<32>(new_nonce),
                  std::nullopt,
                  1,
                  str(telegram_prime()),
                  3,
                  str(g_a),
                  std::chrono::seconds(5),
                  crypto::AuthKey(key_bytes)};
  }

  nlohmann::json v_;
  crypto::DeterministicRng rng_{9};
};

TEST_F(FinishVectors, DhGenOkWithVectorHashGivesKeyAndSalt) {
  const auto s = state();
  tl::types::DhGenOk ok{s.nonce, s.server_nonce, array_of<16>(field("new_nonce_hash1"))};
  const auto outcome = finish(s, tl::serialize(ok), rng_).value();
  const auto& done = std::get<Done>(outcome);
  EXPECT_EQ(hex(done.auth_key.bytes()), field("auth_key"));
  EXPECT_EQ(hex(done.auth_key.id_bytes()), field("key_id_le"));
  EXPECT_EQ(done.time_offset, std::chrono::seconds(5));
  EXPECT_FALSE(done.expires_in.has_value());

  const Bytes nn = unhex(field("new_nonce"));
  const Bytes sn = unhex(field("server_nonce"));
  std::array<std::byte, 8> salt{};
  for (std::size_t i = 0; i < 8; ++i) salt[i] = nn[i] ^ sn[i];
  EXPECT_EQ(done.first_salt, std::bit_cast<std::int64_t>(salt));
}

TEST_F(FinishVectors, DhGenRetryWithVectorHashSendsAuxHashAsRetryId) {
  const auto s = state();
  tl::types::DhGenRetry retry{s.nonce, s.server_nonce, array_of<16>(field("new_nonce_hash2"))};
  const auto outcome = finish(s, tl::serialize(retry), rng_).value();
  const auto& next = std::get<Step3>(outcome);
  EXPECT_EQ(next.state.retries_left, 0);
  EXPECT_EQ(next.state.g_a, s.g_a);

  // Decrypt with the vector's tmp_aes_key/iv, not with our own derivation.
  const auto key = array_of<32>(field("tmp_aes_key"));
  const auto iv = array_of<32>(field("tmp_aes_iv"));
  const auto& encrypted = next.request.function.encrypted_data;
  Bytes plain(encrypted.size());
  ASSERT_FALSE(crypto::aes_ige_decrypt(key, iv, bytes(encrypted), plain));
  tl::Reader r{std::span(plain).subspan(20)};
  ASSERT_EQ(r.read_u32(), tl::types::ClientDHInnerData::ID);
  const auto inner = tl::read<tl::types::ClientDHInnerData>(r);
  EXPECT_EQ(hex(std::as_bytes(std::span(&inner.retry_id, 1))), field("aux_hash_le"));
  const auto hash = crypto::sha1(std::span(plain).subspan(20, r.offset()));
  EXPECT_EQ(hex(hash), hex(std::span(plain).first(20)));
  EXPECT_EQ(next.state.auth_key.bytes().size(), 256u);
  EXPECT_NE(hex(next.state.auth_key.bytes()), field("auth_key"));
}

TEST_F(FinishVectors, DhGenFailWithVectorHashIsDhGenFail) {
  const auto s = state();
  tl::types::DhGenFail failed{s.nonce, s.server_nonce, array_of<16>(field("new_nonce_hash3"))};
  EXPECT_EQ(finish(s, tl::serialize(failed), rng_).error(), handshake_errc::dh_gen_fail);
}

TEST_F(FinishVectors, EachHashRejectedInTheWrongSlot) {
  const auto s = state();
  const auto h1 = array_of<16>(field("new_nonce_hash1"));
  const auto h2 = array_of<16>(field("new_nonce_hash2"));
  EXPECT_EQ(finish(s, tl::types::DhGenOk{s.nonce, s.server_nonce, h2}, rng_).error(),
            handshake_errc::new_nonce_hash_mismatch);
  EXPECT_EQ(finish(s, tl::types::DhGenRetry{s.nonce, s.server_nonce, h1}, rng_).error(),
            handshake_errc::new_nonce_hash_mismatch);
  EXPECT_EQ(finish(s, tl::types::DhGenFail{s.nonce, s.server_nonce, h1}, rng_).error(),
            handshake_errc::new_nonce_hash_mismatch);
}

TEST_F(FinishVectors, RetriesExhausted) {
  auto s = state();
  s.retries_left = 0;
  tl::types::DhGenRetry retry{s.nonce, s.server_nonce, array_of<16>(field("new_nonce_hash2"))};
  EXPECT_EQ(finish(s, retry, rng_).error(), handshake_errc::retries_exhausted);
}

TEST_F(FinishVectors, NonceEchoesChecked) {
  const auto s = state();
  const auto h1 = array_of<16>(field("new_nonce_hash1"));
  auto bad = s.nonce;
  bad[0] ^= std::byte{1};
  EXPECT_EQ(finish(s, tl::types::DhGenOk{bad, s.server_nonce, h1}, rng_).error(),
            handshake_errc::nonce_mismatch);
  auto bad_server = s.server_nonce;
  bad_server[15] ^= std::byte{1};
  EXPECT_EQ(finish(s, tl::types::DhGenOk{s.nonce, bad_server, h1}, rng_).error(),
            handshake_errc::server_nonce_mismatch);
}

TEST_F(FinishVectors, MalformedAndEmptyAnswers) {
  const auto s = state();
  const Bytes garbage = unhex("0102030405");
  EXPECT_EQ(finish(s, garbage, rng_).error(), handshake_errc::malformed_message);
  EXPECT_EQ(finish(s, tl::enums::SetClientDHParamsAnswer{}, rng_).error(),
            handshake_errc::unexpected_message);
}

}  // namespace
}  // namespace layer::mtproto::handshake::test
