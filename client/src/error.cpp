#include "layer/client/error.hpp"

#include <utility>

namespace layer::client {

std::string Error::message() const {
  if (rpc) return "rpc error " + std::to_string(rpc->code) + " " + rpc->message;
  return code.message();
}

Error rpc_failure(mtproto::RpcError rpc) {
  return Error{client_errc::rpc_error, std::move(rpc)};
}

Exception::Exception(Error error)
    : std::system_error(error.code, error.message()), error_(std::move(error)) {}

void throw_exception_from_error(const Error& error, const boost::source_location&) {
  throw Exception(error);
}

}  // namespace layer::client
