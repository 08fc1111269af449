// Reassembly shared by the length-prefixed codecs: collects a header of the size
// the codec asks for, checks the declared length before buffering anything of
// the body, then collects the body. A frame that arrives whole in one input is
// returned in place, without a copy.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <system_error>

#include "layer/mtproto/result.hpp"
#include "layer/mtproto/transport/frame.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto::transport {

// What a codec tells the reader about its header format.
class FrameParser {
 public:
  virtual ~FrameParser() = default;
  // Total header bytes needed, given the ones read so far (may grow as they arrive).
  virtual std::size_t header_size(std::span<const std::byte> head) const noexcept = 0;
  // Body size declared by a complete header, after the codec's checks.
  virtual Result<std::size_t> body_size(std::span<const std::byte> head) = 0;
  virtual Result<Frame> make_frame(std::span<const std::byte> head, std::span<std::byte> body) = 0;
};

class FrameReader {
 public:
  static constexpr std::size_t kMaxHeader = 8;

  Result<Decoded> decode(std::span<std::byte> in, FrameParser& parser);

 private:
  bool read_header(std::span<const std::byte> in, std::size_t& used, const FrameParser& parser);
  Result<Decoded> finish(std::size_t used, FrameParser& parser, std::span<std::byte> body);
  std::error_code fail(std::error_code ec) noexcept;

  std::array<std::byte, kMaxHeader> head_{};
  std::size_t head_len_ = 0;
  std::size_t body_size_ = 0;
  bool have_header_ = false;
  bool body_lent_ = false;  // body_ backs the frame returned last
  tl::Bytes body_;
  std::error_code failed_;
};

}  // namespace layer::mtproto::transport
