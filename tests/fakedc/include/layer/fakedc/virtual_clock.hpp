// Time that moves only when a test moves it. Given to
// ClusterOptions::virtual_clock, it is the world's time (dates, salts, update
// states) and drives every timer of the cluster: idle and
// ping_delay_disconnect deadlines, delay faults, the bot answer timeout. A
// test can then show "closed after five idle minutes" without waiting five
// minutes, and a seeded scenario replays the same on a slow or a busy machine.
//
// It stands for both clocks of mtproto::Now, which count together here: the
// wall clock (now(), the world's time) and the monotonic one (instant(), which
// the timers run on).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "layer/mtproto/clock.hpp"

namespace layer::fakedc {

class VirtualClock {
 public:
  explicit VirtualClock(mtproto::Time start);
  VirtualClock(const VirtualClock&) = delete;
  VirtualClock& operator=(const VirtualClock&) = delete;

  mtproto::Time now() const;
  mtproto::Instant instant() const { return mtproto::instant_of(now()); }

  // Moves time forward and posts every timer that fell due to its executor,
  // earliest first. Safe from any thread; the timers run when their executor
  // gets to them, and timers they set count from the new time.
  void advance(std::chrono::milliseconds by);

  // Timers set and not yet due.
  std::size_t pending() const;
  // When the earliest live timer falls due: what a test that runs until idle
  // advances to next.
  std::optional<mtproto::Instant> next_due() const;

  // Posts fn to executor once the monotonic time reaches `when`, unless the
  // returned handle has been destroyed by then.
  std::shared_ptr<void> at(mtproto::Instant when, boost::asio::any_io_executor executor,
                           std::function<void()> fn);

 private:
  struct Timer {
    std::weak_ptr<void> live;
    boost::asio::any_io_executor executor;
    std::function<void()> fn;
  };

  mutable std::mutex mutex_;
  mtproto::Time now_;
  std::uint64_t next_order_ = 0;
  // Ordered by deadline, then by when they were set.
  std::map<std::pair<mtproto::Instant, std::uint64_t>, Timer> timers_;
};

}  // namespace layer::fakedc
