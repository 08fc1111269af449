// What only the SQLite store promises: the file's mode, its marker and schema
// version, exclusive use, and writes that are all or nothing.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <system_error>

#include "layer/client/errors.hpp"
#include "layer/client/sqlite_session_store.hpp"
#include "raw_sqlite.hpp"
#include "run_sync.hpp"
#include "session_fixtures.hpp"

namespace layer::client::test {
namespace {

using SqliteStore = ScratchDir;

mode_t mode_of(const std::filesystem::path& file) {
  struct stat st {};
  EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
  return st.st_mode & 07777;
}

TEST_F(SqliteStore, ReopenedFromDiskHasEverything) {
  const auto file = path("bot.session");
  {
    SqliteSessionStore store(file);
    write_all(store, full_session());
  }
  SqliteSessionStore again(file);
  expect_same(run_sync(again.load()), full_session());
}

// A file from before peers were kept (schema version 1) opens, gains the
// peer table and keeps everything it had.
TEST_F(SqliteStore, AVersionOneFileIsMigratedAndKeepsItsData) {
  const auto file = path("bot.session");
  SessionData before = full_session();
  before.peers.clear();
  {
    SqliteSessionStore store(file);
    write_all(store, before);
  }
  raw_exec(file, "DROP TABLE peer; PRAGMA user_version = 1");
  SqliteSessionStore store(file);
  EXPECT_EQ(raw_query(file, "PRAGMA user_version"), std::to_string(SqliteSessionStore::schema_version()));
  expect_same(run_sync(store.load()), before);
  const std::vector<KnownPeer> peers = {{Peer::user(5), 6, "someone"}};
  run_sync(store.save_peers(peers));
  EXPECT_EQ(run_sync(store.load()).peers, peers);
}

TEST_F(SqliteStore, MarkedWithApplicationIdAndVersionInWalMode) {
  const auto file = path("bot.session");
  { SqliteSessionStore store(file); }
  EXPECT_EQ(raw_query(file, "PRAGMA application_id"), std::to_string(0x4c415952));
  EXPECT_EQ(raw_query(file, "PRAGMA user_version"), std::to_string(SqliteSessionStore::schema_version()));
  EXPECT_EQ(raw_query(file, "PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteStore, FilesAreOwnerOnlyWhateverTheUmask) {
  const mode_t old = ::umask(0);
  const auto file = path("bot.session");
  {
    SqliteSessionStore store(file);
    run_sync(store.save_dc(sample_dc(2)));
    for (const char* suffix : {"", "-wal", "-shm", "-lock"}) {
      auto f = file;
      f += suffix;
      EXPECT_EQ(mode_of(f), 0600u) << f;
    }
  }
  ::umask(old);
}

TEST_F(SqliteStore, SecondStoreOnTheSameFileIsRefused) {
  const auto file = path("bot.session");
  auto first = std::make_unique<SqliteSessionStore>(file);
  run_sync(first->save_dc(sample_dc(2)));
  expect_code([&] { SqliteSessionStore second(file); }, client_errc::session_in_use, file.string());
  // The refused opener left the first one working, and the file whole.
  run_sync(first->set_home_dc(2));
  first.reset();
  SqliteSessionStore later(file);
  const SessionData d = run_sync(later.load());
  EXPECT_EQ(d.home_dc, 2);
  ASSERT_EQ(d.dcs.size(), 1u);
  expect_same_dc(d.dcs[0], sample_dc(2));
}

TEST_F(SqliteStore, AnotherProcessIsRefused) {
  const auto file = path("bot.session");
  SqliteSessionStore store(file);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int rc = 1;
    try {
      SqliteSessionStore other(file);
    } catch (const std::system_error& e) {
      rc = e.code() == client_errc::session_in_use ? 0 : 2;
    }
    ::_exit(rc);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// A trigger makes the last insert of a write fail, after the first statements
// of its transaction ran: nothing of that write may remain.
TEST_F(SqliteStore, FailedWriteLeavesNothingBehind) {
  const auto file = path("bot.session");
  const UpdateState before{.pts = 10, .qts = 1, .date = 100, .seq = 1};
  const std::vector<DcAddress> addresses = {{2, "149.154.167.51", 443, false, false}};
  {
    SqliteSessionStore store(file);
    run_sync(store.save_updates(before, std::vector<ChannelPts>{{1, 1}}));
    run_sync(store.save_addresses(addresses));
  }
  raw_exec(file,
           "CREATE TRIGGER no_666 BEFORE INSERT ON channel_pts WHEN NEW.channel_id = 666"
           " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"
           "CREATE TRIGGER no_bad_host BEFORE INSERT ON dc_address WHEN NEW.host = 'bad'"
           " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
  SqliteSessionStore store(file);
  const std::vector<ChannelPts> channels = {{1, 50}, {2, 60}, {666, 1}};
  EXPECT_THROW(run_sync(store.save_updates({.pts = 20, .qts = 2, .date = 200, .seq = 2}, channels)),
               std::system_error);
  const std::vector<DcAddress> bad = {{1, "1.2.3.4", 443, false, false}, {1, "bad", 443, false, false}};
  EXPECT_THROW(run_sync(store.save_addresses(bad)), std::system_error);

  SessionData d = run_sync(store.load());
  EXPECT_EQ(d.updates, before);
  EXPECT_EQ(d.channels, (std::vector<ChannelPts>{{1, 1}}));
  EXPECT_EQ(d.addresses, addresses);

  // The store is usable after a rolled-back write.
  run_sync(
      store.save_updates({.pts = 30, .qts = 3, .date = 300, .seq = 3}, std::vector<ChannelPts>{{1, 70}}));
  d = run_sync(store.load());
  EXPECT_EQ(d.updates->pts, 30);
  EXPECT_EQ(d.channels, (std::vector<ChannelPts>{{1, 70}}));
}

TEST_F(SqliteStore, ClearLeavesNoKeyBytesInTheFiles) {
  const auto file = path("bot.session");
  auto wal = file;
  wal += "-wal";
  SqliteSessionStore store(file);
  const DcAuth dc = sample_dc(2);
  const auto key = dc.session.key.bytes();
  const std::string needle(reinterpret_cast<const char*>(key.data()), 64);
  run_sync(store.save_dc(dc));
  // The control: the key is on disk before the sign-out.
  EXPECT_NE((read_all(file) + read_all(wal)).find(needle), std::string::npos);
  run_sync(store.clear());
  EXPECT_EQ(read_all(file).find(needle), std::string::npos);
  EXPECT_EQ(read_all(wal).find(needle), std::string::npos);
}

}  // namespace
}  // namespace layer::client::test
