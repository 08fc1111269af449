// Sample sessions, a field-by-field comparison (AuthKey has no operator==),
// and a scratch directory per test.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <array>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <system_error>

#include "layer/client/errors.hpp"
#include "layer/client/session_store.hpp"
#include "run_sync.hpp"

namespace layer::client::test {

inline crypto::AuthKey sample_key(int seed) {
  std::array<std::byte, crypto::kAuthKeySize> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::byte>(i * 7 + seed);
  return crypto::AuthKey(bytes);
}

inline DcAuth sample_dc(std::int32_t dc_id, bool with_session_id = true) {
  mtproto::SessionSnapshot s{
      .key = sample_key(dc_id),
      .salt = -0x1234567890abcdef - dc_id,
      .future_salts = {{1700000000, 1700001800, 11 * dc_id}, {1700001800, 1700003600, -22 * dc_id}},
      .time_offset = -3 * dc_id,
      .session_id = with_session_id ? std::optional<std::int64_t>(0x7eadbeefcafe0000 + dc_id) : std::nullopt,
      .content_count = 40 + dc_id,
      .last_msg_id = 0x65000000'00000004 + dc_id * 4,
  };
  return DcAuth{.dc_id = dc_id, .session = std::move(s), .authorized = dc_id == 2};
}

// Every field set, and every optional both ways somewhere.
inline SessionData full_session() {
  SessionData d;
  d.home_dc = 2;
  d.dcs.push_back(sample_dc(2));
  d.dcs.push_back(sample_dc(4, false));
  d.addresses = {{2, "149.154.167.51", 443, false, false},
                 {2, "2001:67c:4e8:f002::a", 443, false, true},
                 {4, "149.154.167.92", 80, true, false}};
  d.self_id = 7777777777;
  d.self_is_bot = true;
  d.updates = UpdateState{.pts = 1001, .qts = -5, .date = 1700000123, .seq = 42};
  d.channels = {{1000000001, 17}, {1000000002, 99}};
  d.peers = {{Peer::user(1000001), -4242424242424242, "ann"},
             {Peer::user(1000003), 0, ""},
             {Peer::chat(123), 0, ""},
             {Peer::channel(1000000001), 77, "news_channel"}};
  return d;
}

// Writes every piece of d through the store's API.
inline void write_all(SessionStore& store, const SessionData& d) {
  for (const DcAuth& dc : d.dcs) run_sync(store.save_dc(dc));
  run_sync(store.save_addresses(d.addresses));
  run_sync(store.set_home_dc(d.home_dc));
  run_sync(store.set_self(*d.self_id, d.self_is_bot));
  run_sync(store.save_updates(*d.updates, d.channels));
  run_sync(store.save_peers(d.peers));
}

inline void expect_same_dc(const DcAuth& a, const DcAuth& b) {
  EXPECT_EQ(a.dc_id, b.dc_id);
  EXPECT_TRUE(std::ranges::equal(a.session.key.bytes(), b.session.key.bytes())) << "dc " << a.dc_id;
  EXPECT_EQ(a.session.salt, b.session.salt);
  EXPECT_EQ(a.session.future_salts, b.session.future_salts);
  EXPECT_EQ(a.session.time_offset, b.session.time_offset);
  EXPECT_EQ(a.session.session_id, b.session.session_id);
  EXPECT_EQ(a.session.content_count, b.session.content_count);
  EXPECT_EQ(a.session.last_msg_id, b.session.last_msg_id);
  EXPECT_EQ(a.authorized, b.authorized);
}

// Stores return DCs in dc_id order, channels in channel_id order and peers
// by kind and id; the samples are written in that order.
inline void expect_same(const SessionData& a, const SessionData& b) {
  EXPECT_EQ(a.home_dc, b.home_dc);
  ASSERT_EQ(a.dcs.size(), b.dcs.size());
  for (std::size_t i = 0; i < a.dcs.size(); ++i) expect_same_dc(a.dcs[i], b.dcs[i]);
  EXPECT_EQ(a.addresses, b.addresses);
  EXPECT_EQ(a.self_id, b.self_id);
  EXPECT_EQ(a.self_is_bot, b.self_is_bot);
  EXPECT_EQ(a.updates, b.updates);
  EXPECT_EQ(a.channels, b.channels);
  EXPECT_EQ(a.peers, b.peers);
}

inline void expect_empty(const SessionData& d) {
  EXPECT_EQ(d.home_dc, 0);
  EXPECT_TRUE(d.dcs.empty());
  EXPECT_TRUE(d.addresses.empty());
  EXPECT_FALSE(d.self_id);
  EXPECT_FALSE(d.self_is_bot);
  EXPECT_FALSE(d.updates);
  EXPECT_TRUE(d.channels.empty());
  EXPECT_TRUE(d.peers.empty());
}

// f must throw std::system_error with code, and a message that has in_message.
inline void expect_code(const std::function<void()>& f, client_errc code, const std::string& in_message) {
  try {
    f();
    ADD_FAILURE() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(in_message), std::string::npos) << e.what();
  }
}

inline std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh directory under the system temp dir, removed afterwards.
class ScratchDir : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "layer-store-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path path(const char* name) const { return dir_ / name; }

  std::filesystem::path dir_;
};

}  // namespace layer::client::test
