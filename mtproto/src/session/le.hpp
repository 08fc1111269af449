// The little-endian fields of MTProto's plain and encrypted framing, read and
// written with crypto's helpers under the session code's detail:: names.
#pragma once

#include "layer/crypto/le.hpp"

namespace layer::mtproto::detail {

using crypto::load_le;
using crypto::store_le;

}  // namespace layer::mtproto::detail
