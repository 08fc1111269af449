// Diffie-Hellman of the auth key exchange, with the checks the MTProto security
// guidelines require of a client (and that a fake DC applies to g_b).
// All numbers are big-endian byte strings, as they travel in TL.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>

#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/error.hpp"

namespace layer::crypto {

using DhValue = std::array<std::byte, 256>;  // left-padded with zeros

// dh_prime must be a 2048-bit safe prime. Telegram's known prime is recognised by
// comparison; any other is fully tested once per process and the verdict cached.
[[nodiscard]] std::error_code check_dh_prime(std::span<const std::byte> dh_prime);

// What check_dh_prime has done in this process with primes other than Telegram's:
// a server sending a new prime on every handshake shows up as full_tests growing,
// and tests use it to see that a second check was served from the cache.
struct DhPrimeCacheStats {
  std::uint64_t full_tests = 0;  // safe-prime tests run (a miss in the cache)
  std::uint64_t cache_hits = 0;  // checks answered by a cached verdict
};
DhPrimeCacheStats dh_prime_cache_stats() noexcept;

// Telegram's 2048-bit DH prime (the one its servers send), big-endian.
std::span<const std::byte, 256> telegram_dh_prime() noexcept;

// g in 2..7 and the quadratic-residue condition that makes g generate the order-q
// subgroup of this p. Assumes p already passed check_dh_prime.
[[nodiscard]] std::error_code check_dh_g(std::span<const std::byte> dh_prime, std::uint32_t g);

// Both checks above.
[[nodiscard]] std::error_code check_dh_params(std::span<const std::byte> dh_prime, std::uint32_t g);

// 2^(2048-64) <= value <= dh_prime - 2^(2048-64), which implies 1 < value < dh_prime - 1.
// For g_a, g_b and SRP's A and B.
[[nodiscard]] std::error_code check_dh_value(std::span<const std::byte> value,
                                             std::span<const std::byte> dh_prime);

// g^secret mod dh_prime, in constant time with respect to secret.
Result<DhValue> dh_public(std::uint32_t g, std::span<const std::byte> secret,
                          std::span<const std::byte> dh_prime);

// peer^secret mod dh_prime, the auth key; peer must already have passed check_dh_value.
Result<AuthKey> dh_shared(std::span<const std::byte> peer, std::span<const std::byte> secret,
                          std::span<const std::byte> dh_prime);

struct DhClientOutput {
  DhValue g_b;
  AuthKey auth_key;
};

// The client half of server_DH_inner_data handling: checks dh_prime, g and g_a,
// computes g_b from the 256 random bytes b, checks g_b, and derives the auth key.
Result<DhClientOutput> dh_client_exchange(std::span<const std::byte> dh_prime, std::uint32_t g,
                                          std::span<const std::byte> g_a, std::span<const std::byte, 256> b);

}  // namespace layer::crypto
