#include "layer/mtproto/transport/obfuscated_codec.hpp"

namespace layer::mtproto::transport {

ObfuscatedCodec::ObfuscatedCodec(std::unique_ptr<Codec> inner, Obfuscator cipher) noexcept
    : inner_(std::move(inner)), cipher_(std::move(cipher)) {}

std::error_code ObfuscatedCodec::seal(std::error_code ec, tl::Bytes& out, std::size_t from) noexcept {
  // The inner codecs append nothing when they fail, so the keystream stays in step.
  if (!ec) cipher_.send(std::span(out).subspan(from));
  return ec;
}

std::error_code ObfuscatedCodec::encode(std::span<const std::byte> payload, tl::Bytes& out, bool quick_ack) {
  const auto from = out.size();
  return seal(inner_->encode(payload, out, quick_ack), out, from);
}

std::error_code ObfuscatedCodec::encode_quick_ack(std::uint32_t token, tl::Bytes& out) {
  const auto from = out.size();
  return seal(inner_->encode_quick_ack(token, out), out, from);
}

std::error_code ObfuscatedCodec::encode_error(std::int32_t code, tl::Bytes& out) {
  const auto from = out.size();
  return seal(inner_->encode_error(code, out), out, from);
}

Result<Decoded> ObfuscatedCodec::decode(std::span<std::byte> in) {
  // A failed stream can no longer be framed: a peer that goes on sending must
  // not make us buffer and decrypt what nobody will read.
  if (failed_) return failed_;
  if (!in.empty()) {
    // Compact only when new bytes arrive: draining buffered frames stays linear.
    plain_.erase(plain_.begin(), plain_.begin() + static_cast<std::ptrdiff_t>(plain_pos_));
    plain_pos_ = 0;
    const auto from = plain_.size();
    plain_.insert(plain_.end(), in.begin(), in.end());
    cipher_.receive(std::span(plain_).subspan(from));
  }
  auto r = inner_->decode(std::span(plain_).subspan(plain_pos_));
  if (!r) {
    failed_ = r.error();
    plain_ = {};
    plain_pos_ = 0;
    return failed_;
  }
  plain_pos_ += r->consumed;
  return Decoded{in.size(), std::move(r->frame)};
}

}  // namespace layer::mtproto::transport
