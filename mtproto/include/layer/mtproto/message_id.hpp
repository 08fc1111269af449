// MTProto message identifiers: unix time (plus the offset to server time) in the
// high 32 bits, sub-second ticks below, strictly increasing per sender. The low
// two bits say who made the id: 0 for a client, 1 or 3 for a server.
//
// A generator never hands out the same id twice in its life, whatever time
// corrections arrive: ids the peer refused as too far ahead may be given up
// (the next ones go back down to the corrected clock), but every id issued
// above the peer's clock is remembered and skipped on the way back up. Ids the
// peer may have accepted are never given up, so when its clock goes back below
// them only a new session (a new generator) can follow it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>

#include "layer/mtproto/clock.hpp"

namespace layer::mtproto {

// Which end of the connection a session object speaks for. It decides the msg_key
// slice (x = 0 or 8), which ids the session makes and which it accepts.
enum class Side { client, server };

inline constexpr std::int64_t msg_id_seconds(std::int64_t msg_id) noexcept {
  return msg_id >> 32;
}

// Whether msg_id has the low bits its sender must give it: a server's ids are
// odd, a client's divisible by 4.
inline constexpr bool made_by(std::int64_t msg_id, Side sender) noexcept {
  return sender == Side::server ? (msg_id & 1) == 1 : (msg_id & 3) == 0;
}

// Seconds since the epoch of `now`, rounded down.
std::int64_t unix_seconds(Time now) noexcept;

// The offset that, added to the local clock, gives the time a peer wrote in
// msg_id, clamped so that the corrected clock stays within 1970..2038 and the
// ids made from it stay positive.
std::int32_t time_offset_from(std::int64_t peer_msg_id, Time now) noexcept;

class MessageIdGenerator {
 public:
  // Ids remembered at most (see forget_ids_after); an id issued past that is
  // never given up, nor any below it, so uniqueness still holds.
  static constexpr std::size_t kMaxRemembered = 1 << 16;

  explicit MessageIdGenerator(Side side, std::int32_t time_offset = 0,
                              std::int64_t max_future_seconds = 30) noexcept
      : side_(side), time_offset_(time_offset), max_future_(max_future_seconds) {}

  std::int64_t next(Time now);

  std::int32_t time_offset() const noexcept { return time_offset_; }
  // Keeps the last id, so ids stay strictly increasing across a correction: the
  // peer checks seq_no order against msg_id order (bad_msg_notification 32/33).
  void set_time_offset(std::int32_t seconds) noexcept { time_offset_ = seconds; }
  // A checked id of the peer: the peer's clock has reached its time, so no later
  // correction can bring the ceiling below it plus max_future.
  void observe_peer(std::int64_t peer_msg_id) noexcept;
  // Lets the next ids go back to just above `seconds` when the last one is later:
  // for ids the peer refused as too far in the future (and so ignored), which
  // would otherwise keep every later id too far ahead as well. Ids issued above
  // the ceiling are skipped when the generator reaches them again.
  void forget_ids_after(std::int64_t seconds);
  std::int64_t last() const noexcept { return last_; }
  // A session resumed from a snapshot: the next ids go above the last one it made.
  void resume_after(std::int64_t id) noexcept { last_ = std::max(last_, id); }
  // Ids issued above the peer's known clock, kept to be skipped later.
  std::size_t remembered() const noexcept { return ahead_.size() + skip_.size(); }

 private:
  std::int64_t peer_ceiling() const noexcept;
  std::int64_t tag() const noexcept { return side_ == Side::client ? 0 : 1; }

  Side side_;
  std::int32_t time_offset_;
  std::int64_t max_future_;
  std::int64_t last_ = 0;
  std::int64_t peer_seconds_ = -1;  // the latest peer clock seen, -1 before any
  std::set<std::int64_t> ahead_;    // issued above peer_ceiling(): a lowering may reach them
  std::set<std::int64_t> skip_;     // issued, then given up by a lowering: skipped on the way up
  std::int64_t unremembered_ = 0;   // the last id issued past kMaxRemembered: no lowering goes below it
};

}  // namespace layer::mtproto
