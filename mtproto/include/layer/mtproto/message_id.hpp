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
  // Keeps the last id, so ids stay strictly increasing across a correction: the
  // peer checks seq_no order against msg_id order (bad_msg_notification 32/33).
  void set_time_offset(std::int32_t seconds) noexcept { time_offset_ = seconds; }
  // Lets the next ids go back to just above `seconds` when the last one is later:
  // for ids the peer refused as too far in the future (and so ignored), which
  // would otherwise keep every later id too far ahead as well.
  void forget_ids_after(std::int64_t seconds) noexcept;
  std::int64_t last() const noexcept { return last_; }

 private:
  Side side_;
  std::int32_t time_offset_;
  std::int64_t last_ = 0;
};

}  // namespace layer::mtproto
