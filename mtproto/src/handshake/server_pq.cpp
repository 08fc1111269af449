#include "server_pq.hpp"

#include <span>
#include <utility>

namespace layer::mtproto::handshake::detail {

namespace {

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
  // Operands are below 2^32, so the product fits in 64 bits.
  return a * b % m;
}

std::uint64_t pow_mod(std::uint64_t base, std::uint64_t exp, std::uint64_t m) {
  std::uint64_t result = 1;
  for (base %= m; exp != 0; exp >>= 1, base = mul_mod(base, base, m)) {
    if ((exp & 1) != 0) result = mul_mod(result, base, m);
  }
  return result;
}

// Miller-Rabin with the bases 2, 7 and 61, which is exact below 2^32.
bool is_prime_u32(std::uint64_t n) {
  if (n < 2 || n % 2 == 0) return n == 2;
  std::uint64_t d = n - 1;
  int s = 0;
  for (; d % 2 == 0; d /= 2) ++s;
  for (std::uint64_t a : {2u, 7u, 61u}) {
    if (a % n == 0) continue;
    std::uint64_t x = pow_mod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (int i = 1; i < s && composite; ++i) {
      x = mul_mod(x, x, n);
      composite = x != n - 1;
    }
    if (composite) return false;
  }
  return true;
}

// 31-bit primes, as Telegram's are: their product stays below 2^63, because
// clients such as Telethon read pq as a signed big-endian integer.
std::uint64_t random_prime(crypto::Rng& rng) {
  for (;;) {
    std::uint32_t v = 0;
    rng.fill(std::as_writable_bytes(std::span(&v, 1)));
    const std::uint64_t candidate = (v & 0x7fffffffu) | 0x40000001u;
    if (is_prime_u32(candidate)) return candidate;
  }
}

}  // namespace

PqChallenge random_pq(crypto::Rng& rng) {
  std::uint64_t p = random_prime(rng);
  std::uint64_t q = random_prime(rng);
  while (q == p) q = random_prime(rng);
  if (p > q) std::swap(p, q);
  return {p, q};
}

}  // namespace layer::mtproto::handshake::detail
