#include "layer/client/clock.hpp"

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <utility>

namespace layer::client {
namespace {

namespace asio = boost::asio;

// The handle owns the timer: dropping it cancels the wait, and the aborted
// wait never calls fn.
class SystemClock final : public Clock {
 public:
  mtproto::Now now() const override {
    return {std::chrono::system_clock::now(), std::chrono::steady_clock::now()};
  }

  std::shared_ptr<void> at(mtproto::Instant when, asio::any_io_executor executor,
                           std::function<void()> fn) override {
    auto timer = std::make_shared<asio::steady_timer>(executor, when);
    timer->async_wait([fn = std::move(fn)](const boost::system::error_code& ec) {
      if (!ec) fn();
    });
    return timer;
  }
};

}  // namespace

std::shared_ptr<Clock> system_clock() {
  static const auto clock = std::make_shared<SystemClock>();
  return clock;
}

}  // namespace layer::client
