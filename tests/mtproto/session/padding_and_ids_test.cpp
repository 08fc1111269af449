// Random padding (bounds, uniform draw) and msg_ids across clock corrections.
#include <gtest/gtest.h>

#include <array>

#include "helpers.hpp"
#include "layer/mtproto/encrypted_session.hpp"

namespace layer::mtproto::test {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

// Padding = packet - auth_key_id, msg_key, inner header and body.
std::size_t padding_of(const Bytes& packet, std::size_t body_size) {
  return packet.size() - kEncryptedHeaderSize - body_size;
}

TEST(Padding, DefaultIsRandomAndWithinBounds) {
  crypto::DeterministicRng rng(11);
  EncryptedSession s(fixed_key(), 1, 0, rng);
  std::size_t smallest = 2000, largest = 0;
  for (std::size_t size = 0; size < 256; size += 4) {
    for (int round = 0; round < 8; ++round) {
      const std::size_t pad = padding_of(s.pack(Bytes(size), at(kNow)), size);
      EXPECT_GE(pad, 12u);
      EXPECT_LE(pad, 12u + 15 + 16 * 15);
      EXPECT_EQ((32 + size + pad) % 16, 0u);
      smallest = std::min(smallest, pad);
      largest = std::max(largest, pad);
    }
  }
  EXPECT_LT(smallest, 28u);
  EXPECT_GT(largest, 12u + 16 * 14);
}

TEST(Padding, NeverPassesTheCap) {
  crypto::DeterministicRng rng(12);
  EncryptedSessionOptions o;
  o.max_extra_padding_blocks = 100'000;
  EncryptedSession s(fixed_key(), 1, 0, rng, o);
  std::size_t largest = 0;
  for (int round = 0; round < 400; ++round) {
    const std::size_t size = 4 * static_cast<std::size_t>(round % 8);
    const std::size_t pad = padding_of(s.pack(Bytes(size), at(kNow)), size);
    EXPECT_GE(pad, 12u);
    EXPECT_LE(pad, 1024u);
    largest = std::max(largest, pad);
  }
  EXPECT_GT(largest, 1024u - 16);
}

TEST(Padding, ZeroExtraBlocksGivesTheMinimum) {
  crypto::DeterministicRng rng(16);
  EncryptedSessionOptions o;
  o.max_extra_padding_blocks = 0;
  EncryptedSession s(fixed_key(), 1, 0, rng, o);
  for (std::size_t size = 0; size < 64; size += 4) {
    // 12 bytes, plus what it takes to reach a multiple of 16.
    EXPECT_EQ(padding_of(s.pack(Bytes(size), at(kNow)), size), 12 + (16 - (32 + size + 12) % 16) % 16);
  }
}

// A draw at or above the largest multiple of the range is drawn again instead
// of being folded onto the low values.
TEST(Padding, OutOfRangeDrawIsRejected) {
  ScriptedRng rng;
  EncryptedSessionOptions o;
  o.max_extra_padding_blocks = 2;  // three outcomes: 2^32 - 1 is the one draw left over
  o.session_id = 1;
  EncryptedSession s(fixed_key(), 1, 0, rng, o);
  rng.push(hex("ffffffff"));
  rng.push(hex("05000000"));  // 5 % 3 = 2 blocks
  const Bytes p = s.pack(Bytes(4), at(kNow));
  EXPECT_EQ(padding_of(p, 4), 12u + 32);  // 4 bytes of body need only the 12
}

TEST(Padding, ExtraBlocksAreUniform) {
  crypto::DeterministicRng rng(13);
  EncryptedSessionOptions o;
  o.max_extra_padding_blocks = 3;
  EncryptedSession s(fixed_key(), 1, 0, rng, o);
  std::array<int, 4> counts{};
  for (int i = 0; i < 4000; ++i) ++counts[(padding_of(s.pack(Bytes(4), at(kNow)), 4) - 12) / 16];
  for (int c : counts) {
    EXPECT_GT(c, 900);
    EXPECT_LT(c, 1100);
  }
}

TEST(MessageIds, KeepIncreasingAcrossOffsetCorrections) {
  crypto::DeterministicRng rng(14);
  EncryptedSession s(fixed_key(), 1, 0, rng);
  const auto first = s.next_msg_id(at(kNow, 500'000'000));
  s.set_time_offset(-20, at(kNow, 500'000'000));  // within what the server accepts
  const auto second = s.next_msg_id(at(kNow, 500'000'000));
  EXPECT_GT(second, first);
  EXPECT_EQ(second % 4, 0);
  s.set_time_offset(100, at(kNow));
  const auto third = s.next_msg_id(at(kNow));
  EXPECT_GT(third, second);
  EXPECT_EQ(msg_id_seconds(third), kNow + 100);
}

// Ids over 30 s ahead of the corrected clock were refused by the server (17)
// and ignored; only those are given up, so the next id is still above anything
// it can have accepted.
TEST(MessageIds, IdsTheServerRefusedAsTooHighAreGivenUp) {
  crypto::DeterministicRng rng(15);
  EncryptedSession s(fixed_key(), 1, 100, rng);
  const auto refused = s.next_msg_id(at(kNow));
  s.set_time_offset(0, at(kNow));
  const auto next = s.next_msg_id(at(kNow));
  EXPECT_LT(next, refused);
  EXPECT_EQ(msg_id_seconds(next), kNow + 30);
  EXPECT_EQ(next % 4, 0);
  EXPECT_GT(s.next_msg_id(at(kNow)), next);
}

TEST(MessageIds, ServerIdsKeepTheirParity) {
  MessageIdGenerator ids(Side::server, 100);
  const auto a = ids.next(at(kNow));
  ids.set_time_offset(0);
  ids.forget_ids_after(kNow + 30);
  const auto b = ids.next(at(kNow));
  EXPECT_LT(b, a);
  EXPECT_EQ(b & 3, 1);
}

}  // namespace
}  // namespace layer::mtproto::test
