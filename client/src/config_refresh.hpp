// When the client asks help.getConfig again: the DC list a config carries is
// good until its `expires`. The lifetime is counted from the config's own
// `date`, so a client clock that is off changes nothing, and bounded: a config
// that claims to have expired already must not make the client ask in a
// loop, and one that claims a year is still refreshed daily.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace layer::client::detail {

inline constexpr std::chrono::seconds kShortestConfigLife{60};
inline constexpr std::chrono::seconds kLongestConfigLife{24 * 3600};

constexpr std::chrono::seconds config_lifetime(std::int32_t date, std::int32_t expires) noexcept {
  const std::chrono::seconds claimed{std::int64_t{expires} - std::int64_t{date}};
  return std::clamp(claimed, kShortestConfigLife, kLongestConfigLife);
}

}  // namespace layer::client::detail
