// The server's proof-of-work challenge: pq = p * q for two random 32-bit primes.
#pragma once

#include <cstdint>

#include "layer/crypto/rng.hpp"

namespace layer::mtproto::handshake::detail {

struct PqChallenge {
  std::uint64_t p = 0;  // p < q
  std::uint64_t q = 0;
};

// Both primes have their top bit set, so pq has 63 or 64 bits like Telegram's.
PqChallenge random_pq(crypto::Rng& rng);

}  // namespace layer::mtproto::handshake::detail
