// The cluster's timers, on the machine's steady clock or on a VirtualClock,
// so the connection and service code is the same in both.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "layer/fakedc/virtual_clock.hpp"

namespace layer::fakedc {

// A timer that is set; destroying it cancels it.
using Alarm = std::shared_ptr<void>;

class Timers {
 public:
  using Duration = std::chrono::steady_clock::duration;

  // virtual_clock may be null: then the steady clock.
  Timers(boost::asio::any_io_executor executor, std::shared_ptr<VirtualClock> virtual_clock);

  // Monotonic time since the timers were made.
  Duration elapsed() const;

  // Runs fn on the executor after `delay`, unless the Alarm is gone by then.
  [[nodiscard]] Alarm after(Duration delay, std::function<void()> fn);
  // The same, with nothing to cancel it.
  void after_detached(Duration delay, std::function<void()> fn);

 private:
  mtproto::Instant now() const;

  boost::asio::any_io_executor executor_;
  std::shared_ptr<VirtualClock> virtual_clock_;
  mtproto::Instant start_;
};

}  // namespace layer::fakedc
