#include "layer/mtproto/transport/intermediate.hpp"

#include <algorithm>
#include <array>

#include "wire.hpp"

namespace layer::mtproto::transport {
namespace {

// An MTProto message is at least 24 bytes, so a shorter padded frame can only
// be a 4-byte error code followed by up to 15 bytes of padding.
constexpr std::size_t kShortestMessage = 24;
// Peers may pad this much whatever we are configured to send.
constexpr std::size_t kSpecPadding = 15;
// A padded quick ack: 0xffffffff, the token, then 0..8 random bytes.
constexpr std::uint32_t kQuickAckMark = 0xffffffffu;
constexpr std::size_t kQuickAckSize = 8;
constexpr std::size_t kQuickAckPadding = 8;

}  // namespace

IntermediateCodec::IntermediateCodec(Role role, crypto::Rng* rng, const CodecOptions& options) noexcept
    : role_(role),
      rng_(rng),
      max_payload_(std::min<std::size_t>(options.max_payload, 0x7fffffff - 255)),
      max_padding_(rng != nullptr ? std::min<std::size_t>(options.max_padding, 255) : 0) {}

IntermediateCodec::IntermediateCodec(Role role, const CodecOptions& options) noexcept
    : IntermediateCodec(role, nullptr, options) {}

IntermediateCodec IntermediateCodec::padded(Role role, crypto::Rng& rng,
                                            const CodecOptions& options) noexcept {
  return IntermediateCodec(role, &rng, options);
}

void IntermediateCodec::append_padding(tl::Bytes& out, std::size_t at_length, std::size_t max_padding) {
  std::size_t pad = 0;
  if (max_padding > 0) {
    std::array<std::byte, 1> draw{};
    rng_->fill(draw);
    pad = std::to_integer<std::size_t>(draw[0]) % (max_padding + 1);
  }
  detail::store_le(out, at_length,
                   detail::load_le<std::uint32_t>(out, at_length) + static_cast<std::uint32_t>(pad));
  const auto from = out.size();
  out.resize(from + pad);
  rng_->fill(std::span(out).subspan(from));
}

std::error_code IntermediateCodec::encode(std::span<const std::byte> payload, tl::Bytes& out,
                                          bool quick_ack) {
  if (auto ec = detail::check_payload(payload.size(), max_payload_, true)) return ec;
  const auto flag = role_ == Role::client && quick_ack ? detail::kHighBit : 0;
  const auto at = out.size();
  detail::append_le<std::uint32_t>(out, static_cast<std::uint32_t>(payload.size()) | flag);
  detail::append(out, payload);
  if (is_padded()) append_padding(out, at, max_padding_);
  return {};
}

// Padded, a quick ack is a frame of its own, as the specification has it: its
// length says 8 to 16, and 0xffffffff is no transport error.
std::error_code IntermediateCodec::encode_quick_ack(std::uint32_t token, tl::Bytes& out) {
  if (role_ != Role::server) return transport_errc::wrong_role;
  if (!is_padded()) {
    detail::append_le<std::uint32_t>(out, token | detail::kHighBit);
    return {};
  }
  const auto at = out.size();
  detail::append_le<std::uint32_t>(out, kQuickAckSize);
  detail::append_le<std::uint32_t>(out, kQuickAckMark);
  detail::append_le<std::uint32_t>(out, token | detail::kHighBit);
  append_padding(out, at, std::min(max_padding_, kQuickAckPadding));
  return {};
}

std::error_code IntermediateCodec::encode_error(std::int32_t code, tl::Bytes& out) {
  if (role_ != Role::server) return transport_errc::wrong_role;
  const auto at = out.size();
  detail::append_le<std::uint32_t>(out, 4);
  detail::append_le<std::uint32_t>(out, static_cast<std::uint32_t>(code));
  if (is_padded()) append_padding(out, at, max_padding_);
  return {};
}

Result<Decoded> IntermediateCodec::decode(std::span<std::byte> in) {
  return reader_.decode(in, *this);
}

std::size_t IntermediateCodec::header_size(std::span<const std::byte>) const noexcept {
  return 4;
}

Result<std::size_t> IntermediateCodec::body_size(std::span<const std::byte> head) {
  const auto word = detail::load_le<std::uint32_t>(head);
  if ((word & detail::kHighBit) != 0 && role_ == Role::client) return std::size_t{0};
  const std::size_t length = word & ~detail::kHighBit;
  if (length == 0) return std::error_code(transport_errc::zero_length);
  if (length > max_payload_ + (is_padded() ? std::max(max_padding_, kSpecPadding) : 0))
    return std::error_code(transport_errc::length_too_large);
  if (!is_padded() && length % 4 != 0) return std::error_code(transport_errc::length_not_aligned);
  return length;
}

Result<Frame> IntermediateCodec::make_frame(std::span<const std::byte> head, std::span<std::byte> body) {
  const auto word = detail::load_le<std::uint32_t>(head);
  const bool flagged = (word & detail::kHighBit) != 0;
  if (role_ == Role::client && flagged) return detail::quick_ack_frame(word);
  if (role_ == Role::client && is_padded() && body.size() >= kQuickAckSize &&
      body.size() <= kQuickAckSize + kQuickAckPadding &&
      detail::load_le<std::uint32_t>(body) == kQuickAckMark)
    return detail::quick_ack_frame(detail::load_le<std::uint32_t>(body, 4));
  const bool error = is_padded() ? body.size() >= 4 && body.size() < kShortestMessage - 4 &&
                                       detail::is_error_payload(body.first(4))
                                 : detail::is_error_payload(body);
  if (error) return detail::error_frame(body);
  return detail::message_frame(body, role_ == Role::server && flagged);
}

}  // namespace layer::mtproto::transport
