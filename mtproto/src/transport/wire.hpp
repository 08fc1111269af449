// Byte-order helpers for the transport headers (all little-endian on the wire,
// except the abridged quick-ack token).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>

#include "layer/crypto/le.hpp"
#include "layer/mtproto/transport/frame.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto::transport::detail {

using crypto::append_le;
using crypto::load_le;
using crypto::store_le;

inline std::uint32_t load_be32(std::span<const std::byte> b) noexcept {
  return std::to_integer<std::uint32_t>(b[3]) | std::to_integer<std::uint32_t>(b[2]) << 8 |
         std::to_integer<std::uint32_t>(b[1]) << 16 | std::to_integer<std::uint32_t>(b[0]) << 24;
}

inline void append_be32(tl::Bytes& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::byte>(v >> (8 * i)));
}

inline void append(tl::Bytes& out, std::span<const std::byte> data) {
  out.insert(out.end(), data.begin(), data.end());
}

// A 4-byte payload holding a negative int32 is a transport error, not a message.
inline bool is_error_payload(std::span<const std::byte> body) noexcept {
  return body.size() == 4 && (load_le<std::uint32_t>(body) & 0x80000000u) != 0;
}

inline constexpr std::uint32_t kHighBit = 0x80000000u;

// Encoders refuse payloads the peer's decoder would reject.
inline std::error_code check_payload(std::size_t size, std::size_t max, bool aligned) noexcept {
  if (size == 0) return transport_errc::zero_length;
  if (size > max) return transport_errc::length_too_large;
  if (aligned && size % 4 != 0) return transport_errc::length_not_aligned;
  return {};
}

inline Frame error_frame(std::span<const std::byte> body) noexcept {
  Frame f;
  f.kind = FrameKind::transport_error;
  f.error_code = static_cast<std::int32_t>(load_le<std::uint32_t>(body));
  return f;
}

inline Frame quick_ack_frame(std::uint32_t token) noexcept {
  Frame f;
  f.kind = FrameKind::quick_ack;
  f.quick_ack_token = token;
  return f;
}

inline Frame message_frame(std::span<std::byte> body, bool quick_ack_requested) noexcept {
  Frame f;
  f.payload = body;
  f.quick_ack_requested = quick_ack_requested;
  return f;
}

}  // namespace layer::mtproto::transport::detail
