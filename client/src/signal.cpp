#include "signal.hpp"

#include <boost/asio/this_coro.hpp>

namespace layer::client::detail {

namespace asio = boost::asio;

asio::awaitable<bool> wait_until(const std::shared_ptr<Signal>& signal, Clock& clock,
                                 std::optional<mtproto::Instant> until) {
  // No temporary shares a full-expression with a co_await: GCC 12 may
  // destroy such temporaries twice.
  std::shared_ptr<void> alarm;
  if (until) {
    const auto executor = co_await asio::this_coro::executor;
    std::function<void()> wake = [weak = std::weak_ptr<Signal>(signal)] {
      if (auto s = weak.lock()) s->notify();
    };
    alarm = clock.at(*until, executor, std::move(wake));
  }
  co_return co_await signal->wait();
}

asio::awaitable<bool> sleep_until(Clock& clock, mtproto::Instant when) {
  if (clock.now().mono >= when) co_return true;
  const auto executor = co_await asio::this_coro::executor;
  auto signal = std::make_shared<Signal>(executor);
  co_return co_await wait_until(signal, clock, when);
}

}  // namespace layer::client::detail
