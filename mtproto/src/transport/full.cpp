#include "layer/mtproto/transport/full.hpp"

#include <algorithm>

#include "layer/crypto/crc32.hpp"
#include "wire.hpp"

namespace layer::mtproto::transport {
namespace {

constexpr std::size_t kHeader = 8;
constexpr std::size_t kCrc = 4;
constexpr std::size_t kMinLength = FullCodec::kEnvelope + 4;

}  // namespace

FullCodec::FullCodec(Role role, const CodecOptions& options) noexcept
    : role_(role), max_payload_(std::min<std::size_t>(options.max_payload, 0x7fffffff - kEnvelope)) {}

void FullCodec::write_frame(std::span<const std::byte> payload, tl::Bytes& out, std::uint32_t flags) {
  const auto at = out.size();
  detail::append_le32(out, static_cast<std::uint32_t>(payload.size() + kEnvelope) | flags);
  detail::append_le32(out, send_seq_++);
  detail::append(out, payload);
  detail::append_le32(out, crypto::crc32(std::span(out).subspan(at)));
}

std::error_code FullCodec::encode(std::span<const std::byte> payload, tl::Bytes& out, bool quick_ack) {
  if (auto ec = detail::check_payload(payload.size(), max_payload_, true)) return ec;
  write_frame(payload, out, role_ == Role::client && quick_ack ? detail::kHighBit : 0);
  return {};
}

std::error_code FullCodec::encode_quick_ack(std::uint32_t token, tl::Bytes& out) {
  if (role_ != Role::server) return transport_errc::wrong_role;
  detail::append_le32(out, token | detail::kHighBit);
  return {};
}

std::error_code FullCodec::encode_error(std::int32_t code, tl::Bytes& out) {
  if (role_ != Role::server) return transport_errc::wrong_role;
  tl::Bytes body;
  detail::append_le32(body, static_cast<std::uint32_t>(code));
  write_frame(body, out, 0);
  return {};
}

Result<Decoded> FullCodec::decode(std::span<const std::byte> in) {
  return reader_.decode(in, *this);
}

std::size_t FullCodec::header_size(std::span<const std::byte> head) const noexcept {
  if (head.size() < 4) return 4;
  const bool quick_ack_token = role_ == Role::client && (detail::load_le32(head) & detail::kHighBit) != 0;
  return quick_ack_token ? 4 : kHeader;
}

Result<std::size_t> FullCodec::body_size(std::span<const std::byte> head) {
  const auto word = detail::load_le32(head);
  if (role_ == Role::client && (word & detail::kHighBit) != 0) return std::size_t{0};
  const std::size_t length = word & ~detail::kHighBit;
  if (length == 0) return std::error_code(transport_errc::zero_length);
  if (length < kMinLength) return std::error_code(transport_errc::length_too_small);
  if (length % 4 != 0) return std::error_code(transport_errc::length_not_aligned);
  if (length - kEnvelope > max_payload_) return std::error_code(transport_errc::length_too_large);
  // Checked before the body arrives: a reordered or replayed frame is refused unread.
  if (detail::load_le32(head.subspan(4)) != recv_seq_) return std::error_code(transport_errc::bad_seq_no);
  return length - kHeader;
}

Result<Frame> FullCodec::make_frame(std::span<const std::byte> head, std::span<const std::byte> body) {
  const auto word = detail::load_le32(head);
  if (head.size() == 4) return detail::quick_ack_frame(word);
  const auto payload = body.first(body.size() - kCrc);
  const auto crc = crypto::crc32(payload, crypto::crc32(head));
  if (crc != detail::load_le32(body.subspan(payload.size()))) return std::error_code(transport_errc::bad_crc);
  ++recv_seq_;
  if (detail::is_error_payload(payload)) return detail::error_frame(payload);
  return detail::message_frame(payload, role_ == Role::server && (word & detail::kHighBit) != 0);
}

}  // namespace layer::mtproto::transport
