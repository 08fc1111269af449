// A TL object from a message body, or nothing when it does not decode: the
// session reports such a message (UndecodedMessageEvent) instead of throwing.
#pragma once

#include <optional>
#include <span>

#include "layer/tl/codec.hpp"

namespace layer::mtproto::detail {

template <class T>
std::optional<T> decode(std::span<const std::byte> body) {
  try {
    return tl::deserialize<T>(body);
  } catch (const tl::DecodeError&) {
    return std::nullopt;
  }
}

}  // namespace layer::mtproto::detail
