#pragma once

#include "layer/crypto/error.hpp"

namespace layer::mtproto {

// A value or the std::error_code saying why there is none (mtproto_errc,
// handshake_errc, transport_errc or crypto_errc). The sans-IO layer never throws on
// wire data: every check reports through this.
template <class T>
using Result = crypto::Result<T>;

}  // namespace layer::mtproto
