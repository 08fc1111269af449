// Obfuscated2: a 64-byte random header whose bytes 8..55 seed one AES-256-CTR
// stream per direction (reversed for the way back), hiding the inner framing's
// tag and every byte after it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "layer/crypto/aes_ctr.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/mtproto/result.hpp"
#include "layer/mtproto/transport/kind.hpp"
#include "layer/mtproto/transport/secret.hpp"

namespace layer::mtproto::transport {

inline constexpr std::size_t kObfuscatedHeaderSize = 64;
using ObfuscatedHeader = std::array<std::byte, kObfuscatedHeaderSize>;

// True when a client must not send `header` (it would look like another
// protocol: abridged, intermediate, padded, HTTP, TLS, or full's seq 0).
bool is_forbidden_header(std::span<const std::byte> header) noexcept;

// The two keystreams of one connection: `send` for our bytes, `receive` for the peer's.
class Obfuscator {
 public:
  struct Hello;
  struct Accepted;

  // Client: draws headers from rng until one is allowed, stamps tag and dc_id
  // (left random when absent, as Telethon and GramJS do) and returns the header
  // to send first, with its bytes 56..63 already encrypted.
  static Result<Hello> connect(crypto::Rng& rng, ProtocolTag tag, std::optional<std::int16_t> dc_id,
                               const Secret* secret);
  // Server: derives the keys from a client's header and decrypts its tag and DC id.
  static Result<Accepted> accept(std::span<const std::byte, kObfuscatedHeaderSize> header,
                                 const Secret* secret);

  void send(std::span<std::byte> data) noexcept { send_.apply(data); }
  void receive(std::span<std::byte> data) noexcept { receive_.apply(data); }

 private:
  Obfuscator(crypto::AesCtr send, crypto::AesCtr receive) noexcept;
  static Result<Obfuscator> from_header(std::span<const std::byte, kObfuscatedHeaderSize> header,
                                        const Secret* secret, bool client);

  crypto::AesCtr send_;
  crypto::AesCtr receive_;
};

struct Obfuscator::Hello {
  ObfuscatedHeader header;
  Obfuscator cipher;
};

struct Obfuscator::Accepted {
  Obfuscator cipher;
  Kind kind;           // the obfuscated kind named by the tag
  std::int16_t dc_id;  // random for clients that do not set it
};

}  // namespace layer::mtproto::transport
