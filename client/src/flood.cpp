#include "flood.hpp"

namespace layer::client::detail {

std::optional<mtproto::Instant> FloodGates::closed_until(std::int32_t dc, std::uint32_t method,
                                                         mtproto::Instant now) {
  const auto it = gates_.find({dc, method});
  if (it == gates_.end()) return std::nullopt;
  if (it->second <= now) {
    gates_.erase(it);  // open again: keeps the table as small as the methods waiting
    return std::nullopt;
  }
  return it->second;
}

void FloodGates::close(std::int32_t dc, std::uint32_t method, mtproto::Instant until) {
  auto [it, inserted] = gates_.try_emplace({dc, method}, until);
  if (!inserted && it->second < until) it->second = until;
}

}  // namespace layer::client::detail
