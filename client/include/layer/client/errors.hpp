// Error codes of the client library. The session store's come first (thrown as
// std::system_error), then those a request resolves with (carried by
// layer::client::Error, see error.hpp).
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
  rpc_error,               // the server answered with rpc_error: Error::rpc says which
  request_timeout,         // no answer before the request's timeout
  request_cancelled,       // the caller cancelled the request
  client_closed,           // the client was closed, or cannot go on (a fatal error at connect)
  security_violation,      // the server broke a rule of the protocol (a failed key exchange check)
  unknown_dc,              // no address is known for the DC a request must go to
  unknown_peer,            // a chat or user the client has no access hash for, or a username nobody has
};

const std::error_category& client_category() noexcept;

inline std::error_code make_error_code(client_errc e) noexcept {
  return {static_cast<int>(e), client_category()};
}

}  // namespace layer::client

template <>
struct std::is_error_code_enum<layer::client::client_errc> : std::true_type {};
