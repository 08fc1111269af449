// The default SessionStore: one SQLite database per session, e.g.
//   auto store = std::make_unique<layer::client::SqliteSessionStore>("bot.session");
// The file is created 0600 (SQLite gives its -wal and -shm files the same mode)
// and held exclusively for the object's life through flock on "<file>-lock", so
// a second process or a second object on the same file gets session_in_use
// instead of two writers. A file that is not ours (another SQLite database,
// anything else, or a newer schema) is refused and left untouched, and so is a
// symbolic link in place of the file. clear() also zeroes the freed pages and
// empties the WAL, so a signed-out key is not left in the files. The calls
// run SQLite synchronously: they are short local transactions.
#pragma once

#include <filesystem>
#include <memory>

#include "layer/client/session_store.hpp"

namespace layer::client {

class SqliteSessionStore final : public SessionStore {
 public:
  // Opens or creates the database, migrating an older schema. Throws
  // std::system_error (client_errc) whose what() names the file.
  explicit SqliteSessionStore(const std::filesystem::path& file);
  ~SqliteSessionStore() override;
  SqliteSessionStore(const SqliteSessionStore&) = delete;
  SqliteSessionStore& operator=(const SqliteSessionStore&) = delete;

  boost::asio::awaitable<SessionData> load() override;
  boost::asio::awaitable<void> save_dc(const DcAuth& dc) override;
  boost::asio::awaitable<void> save_addresses(std::span<const DcAddress> all) override;
  boost::asio::awaitable<void> set_home_dc(std::int32_t dc_id) override;
  boost::asio::awaitable<void> set_self(std::int64_t user_id, bool bot) override;
  boost::asio::awaitable<void> save_updates(const UpdateState& state,
                                            std::span<const ChannelPts> channels) override;
  boost::asio::awaitable<void> save_peers(std::span<const KnownPeer> peers) override;
  boost::asio::awaitable<void> clear() override;

  // The schema version this build writes (PRAGMA user_version).
  static int schema_version() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace layer::client
