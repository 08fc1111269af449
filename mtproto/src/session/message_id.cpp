#include "layer/mtproto/message_id.hpp"

#include <chrono>

namespace layer::mtproto {

std::int64_t unix_seconds(Time now) noexcept {
  return std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
}

std::int32_t time_offset_from(std::int64_t peer_msg_id, Time now) noexcept {
  return static_cast<std::int32_t>(msg_id_seconds(peer_msg_id) - unix_seconds(now));
}

void MessageIdGenerator::forget_ids_after(std::int64_t seconds) noexcept {
  const std::int64_t ceiling = (seconds << 32) | (side_ == Side::client ? 0 : 1);
  if (last_ > ceiling) last_ = ceiling;
}

std::int64_t MessageIdGenerator::next(Time now) noexcept {
  using namespace std::chrono;
  const auto since_epoch = now.time_since_epoch();
  const auto whole = floor<seconds>(since_epoch);
  const auto nanos = static_cast<std::uint64_t>(duration_cast<nanoseconds>(since_epoch - whole).count());
  // Sub-second part as a 32-bit binary fraction, as the official clients do.
  const auto fraction = static_cast<std::int64_t>((nanos << 32) / 1'000'000'000u);
  const std::int64_t tag = side_ == Side::client ? 0 : 1;
  std::int64_t id = ((whole.count() + time_offset_) << 32) | (fraction & ~std::int64_t{3}) | tag;
  // Two ids in one clock tick (or a clock that steps back) still increase.
  if (id <= last_) id = last_ + 4;
  last_ = id;
  return id;
}

}  // namespace layer::mtproto
