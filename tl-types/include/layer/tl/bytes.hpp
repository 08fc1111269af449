#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace layer::tl {

// TL `bytes`. TL `string` is std::string (UTF-8 by convention, not checked).
using Bytes = std::vector<std::byte>;
using Int128 = std::array<std::byte, 16>;
using Int256 = std::array<std::byte, 32>;

// The constructor id of the boxed `Vector t`.
inline constexpr std::uint32_t vector_id = 0x1cb5c415;
inline constexpr std::uint32_t bool_true_id = 0x997275b5;
inline constexpr std::uint32_t bool_false_id = 0xbc799737;

}  // namespace layer::tl
