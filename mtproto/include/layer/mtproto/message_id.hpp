// MTProto message identifiers: unix time (plus the offset to server time) in the
// high 32 bits, sub-second ticks below, strictly increasing per sender. The low
// two bits say who made the id: 0 for a client, 1 or 3 for a server.
#pragma once

#include <cstdint>

#include "layer/mtproto/clock.hpp"

namespace layer::mtproto {

// Which end of the connection a session object speaks for. It decides the msg_key
// slice (x = 0 or 8), which ids the session makes and which it accepts.
enum class Side { client, server };

inline constexpr std::int64_t msg_id_seconds(std::int64_t msg_id) noexcept {
  return msg_id >> 32;
}

// Seconds since the epoch of `now`, rounded down.
std::int64_t unix_seconds(Time now) noexcept;

// The offset that, added to the local clock, gives the time a peer wrote in msg_id.
std::int32_t time_offset_from(std::int64_t peer_msg_id, Time now) noexcept;

class MessageIdGenerator {
 public:
  explicit MessageIdGenerator(Side side, std::int32_t time_offset = 0) noexcept
      : side_(side), time_offset_(time_offset) {}

  std::int64_t next(Time now) noexcept;

  std::int32_t time_offset() const noexcept { return time_offset_; }
  // Also forgets the last id: after the server said our ids were too high, the
  // next ones must follow the corrected clock even if that means going lower.
  void set_time_offset(std::int32_t seconds) noexcept {
    time_offset_ = seconds;
    last_ = 0;
  }
  std::int64_t last() const noexcept { return last_; }

 private:
  Side side_;
  std::int32_t time_offset_;
  std::int64_t last_ = 0;
};

}  // namespace layer::mtproto
