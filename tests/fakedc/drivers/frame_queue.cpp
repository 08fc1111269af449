#include "frame_queue.hpp"

#include <system_error>

namespace layer::fakedc::test {
namespace {

namespace transport = mtproto::transport;

constexpr std::size_t kReadChunk = 65536;

Received received_of(const transport::Frame& frame) {
  if (frame.kind == transport::FrameKind::transport_error) return {{}, frame.error_code, {}};
  if (frame.kind == transport::FrameKind::quick_ack) return {{}, 0, frame.quick_ack_token};
  return {tl::Bytes(frame.payload.begin(), frame.payload.end()), 0, {}};
}

}  // namespace

FrameQueue::FrameQueue(transport::Kind kind, crypto::Rng& rng)
    : transport_(transport::ClientTransport::create({.kind = kind}, rng).value()) {}

tl::Bytes FrameQueue::encode(std::span<const std::byte> packet, bool quick_ack) {
  tl::Bytes out;
  if (const auto ec = transport_.encode(packet, out, quick_ack)) throw std::system_error(ec);
  return out;
}

std::optional<Received> FrameQueue::next() {
  const auto decoded = transport_.decode(std::span(buffer_).first(filled_)).value();
  // The frame may view buffer_: copy it out before the buffer moves.
  std::optional<Received> out;
  if (decoded.frame) out = received_of(*decoded.frame);
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(decoded.consumed));
  filled_ -= decoded.consumed;
  return out;
}

std::span<std::byte> FrameQueue::room() {
  buffer_.resize(filled_ + kReadChunk);
  return std::span(buffer_).subspan(filled_);
}

void FrameQueue::filled(std::size_t n) {
  filled_ += n;
  // Unread bytes only, so that taking a frame moves no more than those.
  buffer_.resize(filled_);
}

}  // namespace layer::fakedc::test
