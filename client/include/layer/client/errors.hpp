// Error codes of the client library, thrown as std::system_error. The session
// store's come first; the connection and request layers add theirs below.
#pragma once

#include <system_error>

namespace layer::client {

enum class client_errc {
  // Success is 0, as std::error_code requires.
  session_in_use = 1,      // another process (or another store object) has the session file open
  foreign_session_file,    // not a layer session database, or a schema newer than this build
  corrupt_session_file,    // a layer session database that SQLite or the store cannot read
  session_storage_failed,  // the database could not be written or read (disk full, I/O error)
  bad_session_string,      // a session string that is not ours, damaged or truncated
};

const std::error_category& client_category() noexcept;

inline std::error_code make_error_code(client_errc e) noexcept {
  return {static_cast<int>(e), client_category()};
}

}  // namespace layer::client

template <>
struct std::is_error_code_enum<layer::client::client_errc> : std::true_type {};
