// Small byte helpers shared by the implementation files.
#pragma once

#include <cstddef>
#include <cstdint>

namespace layer::crypto::detail {

inline std::uint64_t load_le64(const std::byte* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | std::to_integer<std::uint64_t>(p[i]);
  return v;
}

}  // namespace layer::crypto::detail
