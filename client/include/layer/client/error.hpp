// What a request resolves with when it has no result: Client::try_invoke
// returns it in a Result, Client::invoke throws it as an Exception.
//
//   auto r = co_await client.try_invoke(fn);
//   if (!r && r.error().is_rpc("FLOOD_WAIT")) wait(*r.error().rpc->value);
//
// code is a client_errc (rpc_error, request_timeout, request_cancelled,
// client_closed, ...) or, for a request the session layer gave up on, the
// mtproto_errc it gave (mtproto_errc::outcome_unknown: the server may or may
// not have run it).
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "layer/client/errors.hpp"
#include "layer/mtproto/rpc_error.hpp"

namespace layer::client {

struct Error {
  std::error_code code;
  std::optional<mtproto::RpcError> rpc;  // set when code is client_errc::rpc_error

  // An RPC error named name ("FLOOD_WAIT" matches FLOOD_WAIT_17).
  bool is_rpc(std::string_view name) const noexcept { return rpc && rpc->name == name; }
  std::string message() const;
  friend bool operator==(const Error&, const Error&) = default;
};

Error rpc_failure(mtproto::RpcError rpc);

class Exception : public std::system_error {
 public:
  explicit Exception(Error error);
  const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

template <class T>
using Result = boost::system::result<T, Error>;

// Lets Result<T>::value() throw Exception.
[[noreturn]] void throw_exception_from_error(const Error& error, const boost::source_location& where);

}  // namespace layer::client
