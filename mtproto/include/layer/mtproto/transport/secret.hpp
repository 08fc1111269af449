// An MTProxy secret: 16 bytes mixed into the obfuscated2 keys, optionally
// prefixed by 0xdd, which obliges the client to use padded intermediate.
#pragma once

#include <cstddef>
#include <span>

#include "layer/crypto/secure_bytes.hpp"
#include "layer/mtproto/result.hpp"

namespace layer::mtproto::transport {

class Secret {
 public:
  static constexpr std::size_t kSize = 16;

  // 16 bytes, or 0xdd + 16 bytes. Fake-TLS (0xee) secrets are not supported.
  static Result<Secret> parse(std::span<const std::byte> bytes);

  std::span<const std::byte, kSize> key() const noexcept { return key_.span(); }
  bool padded_only() const noexcept { return padded_only_; }

 private:
  Secret(std::span<const std::byte, kSize> key, bool padded_only) noexcept
      : key_(key), padded_only_(padded_only) {}

  crypto::SecureArray<kSize> key_;
  bool padded_only_;
};

}  // namespace layer::mtproto::transport
