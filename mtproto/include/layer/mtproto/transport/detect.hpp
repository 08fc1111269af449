// Server side (layer::mtproto_server): which transport a client speaks, from its
// first bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "layer/mtproto/result.hpp"
#include "layer/mtproto/transport/frame.hpp"
#include "layer/mtproto/transport/kind.hpp"
#include "layer/mtproto/transport/secret.hpp"

namespace layer::mtproto::transport {

struct Detection {
  Kind kind;
  // Leading bytes that belong to the transport and not to the first frame: the
  // marker (1 or 4), the obfuscated2 header (64), none for full.
  std::size_t prelude_size;
  std::int16_t dc_id = 0;  // obfuscated kinds only
};

// nullopt: not enough bytes yet (never more than 64 are needed). With a secret
// only obfuscated2 under that secret is accepted.
Result<std::optional<Detection>> detect(std::span<const std::byte> first, const Secret* secret = nullptr,
                                        std::size_t max_payload = kDefaultMaxPayload);

}  // namespace layer::mtproto::transport
