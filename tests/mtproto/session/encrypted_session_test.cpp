#include "layer/mtproto/encrypted_session.hpp"

#include <gtest/gtest.h>

#include <type_traits>

#include "helpers.hpp"
#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/errors.hpp"
#include "layer/mtproto/server_session.hpp"

namespace layer::mtproto::test {
namespace {

// A copy would send with the same session id and msg_ids as the original.
static_assert(!std::is_copy_constructible_v<EncryptedSession> &&
              !std::is_copy_assignable_v<EncryptedSession>);
static_assert(!std::is_copy_constructible_v<ClientSession> && !std::is_copy_assignable_v<ClientSession>);
static_assert(!std::is_copy_constructible_v<ServerSession> && !std::is_copy_assignable_v<ServerSession>);

using crypto::Direction;

constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::int64_t kSalt = 0x1122334455667788;
constexpr std::int64_t kSession = 0x0102030405060708;

crypto::AuthKey vector_key(const nlohmann::json& v) {
  const Bytes k = hex(v.at("auth_key").get<std::string>());
  return crypto::AuthKey(std::span<const std::byte, crypto::kAuthKeySize>(k.data(), k.size()));
}

TEST(EncryptedSession, ReproducesTelethonClientPacket) {
  const auto v = vector_named("mtproto2_kdf.json", "client_to_server_x0");
  const Bytes message = hex(v.at("message").get<std::string>());
  ScriptedRng rng;
  rng.push(hex(v.at("padding").get<std::string>()));
  EncryptedSessionOptions options;
  options.session_id = le64(hex(v.at("session_id").get<std::string>()));
  options.max_extra_padding_blocks = 0;  // the vector has the minimal padding
  EncryptedSession session(vector_key(v), le64(hex(v.at("salt").get<std::string>())), 0, rng, options);
  // msg_id 0x6553f10000001234 is 1700000000 s plus 0x1234 / 2^32 s (1085 ns).
  const Bytes packet = session.pack(std::span(message).subspan(16), at(kNow, 1085));
  EXPECT_EQ(packet, hex(v.at("packet").get<std::string>()));
}

TEST(EncryptedSession, ReproducesServerPacketWithExtraPaddingBlock) {
  const auto v = vector_named("mtproto2_kdf.json", "server_to_client_x8");
  const Bytes message = hex(v.at("message").get<std::string>());
  ScriptedRng rng;
  rng.push(hex("01000000"));  // one extra block (a 32-bit draw): the vector pads 28 bytes
  rng.push(hex(v.at("padding").get<std::string>()));
  EncryptedSessionOptions options;
  options.side = Side::server;
  options.session_id = le64(hex(v.at("session_id").get<std::string>()));
  options.max_extra_padding_blocks = 1;
  EncryptedSession session(vector_key(v), le64(hex(v.at("salt").get<std::string>())), 0, rng, options);
  const Bytes packet = session.pack(std::span(message).subspan(16), at(kNow, 5154));
  EXPECT_EQ(packet, hex(v.at("packet").get<std::string>()));
}

TEST(EncryptedSession, DecryptsTelethonServerPacket) {
  const auto v = vector_named("mtproto2_kdf.json", "server_to_client_x8");
  crypto::DeterministicRng rng(1);
  EncryptedSessionOptions options;
  options.session_id = le64(hex(v.at("session_id").get<std::string>()));
  EncryptedSession session(vector_key(v), 0, 0, rng, options);
  Bytes packet = hex(v.at("packet").get<std::string>());
  auto m = session.unpack(packet, at(kNow));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->msg_id, 0x6553f10000005679);
  EXPECT_EQ(m->seq_no, 1);
  EXPECT_EQ(m->salt, le64(hex(v.at("salt").get<std::string>())));
  EXPECT_EQ(Bytes(m->body.begin(), m->body.end()), hex(v.at("decoded_body").get<std::string>()));
}

TEST(EncryptedSession, ServerSideAdoptsSessionAndReadsClientPacket) {
  const auto v = vector_named("mtproto2_kdf.json", "client_to_server_x0");
  crypto::DeterministicRng rng(1);
  EncryptedSessionOptions options;
  options.side = Side::server;
  EncryptedSession session(vector_key(v), 0, 0, rng, options);
  Bytes packet = hex(v.at("packet").get<std::string>());
  auto m = session.unpack(packet, at(kNow));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->msg_id, 0x6553f10000001234);
  EXPECT_EQ(session.session_id(), le64(hex(v.at("session_id").get<std::string>())));
}

TEST(EncryptedSession, MsgIdsIncreaseAndSeqNosCount) {
  crypto::DeterministicRng rng(3);
  EncryptedSession s(fixed_key(), kSalt, 0, rng);
  const auto a = s.next_msg_id(at(kNow));
  const auto b = s.next_msg_id(at(kNow));
  const auto c = s.next_msg_id(at(kNow - 5));
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(a % 4, 0);
  EXPECT_EQ(c % 4, 0);
  EXPECT_EQ(msg_id_seconds(a), kNow);
  EXPECT_EQ(s.next_seq_no(true), 1);
  EXPECT_EQ(s.next_seq_no(false), 2);
  EXPECT_EQ(s.next_seq_no(true), 3);
  EXPECT_EQ(s.next_seq_no(false), 4);
}

TEST(EncryptedSession, RoundTripBothWaysWithRandomPadding) {
  crypto::DeterministicRng rng_c(1), rng_s(2);
  EncryptedSessionOptions co;
  co.max_extra_padding_blocks = 60;
  EncryptedSession client(fixed_key(), kSalt, 0, rng_c, co);
  EncryptedSessionOptions so;
  so.side = Side::server;
  EncryptedSession server(fixed_key(), kSalt, 0, rng_s, so);
  for (std::size_t size : {0u, 4u, 100u, 4096u}) {
    Bytes body(size, std::byte{0x42});
    Bytes packet = client.pack(body, at(kNow));
    EXPECT_EQ((packet.size() - 24) % 16, 0u);
    auto in = server.unpack(packet, at(kNow));
    ASSERT_TRUE(in) << in.error().message();
    EXPECT_EQ(Bytes(in->body.begin(), in->body.end()), body);
    Bytes reply = server.pack(body, at(kNow), false);
    auto out = client.unpack(reply, at(kNow));
    ASSERT_TRUE(out) << out.error().message();
    EXPECT_EQ(out->msg_id % 2, 1);
    EXPECT_EQ(out->seq_no % 2, 0);
  }
}

// A client session and hand-made server packets that break one rule each.
class EncryptedRejects : public ::testing::Test {
 protected:
  EncryptedRejects() : session_(fixed_key(), kSalt, 0, rng_, options()) {}
  static EncryptedSessionOptions options() {
    EncryptedSessionOptions o;
    o.session_id = kSession;
    o.replay_window = 4;
    return o;
  }
  static std::int64_t server_id(std::int64_t seconds, std::int64_t n = 1) {
    return (seconds << 32) | (n << 2) | 1;
  }
  Bytes packet(std::int64_t msg_id, std::int64_t session = kSession, std::uint32_t length = 4,
               std::size_t padding = 12) const {
    return seal(key_, plaintext(kSalt, session, msg_id, 1, length, Bytes(4, std::byte{0x11}), padding),
                Direction::server_to_client);
  }
  std::error_code unpack(Bytes p) {
    auto r = session_.unpack(p, at(kNow));
    return r ? std::error_code{} : r.error();
  }
  // The rejected packet left no trace: the same msg_id is still accepted.
  void expect_still_accepts(std::int64_t msg_id) { EXPECT_FALSE(unpack(packet(msg_id))); }

  crypto::AuthKey key_ = fixed_key();
  crypto::DeterministicRng rng_{9};
  EncryptedSession session_;
};

TEST_F(EncryptedRejects, BadPacketLength) {
  Bytes p = packet(server_id(kNow));
  EXPECT_EQ(unpack(Bytes(p.begin(), p.begin() + 71)), mtproto_errc::bad_packet_length);
  p.push_back(std::byte{0});
  EXPECT_EQ(unpack(p), mtproto_errc::bad_packet_length);
  expect_still_accepts(server_id(kNow));
}

TEST_F(EncryptedRejects, WrongAuthKeyId) {
  Bytes p = packet(server_id(kNow));
  p[0] ^= std::byte{1};
  EXPECT_EQ(unpack(p), mtproto_errc::auth_key_mismatch);
  expect_still_accepts(server_id(kNow));
}

TEST_F(EncryptedRejects, FlippedMsgKeyBit) {
  Bytes p = packet(server_id(kNow));
  p[8 + 15] ^= std::byte{0x80};
  EXPECT_EQ(unpack(p), mtproto_errc::msg_key_mismatch);
  expect_still_accepts(server_id(kNow));
}

TEST_F(EncryptedRejects, FlippedCiphertextBit) {
  Bytes p = packet(server_id(kNow));
  p[40] ^= std::byte{4};
  EXPECT_EQ(unpack(p), mtproto_errc::msg_key_mismatch);
}

TEST_F(EncryptedRejects, WrongSessionId) {
  EXPECT_EQ(unpack(packet(server_id(kNow), kSession + 1)), mtproto_errc::session_id_mismatch);
  expect_still_accepts(server_id(kNow));
}

TEST_F(EncryptedRejects, LengthBeyondData) {
  EXPECT_EQ(unpack(packet(server_id(kNow), kSession, 4 + 16)), mtproto_errc::bad_message_length);
  EXPECT_EQ(unpack(packet(server_id(kNow), kSession, 0xfffffff0u)), mtproto_errc::bad_message_length);
  EXPECT_EQ(unpack(packet(server_id(kNow), kSession, 2)), mtproto_errc::bad_message_length);
  expect_still_accepts(server_id(kNow));
}

TEST_F(EncryptedRejects, PaddingTooShort) {
  // 16 bytes after the header; a length of 8 leaves 8 bytes of padding.
  EXPECT_EQ(unpack(packet(server_id(kNow), kSession, 8)), mtproto_errc::bad_padding);
  expect_still_accepts(server_id(kNow));
}

TEST_F(EncryptedRejects, PaddingTooLong) {
  EXPECT_EQ(unpack(packet(server_id(kNow), kSession, 4, 1036)), mtproto_errc::bad_padding);
  EXPECT_FALSE(unpack(packet(server_id(kNow), kSession, 4, 1020)));
}

TEST_F(EncryptedRejects, EvenServerMsgId) {
  EXPECT_EQ(unpack(packet(server_id(kNow) - 1)), mtproto_errc::bad_msg_id_parity);
  expect_still_accepts(server_id(kNow));
}

TEST_F(EncryptedRejects, MsgIdTooOldOrTooNew) {
  EXPECT_EQ(unpack(packet(server_id(kNow - 301))), mtproto_errc::msg_id_too_old);
  EXPECT_EQ(unpack(packet(server_id(kNow + 31))), mtproto_errc::msg_id_too_new);
  EXPECT_FALSE(unpack(packet(server_id(kNow - 299))));
  EXPECT_FALSE(unpack(packet(server_id(kNow + 29))));
}

TEST_F(EncryptedRejects, TimeCheckRelaxedAfterOffsetCorrection) {
  session_.set_time_offset(0, at(kNow));
  EXPECT_FALSE(unpack(packet(server_id(kNow + 100))));
  Bytes p = packet(server_id(kNow + 200));
  auto r = session_.unpack(p, at(kNow + 11));
  EXPECT_EQ(r.error(), mtproto_errc::msg_id_too_new);
}

TEST_F(EncryptedRejects, ReplayedMsgId) {
  const Bytes p = packet(server_id(kNow));
  EXPECT_FALSE(unpack(p));
  EXPECT_EQ(unpack(p), mtproto_errc::msg_id_replayed);
  EXPECT_EQ(unpack(packet(server_id(kNow))), mtproto_errc::msg_id_replayed);
}

TEST_F(EncryptedRejects, MsgIdBelowFullWindow) {
  for (std::int64_t n = 10; n < 14; ++n) EXPECT_FALSE(unpack(packet(server_id(kNow, n))));
  EXPECT_EQ(unpack(packet(server_id(kNow, 5))), mtproto_errc::msg_id_below_window);
  EXPECT_FALSE(unpack(packet(server_id(kNow, 20))));
  EXPECT_EQ(unpack(packet(server_id(kNow, 10))), mtproto_errc::msg_id_below_window);
  EXPECT_EQ(unpack(packet(server_id(kNow, 12))), mtproto_errc::msg_id_replayed);
}

TEST(EncryptedServerSide, RejectsClientIdNotDivisibleByFour) {
  crypto::DeterministicRng rng(4);
  EncryptedSessionOptions o;
  o.side = Side::server;
  o.session_id = kSession;
  EncryptedSession server(fixed_key(), kSalt, 0, rng, o);
  const auto make = [&](std::int64_t id) {
    return seal(fixed_key(), plaintext(kSalt, kSession, id, 1, 4, Bytes(4), 12), Direction::client_to_server);
  };
  Bytes odd = make((kNow << 32) | 6);
  EXPECT_EQ(server.unpack(odd, at(kNow)).error(), mtproto_errc::bad_msg_id_parity);
  Bytes good = make((kNow << 32) | 8);
  EXPECT_TRUE(server.unpack(good, at(kNow)));
}

}  // namespace
}  // namespace layer::mtproto::test
