#include "backoff.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace layer::client::detail {

Backoff::Backoff(std::chrono::milliseconds first, std::chrono::milliseconds cap) noexcept
    : first_(std::max(first, std::chrono::milliseconds(1))), cap_(std::max(cap, first_)) {}

std::chrono::milliseconds Backoff::next(crypto::Rng& rng) {
  auto base = first_;
  for (unsigned i = 0; i < attempt_ && base < cap_; ++i) base *= 2;
  base = std::min(base, cap_);
  ++attempt_;
  std::array<std::byte, 8> bytes{};
  rng.fill(bytes);
  std::uint64_t draw = 0;
  std::memcpy(&draw, bytes.data(), bytes.size());
  const auto jitter = static_cast<std::int64_t>(draw % static_cast<std::uint64_t>(base.count() / 2 + 1));
  return base + std::chrono::milliseconds(jitter);
}

}  // namespace layer::client::detail
