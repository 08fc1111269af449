#include "timers.hpp"

#include <boost/asio/steady_timer.hpp>

namespace layer::fakedc {

Timers::Timers(boost::asio::any_io_executor executor, std::shared_ptr<VirtualClock> virtual_clock)
    : executor_(std::move(executor)), virtual_clock_(std::move(virtual_clock)), start_(now()) {}

mtproto::Instant Timers::now() const {
  return virtual_clock_ ? virtual_clock_->instant() : std::chrono::steady_clock::now();
}

Timers::Duration Timers::elapsed() const {
  return now() - start_;
}

Alarm Timers::after(Duration delay, std::function<void()> fn) {
  if (virtual_clock_) {
    return virtual_clock_->at(virtual_clock_->instant() + delay, executor_, std::move(fn));
  }
  auto timer = std::make_shared<boost::asio::steady_timer>(executor_, delay);
  // The handler holds the timer weakly: the Alarm owns it, and dropping the
  // Alarm destroys the timer, which cancels the wait.
  timer->async_wait([weak = std::weak_ptr(timer), fn = std::move(fn)](const boost::system::error_code& ec) {
    if (!ec && !weak.expired()) fn();
  });
  return timer;
}

void Timers::after_detached(Duration delay, std::function<void()> fn) {
  // The pending call keeps its own Alarm alive until it has run.
  auto keep = std::make_shared<Alarm>();
  *keep = after(delay, [keep, fn = std::move(fn)] {
    fn();
    keep->reset();
  });
}

}  // namespace layer::fakedc
