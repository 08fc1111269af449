// auth.bindTempAuthKey: the client's encrypted_message, decrypted here with the
// MTProto 1.0 formulas written out independently, and every server-side refusal.
#include <bit>
#include <cstring>

#include <gtest/gtest.h>

#include "layer/crypto/mtproto_kdf.hpp"
#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"
#include "support.hpp"

namespace layer::mtproto::handshake::test {
namespace {

crypto::AuthKey key_from(std::uint64_t seed) {
  crypto::DeterministicRng rng(seed);
  std::array<std::byte, 256> bytes{};
  rng.fill(bytes);
  return crypto::AuthKey(bytes);
}

class Bind : public ::testing::Test {
 protected:
  BindContext context() const { return {perm_, temp_, 0x1122334455667788, 0x6500000000000004}; }
  tl::functions::auth::BindTempAuthKey call() {
    return bind_temp_auth_key(context(), kNow + std::chrono::hours(24), rng_).value().function;
  }

  crypto::AuthKey perm_ = key_from(1);
  crypto::AuthKey temp_ = key_from(2);
  crypto::DeterministicRng rng_{3};
};

// MTProto 1.0 by hand: aes_key = sha1_a[0:8] ‖ sha1_b[8:20] ‖ sha1_c[4:16], aes_iv =
// sha1_a[8:20] ‖ sha1_b[0:8] ‖ sha1_c[16:20] ‖ sha1_d[0:8], with x = 0.
Bytes decrypt_v1(const crypto::AuthKey& key, std::span<const std::byte> msg_key,
                 std::span<const std::byte> data) {
  const auto k = key.bytes();
  const auto a = crypto::sha1({msg_key, k.subspan(0, 32)});
  const auto b = crypto::sha1({k.subspan(32, 16), msg_key, k.subspan(48, 16)});
  const auto c = crypto::sha1({k.subspan(64, 32), msg_key});
  const auto d = crypto::sha1({msg_key, k.subspan(96, 32)});
  std::array<std::byte, 32> aes_key{};
  std::array<std::byte, 32> aes_iv{};
  std::copy_n(a.begin(), 8, aes_key.begin());
  std::copy_n(b.begin() + 8, 12, aes_key.begin() + 8);
  std::copy_n(c.begin() + 4, 12, aes_key.begin() + 20);
  std::copy_n(a.begin() + 8, 12, aes_iv.begin());
  std::copy_n(b.begin(), 8, aes_iv.begin() + 12);
  std::copy_n(c.begin() + 16, 4, aes_iv.begin() + 20);
  std::copy_n(d.begin(), 8, aes_iv.begin() + 24);
  Bytes plain(data.size());
  EXPECT_FALSE(crypto::aes_ige_decrypt(aes_key, aes_iv, data, plain));
  return plain;
}

TEST_F(Bind, EncryptedMessageDecryptsToBindAuthKeyInner) {
  const auto c = call();
  EXPECT_EQ(c.perm_auth_key_id, std::bit_cast<std::int64_t>(perm_.id()));
  EXPECT_EQ(c.expires_at, 1700000000 + 86400);
  const std::span<const std::byte> message = c.encrypted_message;
  EXPECT_EQ(hex(message.first(8)), hex(perm_.id_bytes()));
  EXPECT_EQ((message.size() - 24) % 16, 0u);

  const Bytes plain = decrypt_v1(perm_, message.subspan(8, 16), message.subspan(24));
  std::int64_t msg_id = 0;
  std::int32_t seq_no = -1;
  std::int32_t length = 0;
  std::memcpy(&msg_id, plain.data() + 16, 8);
  std::memcpy(&seq_no, plain.data() + 24, 4);
  std::memcpy(&length, plain.data() + 28, 4);
  EXPECT_EQ(msg_id, context().msg_id);
  EXPECT_EQ(seq_no, 0);
  ASSERT_EQ(length, 40);  // constructor id + 4 longs + int
  const auto digest = crypto::sha1(std::span(plain).first(32 + 40));
  EXPECT_EQ(hex(message.subspan(8, 16)), hex(std::span(digest).subspan(4, 16)));
  const auto inner = tl::deserialize<tl::types::BindAuthKeyInner>(std::span(plain).subspan(32, 40));
  EXPECT_EQ(inner.nonce, c.nonce);
  EXPECT_EQ(inner.temp_auth_key_id, std::bit_cast<std::int64_t>(temp_.id()));
  EXPECT_EQ(inner.perm_auth_key_id, std::bit_cast<std::int64_t>(perm_.id()));
  EXPECT_EQ(inner.temp_session_id, context().temp_session_id);
  EXPECT_EQ(inner.expires_at, c.expires_at);
}

TEST_F(Bind, ServerVerifiesGenuineCall) {
  const auto c = call();
  const auto bound = verify_bind_temp_auth_key(c, context()).value();
  EXPECT_EQ(bound.nonce, c.nonce);
  EXPECT_EQ(bound.expires_at, c.expires_at);
}

TEST_F(Bind, RefusesOtherKeysAndSessions) {
  const auto c = call();
  const auto other = key_from(9);
  EXPECT_EQ(verify_bind_temp_auth_key(c, {other, temp_, context().temp_session_id, context().msg_id}).error(),
            handshake_errc::bind_key_mismatch);
  EXPECT_EQ(verify_bind_temp_auth_key(c, {perm_, other, context().temp_session_id, context().msg_id}).error(),
            handshake_errc::bind_field_mismatch);
  EXPECT_EQ(verify_bind_temp_auth_key(c, {perm_, temp_, 1, context().msg_id}).error(),
            handshake_errc::bind_field_mismatch);
  EXPECT_EQ(
      verify_bind_temp_auth_key(c, {perm_, temp_, context().temp_session_id, context().msg_id + 4}).error(),
      handshake_errc::bind_field_mismatch);
}

TEST_F(Bind, RefusesTamperedCall) {
  auto c = call();
  c.perm_auth_key_id ^= 1;
  EXPECT_EQ(verify_bind_temp_auth_key(c, context()).error(), handshake_errc::bind_key_mismatch);
  c = call();
  c.nonce ^= 1;
  EXPECT_EQ(verify_bind_temp_auth_key(c, context()).error(), handshake_errc::bind_field_mismatch);
  c = call();
  c.expires_at += 1;
  EXPECT_EQ(verify_bind_temp_auth_key(c, context()).error(), handshake_errc::bind_field_mismatch);
  c = call();
  c.encrypted_message[8] ^= std::byte{1};  // msg_key: decrypts to garbage or fails the hash
  const auto ec = verify_bind_temp_auth_key(c, context()).error();
  EXPECT_TRUE(ec == handshake_errc::bind_msg_key_mismatch || ec == handshake_errc::bind_malformed)
      << ec.message();
  c = call();
  c.encrypted_message.back() ^= std::byte{1};  // last block: padding or body changes
  EXPECT_EQ(verify_bind_temp_auth_key(c, context()).error(), handshake_errc::bind_msg_key_mismatch);
  c = call();
  c.encrypted_message.resize(c.encrypted_message.size() - 16);
  EXPECT_EQ(verify_bind_temp_auth_key(c, context()).error(), handshake_errc::bind_malformed);
  c.encrypted_message.resize(40);
  EXPECT_EQ(verify_bind_temp_auth_key(c, context()).error(), handshake_errc::bind_malformed);
  c.encrypted_message.resize(57);
  EXPECT_EQ(verify_bind_temp_auth_key(c, context()).error(), handshake_errc::bind_malformed);
}

}  // namespace
}  // namespace layer::mtproto::handshake::test
