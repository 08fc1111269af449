// The server salts announced by future_salts, kept so that a session switches
// to the next one when its validity starts instead of waiting for the server to
// refuse the old one with bad_server_salt. Times are server unix seconds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace layer::mtproto {

struct ScheduledSalt {
  std::int64_t valid_since = 0;
  std::int64_t valid_until = 0;
  std::int64_t salt = 0;
  friend bool operator==(const ScheduledSalt&, const ScheduledSalt&) = default;
};

class SaltSchedule {
 public:
  // future_salts carries at most 64; more than that is a confused server.
  static constexpr std::size_t kCapacity = 64;

  // Adds salts not known yet; an empty validity range is ignored.
  void add(const ScheduledSalt& salt);
  // The salt to switch to at server_time: of the salts whose validity started by
  // then, the latest one still valid. Each salt is handed out once; the salts
  // whose validity started are forgotten, so a salt the server replaced since
  // (bad_server_salt) is not brought back.
  std::optional<std::int64_t> take_due(std::int64_t server_time);
  // When the next salt becomes valid, for the caller's wake-up.
  std::optional<std::int64_t> next_since() const noexcept;
  std::size_t size() const noexcept { return salts_.size(); }
  const std::vector<ScheduledSalt>& salts() const noexcept { return salts_; }

 private:
  std::vector<ScheduledSalt> salts_;  // sorted by valid_since
};

}  // namespace layer::mtproto
