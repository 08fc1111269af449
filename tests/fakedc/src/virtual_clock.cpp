#include "layer/fakedc/virtual_clock.hpp"

#include <boost/asio/post.hpp>
#include <vector>

namespace layer::fakedc {

VirtualClock::VirtualClock(mtproto::Time start) : now_(start) {}

mtproto::Time VirtualClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

std::size_t VirtualClock::pending() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [when, timer] : timers_) n += timer.live.expired() ? 0 : 1;
  return n;
}

std::optional<mtproto::Instant> VirtualClock::next_due() const {
  std::lock_guard lock(mutex_);
  for (const auto& [when, timer] : timers_) {
    if (!timer.live.expired()) return when.first;
  }
  return std::nullopt;
}

std::shared_ptr<void> VirtualClock::at(mtproto::Instant when, boost::asio::any_io_executor executor,
                                       std::function<void()> fn) {
  auto live = std::make_shared<char>();
  std::lock_guard lock(mutex_);
  timers_.emplace(std::pair{when, next_order_++}, Timer{live, std::move(executor), std::move(fn)});
  return live;
}

void VirtualClock::advance(std::chrono::milliseconds by) {
  std::vector<Timer> due;
  {
    std::lock_guard lock(mutex_);
    now_ += by;
    const auto end = timers_.upper_bound({mtproto::instant_of(now_), UINT64_MAX});
    for (auto it = timers_.begin(); it != end; ++it) due.push_back(std::move(it->second));
    timers_.erase(timers_.begin(), end);
  }
  // Posted outside the lock: a timer's executor may be the calling thread's.
  for (auto& timer : due) {
    boost::asio::post(timer.executor, [live = std::move(timer.live), fn = std::move(timer.fn)] {
      if (!live.expired()) fn();
    });
  }
}

}  // namespace layer::fakedc
