// A whole SessionData as one line of text, for bots that keep their session in
// an environment variable or a secret manager instead of a file:
//   "layer1:" + base64url (no padding) of a little-endian binary record ending
//   in a CRC-32, so that a truncated or mistyped string is refused as such.
// The string holds the auth keys: whoever has it is signed in as the account.
#pragma once

#include <string>
#include <string_view>

#include "layer/client/session_store.hpp"

namespace layer::client {

std::string export_session(const SessionData& data);
// Throws std::system_error(client_errc::bad_session_string) saying what is wrong.
SessionData import_session(std::string_view text);

}  // namespace layer::client
