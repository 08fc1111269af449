// A framing run through an Obfuscator: encoded frames are encrypted in `out`
// after being appended, received bytes are decrypted before framing.
#pragma once

#include <memory>

#include "layer/mtproto/transport/codec.hpp"
#include "layer/mtproto/transport/obfuscation.hpp"

namespace layer::mtproto::transport {

class ObfuscatedCodec final : public Codec {
 public:
  ObfuscatedCodec(std::unique_ptr<Codec> inner, Obfuscator cipher) noexcept;

  std::error_code encode(std::span<const std::byte> payload, tl::Bytes& out, bool quick_ack) override;
  std::error_code encode_quick_ack(std::uint32_t token, tl::Bytes& out) override;
  std::error_code encode_error(std::int32_t code, tl::Bytes& out) override;
  // Takes all of `in` at once (the keystream cannot rewind), so frames beyond
  // the first come from further calls with empty input. Once the inner framing
  // failed, every call returns its error without keeping or decrypting `in`.
  Result<Decoded> decode(std::span<std::byte> in) override;

 private:
  std::error_code seal(std::error_code ec, tl::Bytes& out, std::size_t from) noexcept;

  std::unique_ptr<Codec> inner_;
  Obfuscator cipher_;
  tl::Bytes plain_;  // decrypted input not yet framed
  std::size_t plain_pos_ = 0;
  std::error_code failed_;
};

}  // namespace layer::mtproto::transport
