// Both transports hand out padded intermediate payloads without their random
// tail, so no consumer has to know which framing brought a packet.
#pragma once

#include "layer/mtproto/transport/frame.hpp"
#include "layer/mtproto/transport/kind.hpp"

namespace layer::mtproto::transport {

inline void strip_padding(Decoded& decoded, Kind kind) noexcept {
  if (decoded.frame && decoded.frame->kind == FrameKind::message && framing_of(kind) == Kind::padded)
    decoded.frame->payload = decoded.frame->payload.first(without_padding(decoded.frame->payload).size());
}

}  // namespace layer::mtproto::transport
