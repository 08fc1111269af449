// The file-system side of a session database, before SQLite sees it: the lock
// that keeps a second store off the file, and the creation with mode 0600.
#pragma once

#include <filesystem>

namespace layer::client {

// flock(LOCK_EX | LOCK_NB) on "<database>-lock", held for the object's life.
// A sidecar and not the database itself: closing any descriptor of a file drops
// the process's POSIX locks on it, SQLite's included, so a refused second opener
// must not have opened the database. The lock file stays behind on purpose;
// unlinking it would let two openers lock two different files.
class SessionFileLock {
 public:
  // Throws client_errc::session_in_use when another holder has it.
  explicit SessionFileLock(const std::filesystem::path& database);
  ~SessionFileLock();
  SessionFileLock(const SessionFileLock&) = delete;
  SessionFileLock& operator=(const SessionFileLock&) = delete;

 private:
  int fd_ = -1;
};

// Creates the database file with mode 0600 if it is missing (SQLite gives its
// -wal and -shm files the database's mode), and refuses with
// client_errc::foreign_session_file a non-empty file that is not SQLite. Call it
// with the lock held; an empty file is a new session.
void prepare_database_file(const std::filesystem::path& database);

}  // namespace layer::client
