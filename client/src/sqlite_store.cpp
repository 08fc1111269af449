#include <utility>

#include "layer/client/sqlite_session_store.hpp"
#include "session_file.hpp"
#include "sqlite_db.hpp"
#include "sqlite_schema.hpp"

namespace layer::client {

using sqlite::Statement;
using sqlite::Transaction;

namespace {

// For the member initialisers: the file is created (0600) and sniffed only
// once the lock is held, and before SQLite opens it.
const std::filesystem::path& prepared(const std::filesystem::path& file) {
  prepare_database_file(file);
  return file;
}

}  // namespace

struct SqliteSessionStore::Impl {
  // Declared first, destroyed last: the lock outlives the connection.
  SessionFileLock lock;
  sqlite::Db db;

  explicit Impl(const std::filesystem::path& file) : lock(file), db(prepared(file)) {
    sqlite::open_schema(db);
  }

  SessionData load();
  void save_dc(const DcAuth& dc);
  void save_addresses(std::span<const DcAddress> all);
  void set_home_dc(std::int32_t dc_id);
  void set_self(std::int64_t user_id, bool bot);
  void save_updates(const UpdateState& state, std::span<const ChannelPts> channels);
  void save_peers(std::span<const KnownPeer> peers);
  void clear();
};

namespace {

std::vector<mtproto::ScheduledSalt> load_salts(sqlite::Db& db, std::int32_t dc_id) {
  Statement st(db,
               "SELECT valid_since, valid_until, salt FROM dc_future_salt WHERE dc_id = ?"
               " ORDER BY valid_since, salt");
  st.bind(1, dc_id);
  std::vector<mtproto::ScheduledSalt> salts;
  while (st.step()) salts.push_back({st.int64(0), st.int64(1), st.int64(2)});
  return salts;
}

std::vector<DcAuth> load_dcs(sqlite::Db& db) {
  Statement st(db,
               "SELECT dc_id, auth_key, salt, time_offset, session_id, content_count, last_msg_id, authorized"
               " FROM dc_auth ORDER BY dc_id");
  std::vector<DcAuth> dcs;
  while (st.step()) {
    const std::span<const std::byte> key = st.blob(1);
    if (key.size() != crypto::kAuthKeySize) st.corrupt("an auth key that is not 256 bytes");
    mtproto::SessionSnapshot session{
        .key = crypto::AuthKey(key.first<crypto::kAuthKeySize>()),
        .salt = st.int64(2),
        .future_salts = {},
        .time_offset = st.int32(3),
        .session_id = st.is_null(4) ? std::nullopt : std::optional<std::int64_t>(st.int64(4)),
        .content_count = st.int32(5),
        .last_msg_id = st.int64(6),
    };
    dcs.push_back(DcAuth{.dc_id = st.int32(0), .session = std::move(session), .authorized = st.boolean(7)});
  }
  for (DcAuth& dc : dcs) dc.session.future_salts = load_salts(db, dc.dc_id);
  return dcs;
}

std::vector<DcAddress> load_addresses(sqlite::Db& db) {
  Statement st(db, "SELECT dc_id, host, port, media_only, ipv6 FROM dc_address ORDER BY position");
  std::vector<DcAddress> addresses;
  while (st.step()) {
    const std::int32_t port = st.int32(2);
    if (port < 0 || port > 65535) st.corrupt("a port out of range");
    addresses.push_back({.dc_id = st.int32(0),
                         .host = st.text(1),
                         .port = static_cast<std::uint16_t>(port),
                         .media_only = st.boolean(3),
                         .ipv6 = st.boolean(4)});
  }
  return addresses;
}

}  // namespace

SessionData SqliteSessionStore::Impl::load() {
  // One read transaction: the pieces come from the same committed state.
  Transaction tx(db, Transaction::Kind::read);
  SessionData data;
  {
    Statement st(db, "SELECT home_dc FROM session");
    if (!st.step()) st.corrupt("no session row");
    data.home_dc = st.int32(0);
  }
  data.dcs = load_dcs(db);
  data.addresses = load_addresses(db);
  {
    Statement st(db, "SELECT user_id, is_bot FROM self");
    if (st.step()) {
      data.self_id = st.int64(0);
      data.self_is_bot = st.boolean(1);
    }
  }
  {
    Statement st(db, "SELECT pts, qts, date, seq FROM update_state");
    if (st.step()) data.updates = UpdateState{st.int32(0), st.int32(1), st.int32(2), st.int32(3)};
  }
  {
    Statement st(db, "SELECT channel_id, pts FROM channel_pts ORDER BY channel_id");
    while (st.step()) data.channels.push_back({st.int64(0), st.int32(1)});
  }
  {
    Statement st(db, "SELECT kind, id, access_hash, username FROM peer ORDER BY kind, id");
    while (st.step()) {
      const auto kind = st.int32(0);
      if (kind < 0 || kind > 2) st.corrupt("a peer of an unknown kind");
      data.peers.push_back({Peer{static_cast<Peer::Kind>(kind), st.int64(1)}, st.int64(2), st.text(3)});
    }
  }
  tx.commit();
  return data;
}

void SqliteSessionStore::Impl::save_dc(const DcAuth& dc) {
  const mtproto::SessionSnapshot& s = dc.session;
  Transaction tx(db, Transaction::Kind::write);
  {
    Statement st(
        db,
        "INSERT OR REPLACE INTO dc_auth (dc_id, auth_key, salt, time_offset, session_id, content_count,"
        " last_msg_id, authorized) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, dc.dc_id);
    st.bind_blob(2, s.key.bytes());
    st.bind(3, s.salt);
    st.bind(4, s.time_offset);
    if (s.session_id) {
      st.bind(5, *s.session_id);
    } else {
      st.bind_null(5);
    }
    st.bind(6, s.content_count);
    st.bind(7, s.last_msg_id);
    st.bind(8, dc.authorized ? 1 : 0);
    st.step();
  }
  {
    Statement st(db, "DELETE FROM dc_future_salt WHERE dc_id = ?");
    st.bind(1, dc.dc_id);
    st.step();
  }
  Statement st(db, "INSERT INTO dc_future_salt (dc_id, valid_since, valid_until, salt) VALUES (?, ?, ?, ?)");
  for (const mtproto::ScheduledSalt& salt : s.future_salts) {
    st.bind(1, dc.dc_id);
    st.bind(2, salt.valid_since);
    st.bind(3, salt.valid_until);
    st.bind(4, salt.salt);
    st.step();
    st.reset();
  }
  tx.commit();
}

void SqliteSessionStore::Impl::save_addresses(std::span<const DcAddress> all) {
  Transaction tx(db, Transaction::Kind::write);
  db.exec("DELETE FROM dc_address");
  Statement st(
      db, "INSERT INTO dc_address (position, dc_id, host, port, media_only, ipv6) VALUES (?, ?, ?, ?, ?, ?)");
  std::int64_t position = 0;
  for (const DcAddress& a : all) {
    st.bind(1, position++);
    st.bind(2, a.dc_id);
    st.bind_text(3, a.host);
    st.bind(4, a.port);
    st.bind(5, a.media_only ? 1 : 0);
    st.bind(6, a.ipv6 ? 1 : 0);
    st.step();
    st.reset();
  }
  tx.commit();
}

void SqliteSessionStore::Impl::set_home_dc(std::int32_t dc_id) {
  Transaction tx(db, Transaction::Kind::write);
  Statement st(db, "UPDATE session SET home_dc = ?");
  st.bind(1, dc_id);
  st.step();
  tx.commit();
}

void SqliteSessionStore::Impl::set_self(std::int64_t user_id, bool bot) {
  Transaction tx(db, Transaction::Kind::write);
  Statement st(db, "INSERT OR REPLACE INTO self (id, user_id, is_bot) VALUES (0, ?, ?)");
  st.bind(1, user_id);
  st.bind(2, bot ? 1 : 0);
  st.step();
  tx.commit();
}

void SqliteSessionStore::Impl::save_updates(const UpdateState& state, std::span<const ChannelPts> channels) {
  Transaction tx(db, Transaction::Kind::write);
  {
    Statement st(db, "INSERT OR REPLACE INTO update_state (id, pts, qts, date, seq) VALUES (0, ?, ?, ?, ?)");
    st.bind(1, state.pts);
    st.bind(2, state.qts);
    st.bind(3, state.date);
    st.bind(4, state.seq);
    st.step();
  }
  Statement st(db, "INSERT OR REPLACE INTO channel_pts (channel_id, pts) VALUES (?, ?)");
  for (const ChannelPts& c : channels) {
    st.bind(1, c.channel_id);
    st.bind(2, c.pts);
    st.step();
    st.reset();
  }
  tx.commit();
}

void SqliteSessionStore::Impl::save_peers(std::span<const KnownPeer> peers) {
  Transaction tx(db, Transaction::Kind::write);
  Statement st(db, "INSERT OR REPLACE INTO peer (kind, id, access_hash, username) VALUES (?, ?, ?, ?)");
  for (const KnownPeer& p : peers) {
    st.bind(1, static_cast<std::int32_t>(p.peer.kind));
    st.bind(2, p.peer.id);
    st.bind(3, p.access_hash);
    st.bind_text(4, p.username);
    st.step();
    st.reset();
  }
  tx.commit();
}

void SqliteSessionStore::Impl::clear() {
  Transaction tx(db, Transaction::Kind::write);
  db.exec(
      "DELETE FROM dc_auth; DELETE FROM dc_future_salt; DELETE FROM dc_address; DELETE FROM self;"
      " DELETE FROM update_state; DELETE FROM channel_pts; DELETE FROM peer; UPDATE session SET home_dc = 0");
  tx.commit();
  // The WAL still holds the old pages, keys included, until a checkpoint copies
  // the zeroed ones into the database; TRUNCATE then empties it.
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

SqliteSessionStore::SqliteSessionStore(const std::filesystem::path& file)
    : impl_(std::make_unique<Impl>(file)) {}

SqliteSessionStore::~SqliteSessionStore() = default;

int SqliteSessionStore::schema_version() noexcept {
  return sqlite::latest_schema_version();
}

boost::asio::awaitable<SessionData> SqliteSessionStore::load() {
  co_return impl_->load();
}

boost::asio::awaitable<void> SqliteSessionStore::save_dc(const DcAuth& dc) {
  impl_->save_dc(dc);
  co_return;
}

boost::asio::awaitable<void> SqliteSessionStore::save_addresses(std::span<const DcAddress> all) {
  impl_->save_addresses(all);
  co_return;
}

boost::asio::awaitable<void> SqliteSessionStore::set_home_dc(std::int32_t dc_id) {
  impl_->set_home_dc(dc_id);
  co_return;
}

boost::asio::awaitable<void> SqliteSessionStore::set_self(std::int64_t user_id, bool bot) {
  impl_->set_self(user_id, bot);
  co_return;
}

boost::asio::awaitable<void> SqliteSessionStore::save_updates(const UpdateState& state,
                                                              std::span<const ChannelPts> channels) {
  impl_->save_updates(state, channels);
  co_return;
}

boost::asio::awaitable<void> SqliteSessionStore::save_peers(std::span<const KnownPeer> peers) {
  impl_->save_peers(peers);
  co_return;
}

boost::asio::awaitable<void> SqliteSessionStore::clear() {
  impl_->clear();
  co_return;
}

}  // namespace layer::client
