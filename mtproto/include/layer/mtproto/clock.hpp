// The two clocks of a session. Time is always passed in by the caller (the I/O
// layer or a test); nothing in mtproto reads a clock.
//
// The wall clock (Time) is what the protocol is made of: msg_ids, salts and
// the checks of the server's time. Every deadline (a request's timeout, the
// ack delay) runs on a monotonic clock (Instant) instead, so that the wall
// clock being set an hour forward fires none of them and an hour back stalls
// none of them.
//
// A session that takes time takes a Now: one reading of both clocks.
#pragma once

#include <chrono>

namespace layer::mtproto {

using Time = std::chrono::system_clock::time_point;
using Instant = std::chrono::steady_clock::time_point;

// The instant a wall time stands for, count for count, for a caller that has
// only a wall clock.
constexpr Instant instant_of(Time wall) noexcept {
  return Instant(std::chrono::duration_cast<Instant::duration>(wall.time_since_epoch()));
}

struct Now {
  // Readings of both clocks, taken together.
  constexpr Now(Time wall, Instant mono) noexcept : wall(wall), mono(mono) {}
  // A wall time alone, implicitly, for tests and simple callers: their
  // deadlines then follow the wall clock, jumps and all.
  constexpr Now(Time wall) noexcept : wall(wall), mono(instant_of(wall)) {}

  Time wall;
  Instant mono;
};

}  // namespace layer::mtproto
