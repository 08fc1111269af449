// The server end of a connection (layer::mtproto_server): detects the client's
// transport from its first bytes, then frames both ways with it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "layer/crypto/rng.hpp"
#include "layer/mtproto/result.hpp"
#include "layer/mtproto/transport/codec.hpp"
#include "layer/mtproto/transport/detect.hpp"
#include "layer/mtproto/transport/obfuscation.hpp"
#include "layer/mtproto/transport/secret.hpp"

namespace layer::mtproto::transport {

struct ServerOptions {
  std::optional<Secret> secret{};  // acting as an MTProxy: only obfuscated2 with this secret
  CodecOptions codec{};
};

class ServerTransport {
 public:
  // rng pads padded intermediate and must outlive the transport.
  ServerTransport(ServerOptions options, crypto::Rng& rng);

  // Known once decode() has seen enough of the stream.
  std::optional<Kind> kind() const noexcept { return kind_; }
  std::optional<std::int16_t> dc_id() const noexcept { return dc_id_; }

  Result<Decoded> decode(std::span<std::byte> in);

  // Before the transport is known these fail with transport_errc::not_detected.
  [[nodiscard]] std::error_code encode(std::span<const std::byte> payload, tl::Bytes& out);
  [[nodiscard]] std::error_code encode_quick_ack(std::uint32_t token, tl::Bytes& out);
  [[nodiscard]] std::error_code encode_error(std::int32_t code, tl::Bytes& out);

 private:
  Result<std::size_t> take_prelude(std::span<const std::byte> in);
  std::error_code start(const Detection& d);

  ServerOptions options_;
  crypto::Rng* rng_;
  std::optional<Kind> kind_;
  std::optional<std::int16_t> dc_id_;
  std::unique_ptr<Codec> codec_;
  ObfuscatedHeader prelude_{};
  std::size_t prelude_len_ = 0;
  std::error_code failed_;
};

}  // namespace layer::mtproto::transport
