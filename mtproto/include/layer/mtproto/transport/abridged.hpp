// Abridged framing: length/4 in one byte, or 0x7f and 3 bytes LE. Client→server
// the length byte's high bit asks for a quick ack; server→client a first byte
// with the high bit set starts a byte-swapped 4-byte quick-ack token.
#pragma once

#include "layer/mtproto/transport/codec.hpp"
#include "layer/mtproto/transport/frame_reader.hpp"

namespace layer::mtproto::transport {

class AbridgedCodec final : public Codec, private FrameParser {
 public:
  explicit AbridgedCodec(Role role, const CodecOptions& options = {}) noexcept;

  std::error_code encode(std::span<const std::byte> payload, tl::Bytes& out, bool quick_ack) override;
  std::error_code encode_quick_ack(std::uint32_t token, tl::Bytes& out) override;
  std::error_code encode_error(std::int32_t code, tl::Bytes& out) override;
  Result<Decoded> decode(std::span<std::byte> in) override;

 private:
  std::size_t header_size(std::span<const std::byte> head) const noexcept override;
  Result<std::size_t> body_size(std::span<const std::byte> head) override;
  Result<Frame> make_frame(std::span<const std::byte> head, std::span<std::byte> body) override;

  Role role_;
  std::size_t max_payload_;
  FrameReader reader_;
};

}  // namespace layer::mtproto::transport
