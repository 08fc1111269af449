// Flood gates, one per (DC, method): after FLOOD_WAIT_30 on messages.sendMessage,
// no sendMessage leaves for that DC for 30 s (callers wait without sending)
// while other methods go on. Pure: time (monotonic) is passed in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "layer/mtproto/clock.hpp"

namespace layer::client::detail {

class FloodGates {
 public:
  // When a call of method (its constructor id) may leave for dc; nothing: now.
  std::optional<mtproto::Instant> closed_until(std::int32_t dc, std::uint32_t method, mtproto::Instant now);
  // Extends the gate to until (a gate never closes earlier than it already does).
  void close(std::int32_t dc, std::uint32_t method, mtproto::Instant until);
  std::size_t size() const noexcept { return gates_.size(); }

 private:
  std::map<std::pair<std::int32_t, std::uint32_t>, mtproto::Instant> gates_;
};

}  // namespace layer::client::detail
