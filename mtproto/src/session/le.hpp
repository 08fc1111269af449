// Little-endian loads and stores of the fixed-width fields in MTProto framing,
// written byte by byte so they hold on any host.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace layer::mtproto::detail {

template <class T>
T load_le(std::span<const std::byte> in, std::size_t at = 0) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i)
    v |= std::uint64_t{std::to_integer<std::uint8_t>(in[at + i])} << (8 * i);
  return static_cast<T>(v);
}

template <class T>
void store_le(std::span<std::byte> out, std::size_t at, T value) noexcept {
  const auto v = static_cast<std::uint64_t>(value);
  for (std::size_t i = 0; i < sizeof(T); ++i) out[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xff);
}

}  // namespace layer::mtproto::detail
