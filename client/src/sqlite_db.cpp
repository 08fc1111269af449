#include "sqlite_db.hpp"

#include <sqlite3.h>

#include <limits>
#include <system_error>

namespace layer::client::sqlite {
namespace {

client_errc classify(int rc) noexcept {
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
      return client_errc::corrupt_session_file;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return client_errc::session_in_use;
    default:
      return client_errc::session_storage_failed;
  }
}

}  // namespace

void fail(client_errc code, const std::filesystem::path& file, std::string_view what) {
  throw std::system_error(make_error_code(code), file.string() + ": " + std::string(what));
}

Db::Db(const std::filesystem::path& file) : file_(file) {
  const int rc = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    fail(classify(rc), file_, "cannot open: " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Db::~Db() {
  sqlite3_close(db_);
}

void Db::fail_sqlite(int rc, std::string_view context) const {
  fail(classify(rc), file_, std::string(context) + ": " + sqlite3_errmsg(db_));
}

void Db::exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail_sqlite(rc, sql);
}

std::int64_t Db::query_int(const char* sql) {
  Statement st(*this, sql);
  if (!st.step()) fail(client_errc::corrupt_session_file, file_, std::string("no result from ") + sql);
  return st.int64(0);
}

Statement::Statement(Db& db, const char* sql) : db_(db) {
  const int rc = sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr);
  // A statement of ours that does not prepare means tables that are not ours.
  if (rc != SQLITE_OK) db.fail_sqlite(rc == SQLITE_ERROR ? SQLITE_CORRUPT : rc, sql);
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

void Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail_sqlite(rc, sqlite3_sql(stmt_));
}

void Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_.fail_sqlite(rc, sqlite3_sql(stmt_));
}

void Statement::bind_text(int index, std::string_view text) {
  const int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) db_.fail_sqlite(rc, sqlite3_sql(stmt_));
}

void Statement::bind_blob(int index, std::span<const std::byte> bytes) {
  // SQLITE_STATIC: no extra copy of key bytes on SQLite's heap beyond the page
  // cache's own.
  const int rc = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
  if (rc != SQLITE_OK) db_.fail_sqlite(rc, sqlite3_sql(stmt_));
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail_sqlite(rc, sqlite3_sql(stmt_));
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Statement::corrupt(std::string_view what) const {
  fail(client_errc::corrupt_session_file, db_.file(), std::string(what) + " in " + sqlite3_sql(stmt_));
}

std::int64_t Statement::int64(int column) {
  if (sqlite3_column_type(stmt_, column) != SQLITE_INTEGER) corrupt("a value that is not an integer");
  return sqlite3_column_int64(stmt_, column);
}

std::int32_t Statement::int32(int column) {
  const std::int64_t v = int64(column);
  if (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max()) {
    corrupt("a 32-bit value out of range");
  }
  return static_cast<std::int32_t>(v);
}

bool Statement::boolean(int column) {
  const std::int64_t v = int64(column);
  if (v != 0 && v != 1) corrupt("a flag that is neither 0 nor 1");
  return v == 1;
}

bool Statement::is_null(int column) {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Statement::text(int column) {
  if (sqlite3_column_type(stmt_, column) != SQLITE_TEXT) corrupt("a value that is not text");
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::span<const std::byte> Statement::blob(int column) {
  if (sqlite3_column_type(stmt_, column) != SQLITE_BLOB) corrupt("a value that is not a blob");
  const auto* p = static_cast<const std::byte*>(sqlite3_column_blob(stmt_, column));
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

Transaction::Transaction(Db& db, Kind kind) : db_(db) {
  db.exec(kind == Kind::write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  // After a failed statement SQLite may have rolled back already; the result
  // does not matter then.
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace layer::client::sqlite
