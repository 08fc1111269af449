// The msg_ids a session has accepted recently, so a replayed packet is refused.
// Bounded: once full, the oldest id is forgotten and anything older than the
// oldest remembered id is refused as well, since it can no longer be checked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <system_error>

namespace layer::mtproto {

class ReplayWindow {
 public:
  explicit ReplayWindow(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // mtproto_errc::msg_id_replayed or msg_id_below_window, or no error.
  std::error_code check(std::int64_t msg_id) const noexcept;
  void insert(std::int64_t msg_id);
  bool contains(std::int64_t msg_id) const noexcept { return ids_.contains(msg_id); }
  // What msgs_state_info says of msg_id, as far as this window knows: 1 older
  // than anything remembered, 2 not received, 3 newer than anything received,
  // 4 received. The caller adds the flags it knows (8: acknowledged).
  std::uint8_t state_of(std::int64_t msg_id) const noexcept;
  std::size_t size() const noexcept { return ids_.size(); }
  bool full() const noexcept { return ids_.size() >= capacity_; }
  std::optional<std::int64_t> lowest() const noexcept {
    return ids_.empty() ? std::nullopt : std::optional(*ids_.begin());
  }
  std::optional<std::int64_t> highest() const noexcept {
    return ids_.empty() ? std::nullopt : std::optional(*ids_.rbegin());
  }

 private:
  std::size_t capacity_;
  std::set<std::int64_t> ids_;
};

}  // namespace layer::mtproto
