// Where the client takes its time and timers from. The default is the
// machine's clocks; tests give one that moves only when they move it (the fake
// DC's VirtualClock fits behind this interface), so an hour of backoff and
// flood waits passes in milliseconds and a seeded run replays exactly.
//
// A reading has both clocks (mtproto::Now): the wall clock only for what the
// protocol needs (msg_ids, salts, the server's time), the monotonic one for
// every interval and deadline, so that the wall clock being set forward or back
// neither fires nor stalls a timeout, a backoff or a keepalive.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>

#include "layer/mtproto/clock.hpp"

namespace layer::client {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual mtproto::Now now() const = 0;
  // Posts fn to executor once the monotonic time reaches when, unless the
  // returned handle has been destroyed by then.
  virtual std::shared_ptr<void> at(mtproto::Instant when, boost::asio::any_io_executor executor,
                                   std::function<void()> fn) = 0;
};

// The system and steady clocks, with Asio timers.
std::shared_ptr<Clock> system_clock();

}  // namespace layer::client
