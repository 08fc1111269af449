// Files the SQLite store must refuse, each by name and each left exactly as it
// was: something that is not SQLite, another program's database, a session
// from a newer build, and damage inside our own tables.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "layer/client/errors.hpp"
#include "layer/client/sqlite_session_store.hpp"
#include "raw_sqlite.hpp"
#include "run_sync.hpp"
#include "session_fixtures.hpp"

namespace layer::client::test {
namespace {

using SqliteRejection = ScratchDir;

// Opens the file with the store, expects the refusal and an untouched file.
void expect_refused(const std::filesystem::path& file, client_errc code, const std::string& in_message) {
  const std::string before = read_all(file);
  ASSERT_FALSE(before.empty());
  expect_code([&] { SqliteSessionStore store(file); }, code, in_message);
  EXPECT_EQ(read_all(file), before) << "the refused file was modified";
}

TEST_F(SqliteRejection, TextFile) {
  const auto file = path("notes.txt");
  std::ofstream(file) << "api_id=12345\napi_hash=0123456789abcdef\nsome notes that are not a database\n";
  expect_refused(file, client_errc::foreign_session_file, file.string());
}

TEST_F(SqliteRejection, ShortFile) {
  const auto file = path("short");
  std::ofstream(file) << "SQLite";
  expect_refused(file, client_errc::foreign_session_file, "not an SQLite database");
}

TEST_F(SqliteRejection, ForeignSqliteDatabase) {
  const auto file = path("other.db");
  raw_exec(file,
           "CREATE TABLE sessions (dc_id INTEGER, auth_key BLOB); INSERT INTO sessions VALUES (2, x'00');");
  expect_refused(file, client_errc::foreign_session_file, "not a layer session");
}

TEST_F(SqliteRejection, ForeignSqliteDatabaseInWalMode) {
  const auto file = path("other.db");
  raw_exec(file, "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  expect_refused(file, client_errc::foreign_session_file, "not a layer session");
}

TEST_F(SqliteRejection, ForeignApplicationIdWithoutTables) {
  const auto file = path("other.db");
  raw_exec(file, "PRAGMA application_id = 1234;");
  expect_refused(file, client_errc::foreign_session_file, "application_id 1234");
}

TEST_F(SqliteRejection, NewerSchemaVersion) {
  const auto file = path("future.session");
  { SqliteSessionStore store(file); }
  raw_exec(file,
           ("PRAGMA user_version = " + std::to_string(SqliteSessionStore::schema_version() + 1)).c_str());
  expect_refused(file, client_errc::foreign_session_file, "unknown to this build");
}

TEST_F(SqliteRejection, DamagedPageIsCorrupt) {
  const auto file = path("damaged.session");
  {
    SqliteSessionStore store(file);
    run_sync(store.save_dc(sample_dc(2)));
  }
  // Past the 100-byte header: page 1's b-tree, the schema table.
  std::string bytes = read_all(file);
  for (std::size_t i = 100; i < 4096 && i < bytes.size(); ++i) bytes[i] = '\xff';
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
  expect_refused(file, client_errc::corrupt_session_file, file.string());
}

TEST_F(SqliteRejection, WrongKeySizeIsCorruptOnLoad) {
  const auto file = path("bad-key.session");
  {
    SqliteSessionStore store(file);
    run_sync(store.save_dc(sample_dc(2)));
  }
  // Dropping the CHECK needs a rebuilt table; a smaller key through it is what
  // a damaged or hand-edited file would hold.
  raw_exec(file,
           "PRAGMA writable_schema = ON;"
           "UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (length(auth_key) = 256)', '')"
           " WHERE name = 'dc_auth';"
           "PRAGMA writable_schema = OFF;");
  raw_exec(file, "UPDATE dc_auth SET auth_key = x'0102'");
  SqliteSessionStore store(file);
  expect_code([&] { run_sync(store.load()); }, client_errc::corrupt_session_file, "not 256 bytes");
}

TEST_F(SqliteRejection, PeerOfUnknownKindIsCorrupt) {
  const auto file = path("bad-peer.session");
  { SqliteSessionStore store(file); }
  raw_exec(file,
           "PRAGMA writable_schema = ON;"
           "UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (kind IN (0, 1, 2))', '') WHERE name = 'peer';"
           "PRAGMA writable_schema = OFF;");
  raw_exec(file, "INSERT INTO peer (kind, id, access_hash, username) VALUES (7, 1, 2, '')");
  SqliteSessionStore store(file);
  expect_code([&] { run_sync(store.load()); }, client_errc::corrupt_session_file, "unknown kind");
}

TEST_F(SqliteRejection, MissingTableIsCorrupt) {
  const auto file = path("no-table.session");
  { SqliteSessionStore store(file); }
  raw_exec(file, "DROP TABLE channel_pts;");
  SqliteSessionStore store(file);
  expect_code([&] { run_sync(store.load()); }, client_errc::corrupt_session_file, "channel_pts");
}

TEST_F(SqliteRejection, MissingDirectoryNamesTheFile) {
  const auto file = path("missing-dir") / "bot.session";
  try {
    SqliteSessionStore store(file);
    ADD_FAILURE() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace layer::client::test
