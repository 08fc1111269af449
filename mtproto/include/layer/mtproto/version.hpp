#pragma once

namespace layer::mtproto {

// The MTProto protocol revision this library speaks.
inline constexpr int protocol_version = 2;

// The TL layer the session layer was generated for (read from api.tl).
int tl_layer() noexcept;

}  // namespace layer::mtproto
