#include "layer/mtproto/replay_window.hpp"

#include "layer/mtproto/errors.hpp"

namespace layer::mtproto {

std::error_code ReplayWindow::check(std::int64_t msg_id) const noexcept {
  if (ids_.contains(msg_id)) return make_error_code(mtproto_errc::msg_id_replayed);
  if (ids_.size() >= capacity_ && msg_id < *ids_.begin())
    return make_error_code(mtproto_errc::msg_id_below_window);
  return {};
}

std::uint8_t ReplayWindow::state_of(std::int64_t msg_id) const noexcept {
  if (ids_.contains(msg_id)) return 4;
  if (full() && msg_id < *ids_.begin()) return 1;
  return ids_.empty() || msg_id > *ids_.rbegin() ? 3 : 2;
}

void ReplayWindow::insert(std::int64_t msg_id) {
  ids_.insert(msg_id);
  if (ids_.size() > capacity_) ids_.erase(ids_.begin());
}

}  // namespace layer::mtproto
