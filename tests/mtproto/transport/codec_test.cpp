// Byte-exact frames of the plain codecs, their server-only frames, and every
// rejection of a declared length.
#include <zlib.h>

#include <gtest/gtest.h>

#include "layer/mtproto/transport/abridged.hpp"
#include "layer/mtproto/transport/full.hpp"
#include "layer/mtproto/transport/intermediate.hpp"
#include "transport_test_util.hpp"

namespace layer::mtproto::transport::test {
namespace {

const Bytes kPayload = unhex("0102030405060708");

std::error_code first_error(Codec& c, std::string_view wire) {
  auto in = unhex(wire);
  auto r = c.decode(in);
  return r ? std::error_code{} : r.error();
}

TEST(Abridged, ShortAndLongLengths) {
  AbridgedCodec c(Role::client);
  Bytes out;
  ASSERT_FALSE(c.encode(kPayload, out, false));
  EXPECT_EQ(hex(out), "020102030405060708");
  out.clear();
  ASSERT_FALSE(c.encode(kPayload, out, true));
  EXPECT_EQ(hex(out), "820102030405060708");
  const auto w126 = pattern(126 * 4), w127 = pattern(127 * 4);
  out.clear();
  ASSERT_FALSE(c.encode(w126, out, false));
  EXPECT_EQ(hex(std::span(out).first(1)), "7e");
  out.clear();
  ASSERT_FALSE(c.encode(w127, out, false));
  EXPECT_EQ(hex(std::span(out).first(4)), "7f7f0000");
  EXPECT_EQ(out.size(), 4 + w127.size());
  out.clear();
  ASSERT_FALSE(c.encode(w127, out, true));
  EXPECT_EQ(hex(std::span(out).first(4)), "ff7f0000");
}

TEST(Abridged, ServerFramesAndTheirDecoding) {
  AbridgedCodec server(Role::server), client(Role::client);
  Bytes out;
  ASSERT_FALSE(server.encode_quick_ack(0x12345678, out));
  ASSERT_FALSE(server.encode_error(-404, out));
  EXPECT_EQ(hex(out), "92345678016cfeffff");
  const auto got = drain_whole(client, out);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].kind, FrameKind::quick_ack);
  EXPECT_EQ(got[0].token, 0x92345678u);
  EXPECT_EQ(got[1].kind, FrameKind::transport_error);
  EXPECT_EQ(got[1].error_code, -404);
  EXPECT_EQ(client.encode_quick_ack(1, out), transport_errc::wrong_role);
  EXPECT_EQ(client.encode_error(-404, out), transport_errc::wrong_role);
}

TEST(Abridged, ServerSeesQuickAckRequest) {
  AbridgedCodec server(Role::server);
  const auto got = drain_whole(server, unhex("820102030405060708ff020000"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].quick_ack_requested);
  EXPECT_EQ(got[0].payload, kPayload);
}

TEST(Abridged, RejectsLengths) {
  AbridgedCodec a(Role::server), b(Role::server), c(Role::server);
  EXPECT_EQ(first_error(a, "00"), transport_errc::zero_length);
  EXPECT_EQ(first_error(b, "7f000000"), transport_errc::zero_length);
  // Refused on the header alone, before any of the 64 MiB arrives.
  EXPECT_EQ(first_error(c, "7fffffff"), transport_errc::length_too_large);
  EXPECT_EQ(first_error(c, "02"), transport_errc::length_too_large) << "failure is sticky";
  AbridgedCodec small(Role::server, CodecOptions{.max_payload = 16});
  EXPECT_EQ(first_error(small, "05"), transport_errc::length_too_large);
  AbridgedCodec exact(Role::server, CodecOptions{.max_payload = 16});
  EXPECT_FALSE(first_error(exact, "04"));
}

TEST(Abridged, EncodeRejectsBadPayloads) {
  AbridgedCodec c(Role::client, CodecOptions{.max_payload = 16});
  Bytes out;
  EXPECT_EQ(c.encode({}, out, false), transport_errc::zero_length);
  EXPECT_EQ(c.encode(pattern(6), out, false), transport_errc::length_not_aligned);
  EXPECT_EQ(c.encode(pattern(20), out, false), transport_errc::length_too_large);
  EXPECT_TRUE(out.empty());
}

TEST(Intermediate, Frames) {
  IntermediateCodec client(Role::client), server(Role::server);
  Bytes out;
  ASSERT_FALSE(client.encode(kPayload, out, false));
  ASSERT_FALSE(client.encode(kPayload, out, true));
  EXPECT_EQ(hex(out), "080000000102030405060708080000800102030405060708");
  const auto got = drain_whole(server, out);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_FALSE(got[0].quick_ack_requested);
  EXPECT_TRUE(got[1].quick_ack_requested);
  EXPECT_EQ(got[1].payload, kPayload);
  out.clear();
  ASSERT_FALSE(server.encode_quick_ack(0x12345678, out));
  ASSERT_FALSE(server.encode_error(-429, out));
  EXPECT_EQ(hex(out), "785634920400000053feffff");
  const auto back = drain_whole(client, out);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].kind, FrameKind::quick_ack);
  EXPECT_EQ(back[0].token, 0x92345678u);
  EXPECT_EQ(back[1].kind, FrameKind::transport_error);
  EXPECT_EQ(back[1].error_code, -429);
}

TEST(Intermediate, RejectsLengths) {
  IntermediateCodec a(Role::server), b(Role::server), c(Role::server), d(Role::client);
  EXPECT_EQ(first_error(a, "00000000"), transport_errc::zero_length);
  EXPECT_EQ(first_error(b, "05000000"), transport_errc::length_not_aligned);
  EXPECT_EQ(first_error(c, "fcffff7f"), transport_errc::length_too_large);
  EXPECT_EQ(first_error(d, "04044000"), transport_errc::length_too_large);  // 4 MiB + 1 KiB + 4
  IntermediateCodec e(Role::client);
  EXPECT_FALSE(first_error(e, "00044000"));  // exactly the default maximum
}

TEST(Padded, PaddingComesFromTheRng) {
  ScriptedRng rng;
  rng.push(unhex("13aabbcc"));  // 0x13 % 16 = 3 bytes of padding
  auto client = IntermediateCodec::padded(Role::client, rng);
  Bytes out;
  ASSERT_FALSE(client.encode(kPayload, out, false));
  EXPECT_EQ(hex(out), "0b0000000102030405060708aabbcc");
  rng.push(unhex("07dd"));  // 7 % (3 + 1) = 3 with max_padding 3
  auto telethon_style = IntermediateCodec::padded(Role::client, rng, CodecOptions{.max_padding = 3});
  rng.push(unhex("eeff"));
  out.clear();
  ASSERT_FALSE(telethon_style.encode(kPayload, out, false));
  EXPECT_EQ(hex(out), "0b0000000102030405060708ddeeff");
  EXPECT_EQ(rng.left(), 0u);
}

TEST(Padded, DecodeKeepsPaddingAndSeesErrors) {
  ScriptedRng rng;
  auto server = IntermediateCodec::padded(Role::server, rng);
  auto client = IntermediateCodec::padded(Role::client, rng);
  rng.push(unhex("021122"));
  Bytes out;
  ASSERT_FALSE(server.encode_error(-444, out));
  EXPECT_EQ(hex(out), "0600000044feffff1122");
  auto got = drain_whole(client, out);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind, FrameKind::transport_error);
  EXPECT_EQ(got[0].error_code, -444);
  got = drain_whole(server, unhex("0b0000000102030405060708aabbcc"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(hex(got[0].payload), "0102030405060708aabbcc");
  auto zero = IntermediateCodec::padded(Role::server, rng);
  EXPECT_EQ(first_error(zero, "00000000"), transport_errc::zero_length);
  auto big = IntermediateCodec::padded(Role::server, rng, CodecOptions{.max_payload = 16});
  EXPECT_EQ(first_error(big, "20000000"), transport_errc::length_too_large);
}

// core.telegram.org/mtproto/mtproto-transports#padded-intermediate: a quick ack
// is a frame of 8 to 16 bytes, 0xffffffff, the token, 0..8 random bytes.
TEST(Padded, QuickAckIsAShortFrameOfItsOwn) {
  ScriptedRng rng;
  auto server = IntermediateCodec::padded(Role::server, rng);
  auto client = IntermediateCodec::padded(Role::client, rng);
  rng.push(unhex("0caabbcc"));  // 12 % (8 + 1) = 3 bytes of padding
  Bytes out;
  ASSERT_FALSE(server.encode_quick_ack(0x12345678, out));
  EXPECT_EQ(hex(out), "0b000000ffffffff78563492aabbcc");
  EXPECT_EQ(rng.left(), 0u);
  auto got = drain_whole(client, out);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind, FrameKind::quick_ack);
  EXPECT_EQ(got[0].token, 0x92345678u);
  // The unpadded form, a bare word with its high bit set, is read too.
  got = drain_whole(client, unhex("78563492"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind, FrameKind::quick_ack);
  EXPECT_EQ(got[0].token, 0x92345678u);
  // Any other short negative word stays a transport error.
  got = drain_whole(client, unhex("0800000053feffff00000000"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind, FrameKind::transport_error);
}

TEST(Padded, WithoutPaddingKeepsTheMtprotoPacket) {
  // Plain: auth_key_id 0, msg_id, length 4, a 4-byte body, then 3 padding bytes.
  const Bytes plain = unhex(
      "0000000000000000"
      "0400000001000000"
      "04000000"
      "aabbccdd"
      "eeeeee");
  EXPECT_EQ(hex(without_padding(plain)), hex(std::span(plain).first(24)));
  // A length field beyond the payload is left for the session to reject.
  const Bytes lying = unhex(
      "0000000000000000"
      "0400000001000000"
      "40000000"
      "aabbccdd");
  EXPECT_EQ(without_padding(lying).size(), lying.size());
  // Encrypted: 24 header bytes, then whole 16-byte blocks; 5 padding bytes drop.
  Bytes encrypted(24 + 32 + 5, std::byte{1});
  EXPECT_EQ(without_padding(encrypted).size(), 24u + 32u);
  EXPECT_EQ(without_padding(std::span(encrypted).first(10)).size(), 10u);
}

Bytes full_frame(std::uint32_t length_word, std::uint32_t seq, std::span<const std::byte> payload) {
  Bytes f;
  for (auto w : {length_word, seq}) {
    for (int i = 0; i < 4; ++i) f.push_back(static_cast<std::byte>(w >> (8 * i)));
  }
  f.insert(f.end(), payload.begin(), payload.end());
  const auto crc = static_cast<std::uint32_t>(
      ::crc32(0, reinterpret_cast<const Bytef*>(f.data()), static_cast<uInt>(f.size())));
  for (int i = 0; i < 4; ++i) f.push_back(static_cast<std::byte>(crc >> (8 * i)));
  return f;
}

TEST(Full, FramesCountSequencePerDirection) {
  FullCodec client(Role::client), server(Role::server);
  Bytes out;
  ASSERT_FALSE(client.encode(kPayload, out, false));
  ASSERT_FALSE(client.encode(kPayload, out, true));
  EXPECT_EQ(out, concat({full_frame(20, 0, kPayload), full_frame(0x80000014, 1, kPayload)}));
  const auto got = drain_whole(server, out);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(got[1].quick_ack_requested);
  EXPECT_EQ(got[1].payload, kPayload);
  out.clear();
  ASSERT_FALSE(server.encode(kPayload, out, false));
  ASSERT_FALSE(server.encode_quick_ack(7, out));
  ASSERT_FALSE(server.encode_error(-404, out));
  EXPECT_EQ(out,
            concat({full_frame(20, 0, kPayload), unhex("07000080"), full_frame(16, 1, unhex("6cfeffff"))}));
  const auto back = drain_whole(client, out);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[1].kind, FrameKind::quick_ack);
  EXPECT_EQ(back[1].token, 0x80000007u);
  EXPECT_EQ(back[2].kind, FrameKind::transport_error);
}

TEST(Full, RejectsLengthsSequenceAndCrc) {
  FullCodec a(Role::server), b(Role::server), c(Role::server), d(Role::server);
  EXPECT_EQ(first_error(a, "0000000000000000"), transport_errc::zero_length);
  EXPECT_EQ(first_error(b, "0c00000000000000"), transport_errc::length_too_small);
  EXPECT_EQ(first_error(c, "1200000000000000"), transport_errc::length_not_aligned);
  EXPECT_EQ(first_error(d, "1c04400000000000"), transport_errc::length_too_large);
  FullCodec e(Role::server);
  EXPECT_EQ(first_error(e, hex(full_frame(20, 1, kPayload))), transport_errc::bad_seq_no);
  auto corrupt = full_frame(20, 0, kPayload);
  corrupt[9] ^= std::byte{1};
  FullCodec f(Role::server);
  EXPECT_EQ(first_error(f, hex(corrupt)), transport_errc::bad_crc);
  FullCodec g(Role::server);
  std::error_code ec;
  const auto replay = concat({full_frame(20, 0, kPayload), full_frame(20, 0, kPayload)});
  EXPECT_EQ(drain_whole(g, replay, &ec).size(), 1u);
  EXPECT_EQ(ec, transport_errc::bad_seq_no);
}

TEST(TransportErrors, EveryCodeIsNamed) {
  for (auto [code, errc] :
       {std::pair{-404, transport_errc::auth_key_not_found}, std::pair{-429, transport_errc::flood},
        std::pair{-444, transport_errc::invalid_dc}, std::pair{-1, transport_errc::transport_error}}) {
    AbridgedCodec server(Role::server), client(Role::client);
    Bytes out;
    ASSERT_FALSE(server.encode_error(code, out));
    const auto got = drain_whole(client, out);
    ASSERT_EQ(got.size(), 1u);
    Frame f;
    f.kind = got[0].kind;
    f.error_code = got[0].error_code;
    EXPECT_EQ(f.error(), errc) << code;
    EXPECT_EQ(f.error().category().name(), std::string("layer.transport"));
    EXPECT_FALSE(f.error().message().empty());
  }
}

}  // namespace
}  // namespace layer::mtproto::transport::test
