// Container limits both ways: 1020 messages and 1 MiB for the whole
// msg_container, refused when incoming and respected by both take_outputs.
#include <gtest/gtest.h>

#include "layer/mtproto/errors.hpp"
#include "layer/mtproto/server_session.hpp"
#include "layer/tl/types/root.hpp"
#include "scripted_server.hpp"

namespace layer::mtproto::test {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

// Incompressible, so gzip leaves it as it is.
Bytes noise(std::size_t size, std::uint64_t seed = 3) {
  crypto::DeterministicRng rng(seed);
  Bytes out(size);
  rng.fill(out);
  return out;
}

Bytes container_with_bodies(const std::vector<std::size_t>& sizes) {
  std::vector<Bytes> bodies;
  for (auto s : sizes) bodies.push_back(Bytes(s, std::byte{0}));
  std::vector<ContainedMessage> items;
  std::int64_t id = 4;
  for (const auto& b : bodies) items.push_back({id += 4, 1, b});
  Bytes out;
  write_container(out, items);
  return out;
}

TEST(ContainerLimits, IncomingContainerOverOneMebibyteIsRefused) {
  // 8 bytes of header, then 16 per message: two bodies fill 1 MiB exactly.
  const std::size_t half = (kMiB - 8 - 32) / 2;
  const Bytes exact = container_with_bodies({half, half});
  ASSERT_EQ(exact.size(), kMiB);
  EXPECT_TRUE(flatten_message({1, 2, exact}));
  const Bytes over = container_with_bodies({half, half + 4});
  EXPECT_EQ(flatten_message({1, 2, over}).error(), mtproto_errc::container_too_large);
}

class ClientLimits : public ClientScript {
 protected:
  // How many messages each packet the client sends now holds.
  std::vector<std::size_t> packet_sizes() {
    std::vector<std::size_t> out;
    while (auto p = client_.take_output(now_)) out.push_back(server_.open(*p, now_).size());
    return out;
  }
  CallOptions plain() {
    CallOptions o;
    o.gzip = false;
    return o;
  }
};

TEST_F(ClientLimits, AtMost1020MessagesPerContainer) {
  for (int i = 0; i < 1021; ++i) client_.enqueue(Bytes(8, std::byte{1}));
  EXPECT_EQ(packet_sizes(), (std::vector<std::size_t>{1020, 1}));
}

TEST_F(ClientLimits, AcksCountTowardsThe1020) {
  deliver(tl::serialize(tl::types::UpdatesTooLong{}));
  for (int i = 0; i < 1020; ++i) client_.enqueue(Bytes(8, std::byte{1}));
  EXPECT_EQ(packet_sizes(), (std::vector<std::size_t>{1020, 1}));
}

TEST_F(ClientLimits, AtMostOneMebibytePerContainer) {
  const std::size_t half = (kMiB - 8 - 32) / 2;
  client_.enqueue(noise(half, 1), plain());
  client_.enqueue(noise(half, 2), plain());
  client_.enqueue(Bytes(8, std::byte{1}));
  EXPECT_EQ(packet_sizes(), (std::vector<std::size_t>{2, 1}));
  client_.enqueue(noise(half, 1), plain());
  client_.enqueue(noise(half + 4, 2), plain());
  EXPECT_EQ(packet_sizes(), (std::vector<std::size_t>{1, 1}));
}

TEST_F(ClientLimits, OversizedRequestGoesAlone) {
  client_.enqueue(Bytes(8, std::byte{1}));
  client_.enqueue(noise(kMiB + 64), plain());
  client_.enqueue(Bytes(8, std::byte{2}));
  EXPECT_EQ(packet_sizes(), (std::vector<std::size_t>{1, 1, 1}));
}

class ServerLimits : public ::testing::Test {
 protected:
  ServerLimits()
      : server_(fixed_key(), 1, rng_s_, server_options(kSession)),
        client_(fixed_key(), 1, 0, rng_c_, client_options(kSession)) {}
  static constexpr std::int64_t kSession = 0x77;
  std::vector<std::size_t> packet_sizes() {
    std::vector<std::size_t> out;
    while (auto p = server_.take_output(now_)) {
      auto m = client_.unpack(*p, now_);
      EXPECT_TRUE(m);
      if (!m) break;
      auto items = flatten_message({m->msg_id, m->seq_no, m->body});
      EXPECT_TRUE(items);
      out.push_back(items ? items->size() : 0);
    }
    return out;
  }

  crypto::DeterministicRng rng_s_{5}, rng_c_{6};
  Time now_ = at(1'700'000'000);
  ServerSession server_;
  EncryptedSession client_;
};

TEST_F(ServerLimits, AtMost1020MessagesPerContainer) {
  for (int i = 0; i < 1021; ++i) server_.push_update(tl::serialize(tl::types::UpdatesTooLong{}));
  EXPECT_EQ(packet_sizes(), (std::vector<std::size_t>{1020, 1}));
}

TEST_F(ServerLimits, AtMostOneMebibytePerContainer) {
  const std::size_t half = (kMiB - 8 - 32) / 2;
  server_.push_update(noise(half, 1));
  server_.push_update(noise(half, 2));
  server_.push_update(tl::serialize(tl::types::UpdatesTooLong{}));
  EXPECT_EQ(packet_sizes(), (std::vector<std::size_t>{2, 1}));
  server_.push_update(noise(half, 1));
  server_.push_update(noise(half + 4, 2));
  EXPECT_EQ(packet_sizes(), (std::vector<std::size_t>{1, 1}));
}

}  // namespace
}  // namespace layer::mtproto::test
