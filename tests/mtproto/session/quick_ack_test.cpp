// Quick acks: the token ClientSession keeps for a packet sent asking for one,
// and the one ServerSession finds in it, are both the specification's (computed
// here from scratch); a matching ack names the requests the packet carried, once;
// any other is reported as unmatched and changes nothing.
#include <gtest/gtest.h>

#include "layer/crypto/sha.hpp"
#include "wired.hpp"

namespace layer::mtproto::test {
namespace {

// core.telegram.org/mtproto/mtproto-transports#quick-ack: the first 32 bits of
// SHA256(auth_key[88..120] ‖ plaintext), the hash msg_key is taken from, read
// little-endian, with the high bit set. Decrypted here by hand.
std::uint32_t token_by_the_spec(Bytes packet) {
  const crypto::AuthKey key = fixed_key();
  crypto::MsgKey mk;
  std::copy_n(packet.begin() + 8, mk.size(), mk.begin());
  const auto kiv = crypto::message_key_iv(key, mk, crypto::Direction::client_to_server);
  const auto plaintext = std::span(packet).subspan(24);
  EXPECT_FALSE(crypto::aes_ige_decrypt(kiv.key.span(), kiv.iv.span(), plaintext));
  const auto digest = crypto::sha256({key.bytes().subspan(88, 32), plaintext});
  std::uint32_t token = 0;
  for (int i = 3; i >= 0; --i) token = token << 8 | std::to_integer<std::uint32_t>(digest[i]);
  return token | 0x80000000u;
}

class QuickAcks : public Wired {
 protected:
  explicit QuickAcks(ClientSessionOptions options = {}) : Wired(kSalt, 0, options) {}

  // The one packet the client sends now, asking for a quick ack.
  Bytes asking() {
    auto packet = client_.take_output(now_, true);
    EXPECT_TRUE(packet);
    EXPECT_FALSE(client_.take_output(now_, true));
    return packet ? *packet : Bytes{};
  }
};

TEST_F(QuickAcks, TokenIsTheSpecsHashOfThePacket) {
  const RequestId a = client_.enqueue(request_body(1));
  Bytes packet = asking();
  const std::uint32_t token = token_by_the_spec(packet);
  EXPECT_FALSE(server_.on_received(packet, now_));
  EXPECT_EQ(server_.last_quick_ack_token(), token);
  client_.on_quick_ack(token);
  auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<QuickAckEvent>(ev[0]).token, token);
  EXPECT_EQ(std::get<QuickAckEvent>(ev[0]).requests, std::vector<RequestId>{a});

  // A container's token is its outer packet's, and names every request inside.
  const RequestId b = client_.enqueue(request_body(2));
  const RequestId c = client_.enqueue(request_body(3));
  packet = asking();
  const std::uint32_t container_token = token_by_the_spec(packet);
  EXPECT_FALSE(server_.on_received(packet, now_));
  EXPECT_EQ(server_.last_quick_ack_token(), container_token);
  client_.on_quick_ack(container_token);
  ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<QuickAckEvent>(ev[0]).requests, (std::vector<RequestId>{b, c}));
}

TEST_F(QuickAcks, WrongTokenIsReportedAndTheRightOneStillMatches) {
  const RequestId a = client_.enqueue(request_body(1));
  const std::uint32_t token = token_by_the_spec(asking());
  for (const std::uint32_t wrong : {token ^ 1u, token ^ 0x40000000u, token & ~0x80000000u}) {
    client_.on_quick_ack(wrong);
    const auto ev = events();
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(std::get<UnmatchedQuickAckEvent>(ev[0]).token, wrong);
  }
  EXPECT_TRUE(client_.is_pending(a));
  client_.on_quick_ack(token);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<QuickAckEvent>(ev[0]).requests, std::vector<RequestId>{a});
}

TEST_F(QuickAcks, EachPacketIsAckedOnce) {
  client_.enqueue(request_body(1));
  const std::uint32_t token = token_by_the_spec(asking());
  client_.on_quick_ack(token);
  client_.on_quick_ack(token);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<QuickAckEvent>(ev[0]));
  EXPECT_EQ(std::get<UnmatchedQuickAckEvent>(ev[1]).token, token);
}

TEST_F(QuickAcks, OnlyPacketsThatAskedAreAwaited) {
  client_.enqueue(request_body(1));
  auto packet = client_.take_output(now_);
  ASSERT_TRUE(packet);
  const std::uint32_t token = token_by_the_spec(*packet);
  client_.on_quick_ack(token);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<UnmatchedQuickAckEvent>(ev[0]).token, token);
}

TEST_F(QuickAcks, ForgottenWithTheConnection) {
  client_.enqueue(request_body(1));
  const std::uint32_t token = token_by_the_spec(asking());
  client_.on_disconnect();
  client_.on_quick_ack(token);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<UnmatchedQuickAckEvent>(ev[0]));
}

// The session's own messages are no request of the owner's.
TEST_F(QuickAcks, APacketOfAcksAloneNamesNoRequests) {
  answer_all();
  client_.enqueue(request_body(1));
  pump();
  ASSERT_EQ(events().size(), 1u);
  now_ += std::chrono::seconds(1);  // past ack_delay
  const std::uint32_t token = token_by_the_spec(asking());
  client_.on_quick_ack(token);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(std::get<QuickAckEvent>(ev[0]).requests.empty());
}

TEST_F(QuickAcks, ServerHasNoTokenForAPacketItDropped) {
  client_.enqueue(request_body(1));
  Bytes packet = asking();
  EXPECT_FALSE(server_.on_received(packet, now_));
  EXPECT_TRUE(server_.last_quick_ack_token());
  client_.enqueue(request_body(2));
  packet = asking();
  packet[40] ^= std::byte{1};
  EXPECT_TRUE(server_.on_received(packet, now_));
  EXPECT_FALSE(server_.last_quick_ack_token());
}

ClientSessionOptions one_awaited() {
  ClientSessionOptions o;
  o.max_quick_acks = 1;
  return o;
}

class FewQuickAcks : public QuickAcks {
 protected:
  FewQuickAcks() : QuickAcks(one_awaited()) {}
};

TEST_F(FewQuickAcks, TheOldestIsGivenUpPastTheLimit) {
  client_.enqueue(request_body(1));
  const std::uint32_t first = token_by_the_spec(asking());
  const RequestId b = client_.enqueue(request_body(2));
  const std::uint32_t second = token_by_the_spec(asking());
  client_.on_quick_ack(first);
  client_.on_quick_ack(second);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<UnmatchedQuickAckEvent>(ev[0]).token, first);
  EXPECT_EQ(std::get<QuickAckEvent>(ev[1]).requests, std::vector<RequestId>{b});
}

}  // namespace
}  // namespace layer::mtproto::test
