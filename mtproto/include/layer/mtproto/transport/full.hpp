// Full framing: length (payload + 12), sequence number, payload, CRC32 of all
// before it. Each direction counts its own sequence from 0; the decoder checks
// both the sequence and the CRC. Quick-ack tokens travel as a bare 4-byte word
// with the high bit set, outside the sequence.
#pragma once

#include <cstdint>

#include "layer/mtproto/transport/codec.hpp"
#include "layer/mtproto/transport/frame_reader.hpp"

namespace layer::mtproto::transport {

class FullCodec final : public Codec, private FrameParser {
 public:
  static constexpr std::size_t kEnvelope = 12;

  explicit FullCodec(Role role, const CodecOptions& options = {}) noexcept;

  std::error_code encode(std::span<const std::byte> payload, tl::Bytes& out, bool quick_ack) override;
  std::error_code encode_quick_ack(std::uint32_t token, tl::Bytes& out) override;
  std::error_code encode_error(std::int32_t code, tl::Bytes& out) override;
  Result<Decoded> decode(std::span<std::byte> in) override;

 private:
  void write_frame(std::span<const std::byte> payload, tl::Bytes& out, std::uint32_t flags);
  std::size_t header_size(std::span<const std::byte> head) const noexcept override;
  Result<std::size_t> body_size(std::span<const std::byte> head) override;
  Result<Frame> make_frame(std::span<const std::byte> head, std::span<std::byte> body) override;

  Role role_;
  std::size_t max_payload_;
  std::uint32_t send_seq_ = 0;
  std::uint32_t recv_seq_ = 0;
  FrameReader reader_;
};

}  // namespace layer::mtproto::transport
