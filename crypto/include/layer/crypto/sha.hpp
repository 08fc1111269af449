// SHA-1 and SHA-256. MTProto hashes concatenations everywhere (nonces, key slices,
// msg_key ‖ auth_key parts), so the one-shot forms take several pieces and hash
// them as one message, without building the concatenation.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>

namespace layer::crypto {

using Sha1Digest = std::array<std::byte, 20>;
using Sha256Digest = std::array<std::byte, 32>;
using ByteSpan = std::span<const std::byte>;

Sha1Digest sha1(ByteSpan data);
Sha1Digest sha1(std::initializer_list<ByteSpan> pieces);
Sha256Digest sha256(ByteSpan data);
Sha256Digest sha256(std::initializer_list<ByteSpan> pieces);

namespace detail {
struct HashState;
struct HashStateDeleter {
  void operator()(HashState* s) const noexcept;
};
}  // namespace detail

// Incremental hashing; finish() returns the digest and resets for reuse.
class Sha1 {
 public:
  Sha1();
  Sha1& update(ByteSpan data);
  Sha1Digest finish();

 private:
  std::unique_ptr<detail::HashState, detail::HashStateDeleter> state_;
};

class Sha256 {
 public:
  Sha256();
  Sha256& update(ByteSpan data);
  Sha256Digest finish();

 private:
  std::unique_ptr<detail::HashState, detail::HashStateDeleter> state_;
};

}  // namespace layer::crypto
