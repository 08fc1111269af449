// The client end of a connection: framing plus optional obfuscation, built from
// a Kind. The first encode() also writes what opens the stream (the marker or
// the obfuscated2 header).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "layer/crypto/rng.hpp"
#include "layer/mtproto/result.hpp"
#include "layer/mtproto/transport/codec.hpp"
#include "layer/mtproto/transport/secret.hpp"

namespace layer::mtproto::transport {

struct ClientOptions {
  Kind kind = Kind::obfuscated_intermediate;
  std::optional<Secret> secret{};  // MTProxy; obfuscated kinds only
  // Obfuscated2 header bytes 60..61: negative for test DCs and media. Left random
  // when absent (plain obfuscated2); proxies need it.
  std::optional<std::int16_t> dc_id{};
  CodecOptions codec{};
};

class ClientTransport {
 public:
  // rng draws the obfuscation header and padding and must outlive the transport.
  static Result<ClientTransport> create(const ClientOptions& options, crypto::Rng& rng);

  Kind kind() const noexcept { return kind_; }

  [[nodiscard]] std::error_code encode(std::span<const std::byte> payload, tl::Bytes& out,
                                       bool quick_ack = false);
  // Padded intermediate's random tail is already cut from a message's payload.
  Result<Decoded> decode(std::span<std::byte> in);

 private:
  ClientTransport(Kind kind, std::unique_ptr<Codec> codec, tl::Bytes prelude) noexcept;

  Kind kind_;
  std::unique_ptr<Codec> codec_;
  tl::Bytes prelude_;  // sent before the first frame, then cleared
};

}  // namespace layer::mtproto::transport
