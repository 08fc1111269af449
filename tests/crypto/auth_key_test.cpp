#include <gtest/gtest.h>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/mtproto_kdf.hpp"
#include "test_util.hpp"

namespace layer::crypto {
namespace {

using test::Bytes;
using test::fixed;
using test::hex;
using test::unhex;

AuthKey key_of(const nlohmann::json& v) {
  return AuthKey(fixed<256>(unhex(v.at("auth_key").get<std::string>())));
}

std::string field(const nlohmann::json& v, const char* name) {
  return v.at(name).get<std::string>();
}

TEST(AuthKey, MatchesSharedVectors) {
  int checked = 0;
  for (const auto& v : test::load_vectors("auth_key")) {
    if (!v.contains("auth_key")) continue;  // the RSA fingerprint entries: see rsa_test.cpp
    SCOPED_TRACE(field(v, "name"));
    const AuthKey key = key_of(v);
    EXPECT_EQ(static_cast<std::int64_t>(key.id()), v.at("key_id_int64").get<std::int64_t>());
    EXPECT_EQ(hex(key.id_bytes()), field(v, "key_id_le"));
    EXPECT_EQ(hex(key.aux_hash()), field(v, "aux_hash_le"));
    const Bytes new_nonce = unhex(field(v, "new_nonce"));
    const Bytes server_nonce = unhex(field(v, "server_nonce"));
    EXPECT_EQ(hex(new_nonce_hash(fixed<32>(new_nonce), 1, key)), field(v, "new_nonce_hash1"));
    EXPECT_EQ(hex(new_nonce_hash(fixed<32>(new_nonce), 2, key)), field(v, "new_nonce_hash2"));
    EXPECT_EQ(hex(new_nonce_hash(fixed<32>(new_nonce), 3, key)), field(v, "new_nonce_hash3"));
    const TmpAesKeyIv tmp = tmp_aes_key_iv(fixed<32>(new_nonce), fixed<16>(server_nonce));
    EXPECT_EQ(hex(tmp.key.span()), field(v, "tmp_aes_key"));
    EXPECT_EQ(hex(tmp.iv.span()), field(v, "tmp_aes_iv"));
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

TEST(MtprotoKdf, KeyAndIvMatchEverySharedVector) {
  const auto vectors = test::load_vectors("mtproto2_kdf");
  ASSERT_EQ(vectors.size(), 8u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(field(v, "name"));
    const Direction dir =
        v.at("x").get<int>() == 0 ? Direction::client_to_server : Direction::server_to_client;
    MsgKey mk;
    const Bytes mk_bytes = unhex(field(v, "msg_key"));
    std::copy(mk_bytes.begin(), mk_bytes.end(), mk.begin());
    const MessageKeyIv kiv = message_key_iv(key_of(v), mk, dir);
    EXPECT_EQ(hex(kiv.key.span()), field(v, "aes_key"));
    EXPECT_EQ(hex(kiv.iv.span()), field(v, "aes_iv"));
  }
}

// packet = auth_key_id ‖ msg_key ‖ AES-IGE(plaintext), assembled from the library's parts.
Bytes encrypt_packet(const AuthKey& key, const Bytes& plaintext, Direction dir) {
  const MsgKey mk = msg_key(key, plaintext, dir);
  const MessageKeyIv kiv = message_key_iv(key, mk, dir);
  Bytes packet;
  const auto id = key.id_bytes();
  packet.insert(packet.end(), id.begin(), id.end());
  packet.insert(packet.end(), mk.begin(), mk.end());
  const std::size_t body = packet.size();
  packet.resize(body + plaintext.size());
  EXPECT_FALSE(aes_ige_encrypt(kiv.key.span(), kiv.iv.span(), plaintext, std::span(packet).subspan(body)));
  return packet;
}

TEST(MtprotoKdf, ClientToServerPacketMatchesBothLibraries) {
  for (const auto& v : test::load_vectors("mtproto2_kdf")) {
    if (field(v, "name") != "client_to_server_x0") continue;
    const AuthKey key = key_of(v);
    const Bytes plaintext = unhex(field(v, "plaintext"));
    EXPECT_EQ(field(v, "plaintext"),
              field(v, "salt") + field(v, "session_id") + field(v, "message") + field(v, "padding"));
    EXPECT_EQ(hex(msg_key(key, plaintext, Direction::client_to_server)), field(v, "msg_key"));
    EXPECT_EQ(hex(key.id_bytes()), field(v, "auth_key_id"));
    EXPECT_EQ(hex(encrypt_packet(key, plaintext, Direction::client_to_server)), field(v, "packet"));
    return;
  }
  FAIL() << "vector client_to_server_x0 missing";
}

TEST(MtprotoKdf, ServerToClientPacketDecrypts) {
  for (const auto& v : test::load_vectors("mtproto2_kdf")) {
    if (field(v, "name") != "server_to_client_x8") continue;
    const AuthKey key = key_of(v);
    const Bytes packet = unhex(field(v, "packet"));
    ASSERT_EQ(hex(std::span(packet).first(8)), hex(key.id_bytes()));
    MsgKey mk;
    std::copy_n(packet.begin() + 8, 16, mk.begin());
    const MessageKeyIv kiv = message_key_iv(key, mk, Direction::server_to_client);
    Bytes plaintext(packet.begin() + 24, packet.end());
    ASSERT_FALSE(aes_ige_decrypt(kiv.key.span(), kiv.iv.span(), std::span(plaintext)));
    EXPECT_EQ(hex(plaintext), field(v, "plaintext"));
    EXPECT_TRUE(msg_key_equal(msg_key(key, plaintext, Direction::server_to_client), mk));
    // message = msg_id (8) ‖ seq_no (4) ‖ length (4, LE) ‖ body
    const std::size_t len =
        std::to_integer<std::size_t>(plaintext[28]) | std::to_integer<std::size_t>(plaintext[29]) << 8;
    EXPECT_EQ(hex(std::span(plaintext).subspan(32, len)), field(v, "decoded_body"));
    // The same plaintext under the other direction's slice gives another msg_key.
    EXPECT_FALSE(msg_key_equal(msg_key(key, plaintext, Direction::client_to_server), mk));
    return;
  }
  FAIL() << "vector server_to_client_x8 missing";
}

// msg_key and the quick-ack token are slices of one digest; the token here is
// hashlib's SHA256(auth_key[88:120] + plaintext)[0:4], read little-endian, with
// the high bit set (core.telegram.org/mtproto/mtproto-transports#quick-ack).
TEST(MtprotoKdf, MsgKeyAndQuickAckTokenAreSlicesOfMsgKeyLarge) {
  for (const auto& v : test::load_vectors("mtproto2_kdf")) {
    if (field(v, "name") != "client_to_server_x0") continue;
    const AuthKey key = key_of(v);
    const Bytes plaintext = unhex(field(v, "plaintext"));
    const Sha256Digest large = msg_key_large(key, plaintext, Direction::client_to_server);
    EXPECT_EQ(hex(msg_key(large)), field(v, "msg_key"));
    EXPECT_EQ(quick_ack_token(large), 0xaae50efdu);
    return;
  }
  FAIL() << "vector client_to_server_x0 missing";
}

TEST(MtprotoKdf, MsgKeyEqualComparesEveryByte) {
  MsgKey a{}, b{};
  EXPECT_TRUE(msg_key_equal(a, b));
  b[15] = std::byte{1};
  EXPECT_FALSE(msg_key_equal(a, b));
}

// Expected values from a hashlib implementation of the MTProto 1.0 formulas
// (core.telegram.org/mtproto/description_v1), independent of this library.
TEST(MtprotoKdf, Version1Derivation) {
  const auto vectors = test::load_vectors("auth_key");
  const AuthKey key = key_of(vectors.at(0));
  Bytes plaintext(40);
  for (std::size_t i = 0; i < plaintext.size(); ++i) plaintext[i] = static_cast<std::byte>(i);
  const MsgKey mk = msg_key_v1(plaintext);
  EXPECT_EQ(hex(mk), "917042381b0f99588896cbf236aa8ed3");
  const MessageKeyIv c2s = message_key_iv_v1(key, mk, Direction::client_to_server);
  EXPECT_EQ(hex(c2s.key.span()), "45aba5aebe5133cd149cae93298e843288d273607381cc6951256e171ebd93a2");
  EXPECT_EQ(hex(c2s.iv.span()), "04e682eb376f7abd050abc72712e372e98dbc3eccd947fc45435f6ed3d600779");
  const MessageKeyIv s2c = message_key_iv_v1(key, mk, Direction::server_to_client);
  EXPECT_EQ(hex(s2c.key.span()), "597ccd0973d810254b937da7824e58beecf07797e5189a2dc1e2cca8d3cc1ee1");
  EXPECT_EQ(hex(s2c.iv.span()), "ae0c014267e41064830032ede27b13ecb0da3ad3608f2146b82c71b5d58c5903");
}

}  // namespace
}  // namespace layer::crypto
