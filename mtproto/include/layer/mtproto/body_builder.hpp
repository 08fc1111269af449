// A request body made from the msg_id it goes out as, for the calls that carry
// their own msg_id (auth.bindTempAuthKey encrypts it into encrypted_message).
// ClientSession::enqueue_built calls it at every send, so that a resend under a
// new msg_id carries a body made for that msg_id. An error fails the request.
#pragma once

#include <cstdint>
#include <functional>

#include "layer/mtproto/result.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto {

using BodyBuilder = std::function<Result<tl::Bytes>(std::int64_t msg_id)>;

}  // namespace layer::mtproto
