#include "layer/mtproto/message_id.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

namespace layer::mtproto {

std::int64_t unix_seconds(Time now) noexcept {
  return std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
}

std::int32_t time_offset_from(std::int64_t peer_msg_id, Time now) noexcept {
  constexpr std::int64_t kLatest = std::numeric_limits<std::int32_t>::max();
  const std::int64_t peer = std::clamp<std::int64_t>(msg_id_seconds(peer_msg_id), 0, kLatest);
  const std::int64_t offset = peer - unix_seconds(now);
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(offset, -kLatest, kLatest));
}

std::int64_t MessageIdGenerator::peer_ceiling() const noexcept {
  if (peer_seconds_ < 0) return -1;
  return ((peer_seconds_ + max_future_) << 32) | tag();
}

void MessageIdGenerator::observe_peer(std::int64_t peer_msg_id) noexcept {
  const std::int64_t seconds = msg_id_seconds(peer_msg_id);
  if (seconds <= peer_seconds_ || seconds < 0) return;
  peer_seconds_ = seconds;
  // No correction can now lower the ids below this ceiling, so what is under it
  // can never be reached again.
  const std::int64_t ceiling = peer_ceiling();
  ahead_.erase(ahead_.begin(), ahead_.upper_bound(ceiling));
}

void MessageIdGenerator::forget_ids_after(std::int64_t seconds) {
  std::int64_t ceiling = (seconds << 32) | tag();
  // Ids at or below the peer's known clock are not remembered, nor those issued
  // past the memory bound, so the ceiling goes below neither.
  ceiling = std::max({ceiling, peer_ceiling(), unremembered_});
  if (last_ <= ceiling) return;
  for (auto it = ahead_.upper_bound(ceiling); it != ahead_.end();) {
    skip_.insert(*it);
    it = ahead_.erase(it);
  }
  last_ = ceiling;
}

std::int64_t MessageIdGenerator::next(Time now) {
  using namespace std::chrono;
  const auto since_epoch = now.time_since_epoch();
  const auto whole = floor<seconds>(since_epoch);
  const auto nanos = static_cast<std::uint64_t>(duration_cast<nanoseconds>(since_epoch - whole).count());
  // Sub-second part as a 32-bit binary fraction, as the official clients do.
  const auto fraction = static_cast<std::int64_t>((nanos << 32) / 1'000'000'000u);
  const std::int64_t server_seconds =
      std::clamp<std::int64_t>(whole.count() + time_offset_, 0, std::numeric_limits<std::int32_t>::max());
  std::int64_t id = (server_seconds << 32) | (fraction & ~std::int64_t{3}) | tag();
  // Two ids in one clock tick (or a clock that steps back) still increase.
  if (id <= last_) id = last_ + 4;
  while (!skip_.empty() && *skip_.begin() <= id) {
    if (*skip_.begin() == id) id += 4;
    // Passed, but still above the peer's clock: another lowering may come back
    // to it, so it stays remembered as issued.
    if (*skip_.begin() > peer_ceiling()) ahead_.insert(*skip_.begin());
    skip_.erase(skip_.begin());
  }
  last_ = id;
  if (id > peer_ceiling()) {
    if (ahead_.size() + skip_.size() < kMaxRemembered)
      ahead_.insert(id);
    else
      unremembered_ = id;
  }
  return id;
}

}  // namespace layer::mtproto
