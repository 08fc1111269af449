// Where the client takes its time and timers from. The default is the
// machine's clock; tests give one that moves only when they move it (the fake
// DC's VirtualClock fits behind this interface), so an hour of backoff and
// flood waits passes in milliseconds and a seeded run replays exactly.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>

#include "layer/mtproto/clock.hpp"

namespace layer::client {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual mtproto::Time now() const = 0;
  // Posts fn to executor once the time reaches when, unless the returned
  // handle has been destroyed by then.
  virtual std::shared_ptr<void> at(mtproto::Time when, boost::asio::any_io_executor executor,
                                   std::function<void()> fn) = 0;
};

// The system clock, with Asio timers.
std::shared_ptr<Clock> system_clock();

}  // namespace layer::client
