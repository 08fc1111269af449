// What the client reads out of an rpc_error to decide what happens next: a
// wait (FLOOD_WAIT_X and its kin) or a move to another DC (*_MIGRATE_X).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "layer/mtproto/rpc_error.hpp"

namespace layer::client::detail {

// FLOOD_WAIT_X, FLOOD_PREMIUM_WAIT_X, SLOWMODE_WAIT_X: seconds to wait.
std::optional<std::chrono::seconds> flood_wait_of(const mtproto::RpcError& error);

struct Migration {
  // PHONE_, USER_ and NETWORK_MIGRATE move the account's home DC; FILE_ and
  // STATS_MIGRATE send only this call elsewhere.
  bool moves_home = false;
  std::int32_t dc_id = 0;
};
std::optional<Migration> migration_of(const mtproto::RpcError& error);

}  // namespace layer::client::detail
