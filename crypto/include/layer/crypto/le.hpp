// Little-endian loads and stores of fixed-width integers: key ids here, and every
// length, id and header field of MTProto framing in the libraries above. Written
// byte by byte so they hold on any host; compilers make single moves of them.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace layer::crypto {

template <std::integral T>
T load_le(std::span<const std::byte> in, std::size_t at = 0) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i)
    v |= std::uint64_t{std::to_integer<std::uint8_t>(in[at + i])} << (8 * i);
  return static_cast<T>(v);
}

template <std::integral T>
void store_le(std::span<std::byte> out, std::size_t at, T value) noexcept {
  const auto v = static_cast<std::uint64_t>(value);
  for (std::size_t i = 0; i < sizeof(T); ++i) out[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xff);
}

template <std::integral T>
void append_le(std::vector<std::byte>& out, T value) {
  out.resize(out.size() + sizeof(T));
  store_le(out, out.size() - sizeof(T), value);
}

}  // namespace layer::crypto
