// AES-256-CTR as a stream: the obfuscated2 transport runs one encryptor and one
// decryptor per connection for its whole life, fed chunks of any size.
#pragma once

#include <cstddef>
#include <memory>
#include <span>

#include "layer/crypto/error.hpp"

namespace layer::crypto {

class AesCtr {
 public:
  // key: 32 bytes, iv: the 16-byte initial counter block (big-endian counter).
  static Result<AesCtr> create(std::span<const std::byte, 32> key, std::span<const std::byte, 16> iv);

  AesCtr(AesCtr&&) noexcept;
  AesCtr& operator=(AesCtr&&) noexcept;
  ~AesCtr();

  // XORs the next keystream bytes into data; the position carries over between
  // calls, so splitting a stream into chunks gives the same bytes as one call.
  void apply(std::span<std::byte> data) noexcept;
  // Out of place; in and out must have the same size.
  void apply(std::span<const std::byte> in, std::span<std::byte> out) noexcept;

 private:
  struct Impl;
  explicit AesCtr(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace layer::crypto
