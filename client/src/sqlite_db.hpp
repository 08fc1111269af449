// Thin RAII over the SQLite C API for the session store: a connection, prepared
// statements and a transaction that rolls back unless committed. Every failure
// becomes a std::system_error naming the file; SQLite's messages name tables
// and columns, never bound values, so key bytes cannot reach a log through them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "layer/client/errors.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace layer::client::sqlite {

// Throws std::system_error(code) with "<file>: <what>".
[[noreturn]] void fail(client_errc code, const std::filesystem::path& file, std::string_view what);

class Db {
 public:
  // Opens an existing file read-write; SQLite never creates it (the caller did,
  // with the right mode).
  explicit Db(const std::filesystem::path& file);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more statements without results.
  void exec(const char* sql);
  // The first column of the first row of a one-value query such as a PRAGMA.
  std::int64_t query_int(const char* sql);
  // Throws the client_errc matching SQLite result rc, with SQLite's message.
  [[noreturn]] void fail_sqlite(int rc, std::string_view context) const;

  sqlite3* handle() const noexcept { return db_; }
  const std::filesystem::path& file() const noexcept { return file_; }

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Db& db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters count from 1, as in SQLite.
  void bind(int index, std::int64_t value);
  void bind_null(int index);
  void bind_text(int index, std::string_view text);
  // The bytes must outlive the next step().
  void bind_blob(int index, std::span<const std::byte> bytes);
  // True when a row is ready; false when the statement is done.
  bool step();
  // Ready to run again with new bindings.
  void reset();

  // Columns count from 0. The range checks turn a value this build never wrote
  // into corrupt_session_file instead of a silent truncation.
  std::int64_t int64(int column);
  std::int32_t int32(int column);
  bool boolean(int column);
  bool is_null(int column);
  std::string text(int column);
  // Valid until the next step() or reset().
  std::span<const std::byte> blob(int column);

  [[noreturn]] void corrupt(std::string_view what) const;

 private:
  Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE for writers (the write lock up front, so a transaction never
// fails half-way for want of it), BEGIN (deferred) for a consistent read.
class Transaction {
 public:
  enum class Kind { read, write };
  Transaction(Db& db, Kind kind);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();

 private:
  Db& db_;
  bool open_ = true;
};

}  // namespace layer::client::sqlite
