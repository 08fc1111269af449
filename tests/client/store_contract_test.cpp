// The behaviour every SessionStore shares, run against each of them. For the
// SQLite store, reopen() closes the file and opens it again, so each check is
// also one of what reached the disk.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "layer/client/memory_session_store.hpp"
#include "layer/client/sqlite_session_store.hpp"
#include "run_sync.hpp"
#include "session_fixtures.hpp"

namespace layer::client::test {
namespace {

class StoreContract : public ScratchDir, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    reopen();
  }
  void TearDown() override {
    store_.reset();
    ScratchDir::TearDown();
  }

  void reopen() {
    if (GetParam() == "memory") {
      if (!store_) store_ = std::make_unique<MemorySessionStore>();
      return;
    }
    store_.reset();
    store_ = std::make_unique<SqliteSessionStore>(path("test.session"));
  }
  SessionData reload() {
    reopen();
    return run_sync(store_->load());
  }
  // Writes a full session through the API.
  void fill() { write_all(*store_, full_session()); }

  std::unique_ptr<SessionStore> store_;
};

TEST_P(StoreContract, StartsEmpty) {
  expect_empty(reload());
}

TEST_P(StoreContract, FullSessionRoundTrips) {
  fill();
  expect_same(reload(), full_session());
}

TEST_P(StoreContract, SaveDcReplacesByDcId) {
  fill();
  DcAuth changed = sample_dc(2, false);
  changed.session = sample_dc(3).session;  // another key, salts and counters
  changed.session.future_salts.pop_back();
  changed.authorized = false;
  run_sync(store_->save_dc(changed));
  const SessionData d = reload();
  ASSERT_EQ(d.dcs.size(), 2u);
  expect_same_dc(d.dcs[0], changed);
  expect_same_dc(d.dcs[1], sample_dc(4, false));
}

TEST_P(StoreContract, SaveDcWithoutFutureSalts) {
  DcAuth dc = sample_dc(5);
  dc.session.future_salts.clear();
  run_sync(store_->save_dc(dc));
  const SessionData d = reload();
  ASSERT_EQ(d.dcs.size(), 1u);
  expect_same_dc(d.dcs[0], dc);
}

TEST_P(StoreContract, SaveAddressesReplacesTheList) {
  fill();
  const std::vector<DcAddress> next = {{1, "149.154.175.53", 443, false, false},
                                       {5, "91.108.56.130", 5222, true, true}};
  run_sync(store_->save_addresses(next));
  EXPECT_EQ(reload().addresses, next);
  run_sync(store_->save_addresses({}));
  EXPECT_TRUE(reload().addresses.empty());
}

TEST_P(StoreContract, HomeDcAndSelf) {
  run_sync(store_->set_home_dc(4));
  run_sync(store_->set_self(123, false));
  SessionData d = reload();
  EXPECT_EQ(d.home_dc, 4);
  EXPECT_EQ(d.self_id, 123);
  EXPECT_FALSE(d.self_is_bot);
  run_sync(store_->set_self(456, true));
  d = reload();
  EXPECT_EQ(d.self_id, 456);
  EXPECT_TRUE(d.self_is_bot);
}

TEST_P(StoreContract, SaveUpdatesMergesChannels) {
  fill();
  const std::vector<ChannelPts> more = {{1000000002, 120}, {1000000003, 5}};
  run_sync(store_->save_updates({.pts = 1002, .qts = 0, .date = 1700000200, .seq = 43}, more));
  const SessionData d = reload();
  EXPECT_EQ(d.updates, (UpdateState{.pts = 1002, .qts = 0, .date = 1700000200, .seq = 43}));
  EXPECT_EQ(d.channels, (std::vector<ChannelPts>{{1000000001, 17}, {1000000002, 120}, {1000000003, 5}}));
}

TEST_P(StoreContract, SavePeersReplacesByPeerAndKeepsTheRest) {
  fill();
  const std::vector<KnownPeer> more = {{Peer::user(1000001), 5, "ann_renamed"},
                                       {Peer::channel(1000000009), 9, ""}};
  run_sync(store_->save_peers(more));
  const SessionData d = reload();
  EXPECT_EQ(d.peers, (std::vector<KnownPeer>{{Peer::user(1000001), 5, "ann_renamed"},
                                             {Peer::user(1000003), 0, ""},
                                             {Peer::chat(123), 0, ""},
                                             {Peer::channel(1000000001), 77, "news_channel"},
                                             {Peer::channel(1000000009), 9, ""}}));
}

TEST_P(StoreContract, ClearForgetsEverything) {
  fill();
  run_sync(store_->clear());
  expect_empty(reload());
  // And the store goes on working after a sign-out.
  run_sync(store_->save_dc(sample_dc(1)));
  EXPECT_EQ(reload().dcs.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreContract, ::testing::Values("memory", "sqlite"),
                         [](const auto& p) { return p.param; });

TEST(MemorySessionStore, StartsFromGivenData) {
  MemorySessionStore store(full_session());
  expect_same(run_sync(store.load()), full_session());
  expect_same(store.data(), full_session());
}

}  // namespace
}  // namespace layer::client::test
