// A condition variable for coroutines on one strand: a timer that never
// expires on its own and is cancelled to wake the waiter. A notify with
// nobody waiting is remembered, so a wake-up is never lost.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>

#include "layer/client/clock.hpp"

namespace layer::client::detail {

class Signal {
 public:
  explicit Signal(boost::asio::any_io_executor executor)
      : timer_(std::move(executor), boost::asio::steady_timer::time_point::max()) {}

  void notify() {
    notified_ = true;
    timer_.cancel();
  }

  // True once notified (now or since the last wait); false when the wait
  // itself was cancelled.
  boost::asio::awaitable<bool> wait() {
    if (!notified_) co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    const bool notified = notified_;
    notified_ = false;
    co_return notified;
  }

 private:
  boost::asio::steady_timer timer_;
  bool notified_ = false;
};

// Waits on signal until it is notified or the monotonic clock reaches until:
// true unless the wait was cancelled.
boost::asio::awaitable<bool> wait_until(const std::shared_ptr<Signal>& signal, Clock& clock,
                                        std::optional<mtproto::Instant> until);

// Sleeps until the monotonic clock reaches when: false when cancelled first.
boost::asio::awaitable<bool> sleep_until(Clock& clock, mtproto::Instant when);

}  // namespace layer::client::detail
