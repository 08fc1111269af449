#include "layer/mtproto/salt_schedule.hpp"

#include <algorithm>

namespace layer::mtproto {

void SaltSchedule::add(const ScheduledSalt& salt) {
  if (salt.valid_until <= salt.valid_since) return;
  if (std::find(salts_.begin(), salts_.end(), salt) != salts_.end()) return;
  const auto at = std::upper_bound(salts_.begin(), salts_.end(), salt, [](const auto& a, const auto& b) {
    return a.valid_since < b.valid_since;
  });
  salts_.insert(at, salt);
  // The furthest salts go first: the near ones are needed sooner, and more
  // can be asked for later.
  if (salts_.size() > kCapacity) salts_.pop_back();
}

std::optional<std::int64_t> SaltSchedule::take_due(std::int64_t server_time) {
  std::optional<std::int64_t> due;
  while (!salts_.empty() && salts_.front().valid_since <= server_time) {
    if (server_time < salts_.front().valid_until) due = salts_.front().salt;
    salts_.erase(salts_.begin());
  }
  return due;
}

std::optional<std::int64_t> SaltSchedule::next_since() const noexcept {
  if (salts_.empty()) return std::nullopt;
  return salts_.front().valid_since;
}

}  // namespace layer::mtproto
