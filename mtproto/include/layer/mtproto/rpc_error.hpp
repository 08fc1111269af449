// rpc_error#2144ca19 error_code:int error_message:string, split the way callers
// match on it: "FLOOD_WAIT_17" is name FLOOD_WAIT with value 17, and
// "FILE_PART_3_MISSING" is FILE_PART_MISSING with value 3.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "layer/mtproto/result.hpp"

namespace layer::mtproto {

struct RpcError {
  std::int32_t code = 0;
  std::string name;                   // the message without its numeric part
  std::optional<std::int64_t> value;  // the numeric part, when there is one
  std::string message;                // as the server sent it

  friend bool operator==(const RpcError&, const RpcError&) = default;
};

RpcError parse_rpc_error(std::int32_t code, std::string_view message);

// Reads a whole rpc_error object; malformed_message otherwise.
Result<RpcError> read_rpc_error(std::span<const std::byte> body);

}  // namespace layer::mtproto
