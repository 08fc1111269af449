// The interface every framing implements, so a connection can hold any of them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <system_error>

#include "layer/crypto/rng.hpp"
#include "layer/mtproto/result.hpp"
#include "layer/mtproto/transport/frame.hpp"
#include "layer/mtproto/transport/kind.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto::transport {

// Encoders append to `out` and never touch what it already holds, so a caller
// can batch several frames into one write. Markers and obfuscation headers are
// not written here: ClientTransport does that once per connection.
class Codec {
 public:
  virtual ~Codec() = default;

  // One message frame. quick_ack asks the server for a quick ack (client only;
  // ignored by the server role). Rejects empty, oversized or misaligned payloads.
  [[nodiscard]] virtual std::error_code encode(std::span<const std::byte> payload, tl::Bytes& out,
                                               bool quick_ack) = 0;
  // Server only: a quick-ack token (its high bit is set here) and a transport error.
  [[nodiscard]] virtual std::error_code encode_quick_ack(std::uint32_t token, tl::Bytes& out) = 0;
  [[nodiscard]] virtual std::error_code encode_error(std::int32_t code, tl::Bytes& out) = 0;

  virtual Result<Decoded> decode(std::span<std::byte> in) = 0;
};

// A plain framing for `kind` (obfuscated kinds give their inner framing).
// rng pads padded intermediate and must outlive the codec.
std::unique_ptr<Codec> make_codec(Kind kind, Role role, crypto::Rng& rng, const CodecOptions& options = {});

}  // namespace layer::mtproto::transport
