#include "layer/client/errors.hpp"

#include <string>

namespace layer::client {
namespace {

const char* describe(client_errc e) noexcept {
  switch (e) {
    case client_errc::session_in_use:
      return "the session is in use by another process or store";
    case client_errc::foreign_session_file:
      return "not a layer session file, or one from a newer version";
    case client_errc::corrupt_session_file:
      return "the session file is corrupt";
    case client_errc::session_storage_failed:
      return "the session file could not be read or written";
    case client_errc::bad_session_string:
      return "not a valid layer session string";
    case client_errc::rpc_error:
      return "the server answered with an RPC error";
    case client_errc::request_timeout:
      return "the request timed out";
    case client_errc::request_cancelled:
      return "the request was cancelled";
    case client_errc::client_closed:
      return "the client is closed";
    case client_errc::security_violation:
      return "the server broke a rule of the protocol";
    case client_errc::unknown_dc:
      return "no address is known for the DC";
    case client_errc::unknown_peer:
      return "the client knows no such chat or user (no access hash has been seen for it)";
  }
  return "unknown client error";
}

class ClientCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "layer.client"; }
  std::string message(int ev) const override { return describe(static_cast<client_errc>(ev)); }
};

}  // namespace

const std::error_category& client_category() noexcept {
  static const ClientCategory category;
  return category;
}

}  // namespace layer::client
