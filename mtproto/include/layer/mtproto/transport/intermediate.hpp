// Intermediate framing: 4-byte LE length, then the payload. The padded variant
// appends 0..max_padding random bytes counted in the length, which the decoder
// hands on as part of the payload. The length's high bit carries the quick-ack
// request (client→server) or marks a quick-ack token (server→client); padded,
// a server sends the token in a short frame of its own after 0xffffffff (both
// forms are read).
#pragma once

#include "layer/mtproto/transport/codec.hpp"
#include "layer/mtproto/transport/frame_reader.hpp"

namespace layer::mtproto::transport {

class IntermediateCodec final : public Codec, private FrameParser {
 public:
  explicit IntermediateCodec(Role role, const CodecOptions& options = {}) noexcept;
  // rng draws the padding and must outlive the codec.
  static IntermediateCodec padded(Role role, crypto::Rng& rng, const CodecOptions& options = {}) noexcept;

  bool is_padded() const noexcept { return rng_ != nullptr; }

  std::error_code encode(std::span<const std::byte> payload, tl::Bytes& out, bool quick_ack) override;
  std::error_code encode_quick_ack(std::uint32_t token, tl::Bytes& out) override;
  std::error_code encode_error(std::int32_t code, tl::Bytes& out) override;
  Result<Decoded> decode(std::span<std::byte> in) override;

 private:
  IntermediateCodec(Role role, crypto::Rng* rng, const CodecOptions& options) noexcept;
  void append_padding(tl::Bytes& out, std::size_t at_length, std::size_t max_padding);
  std::size_t header_size(std::span<const std::byte> head) const noexcept override;
  Result<std::size_t> body_size(std::span<const std::byte> head) override;
  Result<Frame> make_frame(std::span<const std::byte> head, std::span<std::byte> body) override;

  Role role_;
  crypto::Rng* rng_;
  std::size_t max_payload_;
  std::size_t max_padding_;
  FrameReader reader_;
};

}  // namespace layer::mtproto::transport
