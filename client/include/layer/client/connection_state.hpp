// What a DC connection is doing, for apps that show it ("Connecting…",
// "Waiting for network…"). Config::on_connection_state receives every change.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

#include "layer/mtproto/clock.hpp"

namespace layer::client {

enum class ConnectionState {
  connecting,           // opening the TCP connection
  handshaking,          // creating an auth key (first use of a DC)
  ready,                // connected, initConnection answered: requests flow
  waiting_for_network,  // the connection failed; the next attempt is at retry_at
  closed,               // for good: Client::close, or an error that retrying cannot mend
};

std::string_view to_string(ConnectionState state) noexcept;

struct ConnectionEvent {
  std::int32_t dc_id = 0;
  ConnectionState state = ConnectionState::connecting;
  std::error_code reason;  // why the previous connection ended, if it did
  // waiting_for_network only; by the wall clock, for display (the wait itself
  // is on the monotonic clock)
  std::optional<mtproto::Time> retry_at;
};

}  // namespace layer::client
