// Splitting the server's pq (resPQ) into p < q, the client's proof of work.
#pragma once

#include <cstdint>

#include "layer/crypto/error.hpp"

namespace layer::crypto {

struct PqFactors {
  std::uint64_t p;
  std::uint64_t q;
  friend bool operator==(const PqFactors&, const PqFactors&) = default;
};

// Pollard-Brent rho steps before giving up. Semiprimes of two 32-bit primes need
// about 2^16 on average; the default leaves a wide margin yet bounds a hostile pq
// to a few tens of milliseconds.
inline constexpr std::uint64_t kPqDefaultMaxSteps = std::uint64_t{1} << 22;

// pq = p * q with p <= q both prime. Errors: pq_invalid (pq < 4), pq_prime,
// pq_not_semiprime (more than two prime factors), pq_too_hard (step bound reached).
Result<PqFactors> factorize_pq(std::uint64_t pq, std::uint64_t max_steps = kPqDefaultMaxSteps) noexcept;

}  // namespace layer::crypto
