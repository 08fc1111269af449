#include "rpc_errors.hpp"

#include <string_view>

namespace layer::client::detail {

std::optional<std::chrono::seconds> flood_wait_of(const mtproto::RpcError& error) {
  if (error.code != 420 || !error.value || *error.value < 0) return std::nullopt;
  if (error.name != "FLOOD_WAIT" && error.name != "FLOOD_PREMIUM_WAIT" && error.name != "SLOWMODE_WAIT") {
    return std::nullopt;
  }
  return std::chrono::seconds(*error.value);
}

std::optional<Migration> migration_of(const mtproto::RpcError& error) {
  if (error.code != 303 || !error.value || *error.value <= 0 || *error.value > 0xffff) return std::nullopt;
  const auto dc = static_cast<std::int32_t>(*error.value);
  const std::string_view name = error.name;
  if (name == "PHONE_MIGRATE" || name == "USER_MIGRATE" || name == "NETWORK_MIGRATE")
    return Migration{true, dc};
  if (name == "FILE_MIGRATE" || name == "STATS_MIGRATE") return Migration{false, dc};
  return std::nullopt;
}

}  // namespace layer::client::detail
