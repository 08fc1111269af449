#include "layer/mtproto/transport/full.hpp"

#include <zlib.h>

#include <algorithm>

#include "wire.hpp"

namespace layer::mtproto::transport {
namespace {

constexpr std::size_t kHeader = 8;
constexpr std::size_t kCrc = 4;
constexpr std::size_t kMinLength = FullCodec::kEnvelope + 4;

// zlib's CRC-32. Against the slice-by-8 loop it replaced: 1.5x faster at 1 KiB
// and nearly 3x at 1 MiB, at most ~100 ns slower on a frame under 512 bytes,
// which is little beside the AES-IGE and SHA-256 of the message inside.
std::uint32_t crc32(std::span<const std::byte> data, std::uint32_t crc = 0) noexcept {
  return static_cast<std::uint32_t>(::crc32_z(crc, reinterpret_cast<const Bytef*>(data.data()), data.size()));
}

}  // namespace

FullCodec::FullCodec(Role role, const CodecOptions& options) noexcept
    : role_(role), max_payload_(std::min<std::size_t>(options.max_payload, 0x7fffffff - kEnvelope)) {}

void FullCodec::write_frame(std::span<const std::byte> payload, tl::Bytes& out, std::uint32_t flags) {
  const auto at = out.size();
  detail::append_le<std::uint32_t>(out, static_cast<std::uint32_t>(payload.size() + kEnvelope) | flags);
  detail::append_le<std::uint32_t>(out, send_seq_++);
  detail::append(out, payload);
  detail::append_le<std::uint32_t>(out, crc32(std::span(out).subspan(at)));
}

std::error_code FullCodec::encode(std::span<const std::byte> payload, tl::Bytes& out, bool quick_ack) {
  if (auto ec = detail::check_payload(payload.size(), max_payload_, true)) return ec;
  write_frame(payload, out, role_ == Role::client && quick_ack ? detail::kHighBit : 0);
  return {};
}

std::error_code FullCodec::encode_quick_ack(std::uint32_t token, tl::Bytes& out) {
  if (role_ != Role::server) return transport_errc::wrong_role;
  detail::append_le<std::uint32_t>(out, token | detail::kHighBit);
  return {};
}

std::error_code FullCodec::encode_error(std::int32_t code, tl::Bytes& out) {
  if (role_ != Role::server) return transport_errc::wrong_role;
  tl::Bytes body;
  detail::append_le<std::uint32_t>(body, static_cast<std::uint32_t>(code));
  write_frame(body, out, 0);
  return {};
}

Result<Decoded> FullCodec::decode(std::span<std::byte> in) {
  return reader_.decode(in, *this);
}

std::size_t FullCodec::header_size(std::span<const std::byte> head) const noexcept {
  if (head.size() < 4) return 4;
  const bool quick_ack_token =
      role_ == Role::client && (detail::load_le<std::uint32_t>(head) & detail::kHighBit) != 0;
  return quick_ack_token ? 4 : kHeader;
}

Result<std::size_t> FullCodec::body_size(std::span<const std::byte> head) {
  const auto word = detail::load_le<std::uint32_t>(head);
  if (role_ == Role::client && (word & detail::kHighBit) != 0) return std::size_t{0};
  const std::size_t length = word & ~detail::kHighBit;
  if (length == 0) return std::error_code(transport_errc::zero_length);
  if (length < kMinLength) return std::error_code(transport_errc::length_too_small);
  if (length % 4 != 0) return std::error_code(transport_errc::length_not_aligned);
  if (length - kEnvelope > max_payload_) return std::error_code(transport_errc::length_too_large);
  // Checked before the body arrives: a reordered or replayed frame is refused unread.
  if (detail::load_le<std::uint32_t>(head, 4) != recv_seq_)
    return std::error_code(transport_errc::bad_seq_no);
  return length - kHeader;
}

Result<Frame> FullCodec::make_frame(std::span<const std::byte> head, std::span<std::byte> body) {
  const auto word = detail::load_le<std::uint32_t>(head);
  if (head.size() == 4) return detail::quick_ack_frame(word);
  const auto payload = body.first(body.size() - kCrc);
  const auto crc = crc32(payload, crc32(head));
  if (crc != detail::load_le<std::uint32_t>(body, payload.size()))
    return std::error_code(transport_errc::bad_crc);
  ++recv_seq_;
  if (detail::is_error_payload(payload)) return detail::error_frame(payload);
  return detail::message_frame(payload, role_ == Role::server && (word & detail::kHighBit) != 0);
}

}  // namespace layer::mtproto::transport
