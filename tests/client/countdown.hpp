// What a test that starts many calls at once waits on: each completion
// counts down, and wait() returns once all n have come.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <memory>

#include "signal.hpp"

namespace layer::client::test {

class Countdown {
 public:
  static std::shared_ptr<Countdown> make(boost::asio::any_io_executor executor, int n) {
    return std::make_shared<Countdown>(std::move(executor), n);
  }
  Countdown(boost::asio::any_io_executor executor, int n) : done_(std::move(executor)), left_(n) {}

  void count() {
    if (--left_ == 0) done_.notify();
  }
  boost::asio::awaitable<void> wait() {
    if (left_ > 0) co_await done_.wait();
  }

 private:
  detail::Signal done_;
  int left_;
};

}  // namespace layer::client::test
