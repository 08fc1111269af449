#include "sqlite_schema.hpp"

#include <iterator>
#include <string>

namespace layer::client::sqlite {
namespace {

// Version 1: the keys, the addresses, who we are and where the updates stand.
// Singleton tables carry id = 0 so that a second row cannot appear.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE session (
  id INTEGER PRIMARY KEY CHECK (id = 0),
  home_dc INTEGER NOT NULL
) STRICT;
INSERT INTO session (id, home_dc) VALUES (0, 0);

CREATE TABLE dc_auth (
  dc_id INTEGER PRIMARY KEY,
  auth_key BLOB NOT NULL CHECK (length(auth_key) = 256),
  salt INTEGER NOT NULL,
  time_offset INTEGER NOT NULL,
  session_id INTEGER,  -- NULL: the next connection starts a new server session
  content_count INTEGER NOT NULL,
  last_msg_id INTEGER NOT NULL,
  authorized INTEGER NOT NULL CHECK (authorized IN (0, 1))
) STRICT;

CREATE TABLE dc_future_salt (
  dc_id INTEGER NOT NULL,
  valid_since INTEGER NOT NULL,
  valid_until INTEGER NOT NULL,
  salt INTEGER NOT NULL
) STRICT;
CREATE INDEX dc_future_salt_by_dc ON dc_future_salt (dc_id);

CREATE TABLE dc_address (
  position INTEGER PRIMARY KEY,  -- the order help.getConfig gave
  dc_id INTEGER NOT NULL,
  host TEXT NOT NULL,
  port INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
  media_only INTEGER NOT NULL CHECK (media_only IN (0, 1)),
  ipv6 INTEGER NOT NULL CHECK (ipv6 IN (0, 1))
) STRICT;

CREATE TABLE self (
  id INTEGER PRIMARY KEY CHECK (id = 0),
  user_id INTEGER NOT NULL,
  is_bot INTEGER NOT NULL CHECK (is_bot IN (0, 1))
) STRICT;

CREATE TABLE update_state (
  id INTEGER PRIMARY KEY CHECK (id = 0),
  pts INTEGER NOT NULL,
  qts INTEGER NOT NULL,
  date INTEGER NOT NULL,
  seq INTEGER NOT NULL
) STRICT;

CREATE TABLE channel_pts (
  channel_id INTEGER PRIMARY KEY,
  pts INTEGER NOT NULL
) STRICT;
)sql";

// Version 2: the peers the client met, so that a restarted client can name
// them. kind is Peer::Kind (0 user, 1 basic group, 2 channel).
constexpr const char* kVersion2 = R"sql(
CREATE TABLE peer (
  kind INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),
  id INTEGER NOT NULL,
  access_hash INTEGER NOT NULL,
  username TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT;
)sql";

// Migration i brings the schema from version i to version i + 1. A new version
// appends its script here; a released one never changes.
constexpr const char* kMigrations[] = {kVersion1, kVersion2};

}  // namespace

int latest_schema_version() noexcept {
  return static_cast<int>(std::size(kMigrations));
}

void open_schema(Db& db) {
  // Only reads until the file is known to be ours, so a refused file stays
  // byte for byte what it was.
  const std::int64_t application_id = db.query_int("PRAGMA application_id");
  const std::int64_t version = db.query_int("PRAGMA user_version");
  if (application_id != kApplicationId) {
    const bool empty =
        application_id == 0 && version == 0 && db.query_int("SELECT count(*) FROM sqlite_schema") == 0;
    if (!empty) {
      fail(client_errc::foreign_session_file, db.file(),
           "an SQLite database that is not a layer session (application_id " +
               std::to_string(application_id) + "), refusing to use it");
    }
  } else if (version > latest_schema_version() || version < 0) {
    fail(client_errc::foreign_session_file, db.file(),
         "session schema version " + std::to_string(version) +
             " is unknown to this build (which knows up to " + std::to_string(latest_schema_version()) +
             "), refusing to use it");
  }

  {
    Statement wal(db, "PRAGMA journal_mode = WAL");
    if (!wal.step() || wal.text(0) != "wal") {
      fail(client_errc::session_storage_failed, db.file(), "cannot switch to WAL journaling");
    }
  }
  // FULL: a commit that returned is on disk, so a pts the client acknowledged
  // is never replayed after a power cut. secure_delete: the pages of a
  // replaced or cleared auth key are zeroed, not left in the file's free list.
  db.exec("PRAGMA synchronous = FULL; PRAGMA secure_delete = ON");

  if (version == latest_schema_version()) return;
  Transaction tx(db, Transaction::Kind::write);
  if (version == 0) db.exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
  for (auto v = version; v < latest_schema_version(); ++v) db.exec(kMigrations[v]);
  db.exec(("PRAGMA user_version = " + std::to_string(latest_schema_version())).c_str());
  tx.commit();
}

}  // namespace layer::client::sqlite
