#include "layer/mtproto/transport/abridged.hpp"

#include <algorithm>

#include "wire.hpp"

namespace layer::mtproto::transport {
namespace {

constexpr std::byte kLongForm{0x7f};
constexpr std::byte kFlag{0x80};
// The 3-byte length counts words, so it cannot describe 64 MiB or more.
constexpr std::size_t kMaxWords = (std::size_t{1} << 24) - 1;

}  // namespace

AbridgedCodec::AbridgedCodec(Role role, const CodecOptions& options) noexcept
    : role_(role), max_payload_(std::min(options.max_payload, kMaxWords * 4)) {}

std::error_code AbridgedCodec::encode(std::span<const std::byte> payload, tl::Bytes& out, bool quick_ack) {
  if (auto ec = detail::check_payload(payload.size(), max_payload_, true)) return ec;
  const auto words = payload.size() / 4;
  const auto flag = role_ == Role::client && quick_ack ? kFlag : std::byte{0};
  if (words < 0x7f) {
    out.push_back(static_cast<std::byte>(words) | flag);
  } else {
    out.push_back(kLongForm | flag);
    for (int i = 0; i < 3; ++i) out.push_back(static_cast<std::byte>(words >> (8 * i)));
  }
  detail::append(out, payload);
  return {};
}

std::error_code AbridgedCodec::encode_quick_ack(std::uint32_t token, tl::Bytes& out) {
  if (role_ != Role::server) return transport_errc::wrong_role;
  // Byte-swapped so that the first byte carries the high bit, which no length byte from a server has.
  detail::append_be32(out, token | detail::kHighBit);
  return {};
}

std::error_code AbridgedCodec::encode_error(std::int32_t code, tl::Bytes& out) {
  if (role_ != Role::server) return transport_errc::wrong_role;
  out.push_back(std::byte{1});
  detail::append_le<std::uint32_t>(out, static_cast<std::uint32_t>(code));
  return {};
}

Result<Decoded> AbridgedCodec::decode(std::span<std::byte> in) {
  return reader_.decode(in, *this);
}

std::size_t AbridgedCodec::header_size(std::span<const std::byte> head) const noexcept {
  if (head.empty()) return 1;
  const bool quick_ack_token = role_ == Role::client && (head[0] & kFlag) != std::byte{0};
  return quick_ack_token || (head[0] & ~kFlag) == kLongForm ? 4 : 1;
}

Result<std::size_t> AbridgedCodec::body_size(std::span<const std::byte> head) {
  if (role_ == Role::client && (head[0] & kFlag) != std::byte{0}) return std::size_t{0};
  std::size_t words = std::to_integer<std::size_t>(head[0] & ~kFlag);
  if (head.size() == 4) {
    words = std::to_integer<std::size_t>(head[1]) | std::to_integer<std::size_t>(head[2]) << 8 |
            std::to_integer<std::size_t>(head[3]) << 16;
  }
  if (words == 0) return std::error_code(transport_errc::zero_length);
  if (words > max_payload_ / 4) return std::error_code(transport_errc::length_too_large);
  return words * 4;
}

Result<Frame> AbridgedCodec::make_frame(std::span<const std::byte> head, std::span<std::byte> body) {
  const bool flagged = (head[0] & kFlag) != std::byte{0};
  if (role_ == Role::client && flagged) return detail::quick_ack_frame(detail::load_be32(head));
  if (detail::is_error_payload(body)) return detail::error_frame(body);
  return detail::message_frame(body, role_ == Role::server && flagged);
}

}  // namespace layer::mtproto::transport
