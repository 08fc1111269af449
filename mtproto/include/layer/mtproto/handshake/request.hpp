// What a handshake step hands to the caller to send: the TL function (to log or
// inspect) and its serialized bytes, the body of the next plain message.
#pragma once

#include <utility>

#include "layer/tl/bytes.hpp"
#include "layer/tl/codec.hpp"

namespace layer::mtproto::handshake {

template <class F>
struct Request {
  F function;
  tl::Bytes bytes;
};

template <class F>
Request<F> make_request(F function) {
  tl::Bytes bytes = tl::serialize(function);
  return {std::move(function), std::move(bytes)};
}

}  // namespace layer::mtproto::handshake
