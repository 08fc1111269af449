#include "layer/crypto/pq.hpp"

#include <algorithm>
#include <bit>
#include <numeric>

namespace layer::crypto {
namespace {

__extension__ typedef unsigned __int128 u128;  // __extension__: -Wpedantic-clean

// Montgomery arithmetic modulo an odd 64-bit n (R = 2^64): one multiplication costs
// two 64x64->128 products instead of a 128-bit division.
class Mont {
 public:
  explicit Mont(std::uint64_t n) : n_(n), inv_(inverse(n)), r2_(static_cast<std::uint64_t>(square_r(n))) {}

  std::uint64_t n() const { return n_; }
  std::uint64_t to(std::uint64_t a) const { return mul(a % n_, r2_); }
  std::uint64_t one() const { return to(1); }

  // a * b / R mod n, for a, b < n.
  std::uint64_t mul(std::uint64_t a, std::uint64_t b) const {
    const u128 t = static_cast<u128>(a) * b;
    const std::uint64_t m = static_cast<std::uint64_t>(t) * inv_;
    const auto mn_hi = static_cast<std::uint64_t>((static_cast<u128>(m) * n_) >> 64);
    const auto t_hi = static_cast<std::uint64_t>(t >> 64);
    return t_hi >= mn_hi ? t_hi - mn_hi : t_hi - mn_hi + n_;
  }

  std::uint64_t add(std::uint64_t a, std::uint64_t b) const {
    const std::uint64_t s = a + b;
    return (s < a || s >= n_) ? s - n_ : s;
  }

  std::uint64_t pow(std::uint64_t base, std::uint64_t e) const {
    std::uint64_t r = one();
    for (; e != 0; e >>= 1, base = mul(base, base)) {
      if ((e & 1) != 0) r = mul(r, base);
    }
    return r;
  }

 private:
  static std::uint64_t inverse(std::uint64_t n) {
    std::uint64_t x = n;  // correct to 3 bits for odd n; each Newton step doubles that
    for (int i = 0; i < 5; ++i) x *= 2 - n * x;
    return x;
  }
  static u128 square_r(std::uint64_t n) {
    const u128 r = (u128{1} << 64) % n;
    return r * r % n;
  }

  std::uint64_t n_;
  std::uint64_t inv_;
  std::uint64_t r2_;
};

// Deterministic Miller-Rabin: these twelve bases decide every n below 2^64.
bool is_prime(std::uint64_t n) {
  if (n < 2) return false;
  for (std::uint64_t p : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    if (n % p == 0) return n == p;
  }
  const Mont m(n);
  const int s = std::countr_zero(n - 1);
  const std::uint64_t d = (n - 1) >> s;
  const std::uint64_t one = m.one();
  const std::uint64_t minus_one = m.to(n - 1);
  for (std::uint64_t a : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    std::uint64_t x = m.pow(m.to(a), d);
    if (x == one || x == minus_one) continue;
    bool composite = true;
    for (int i = 1; i < s && composite; ++i) {
      x = m.mul(x, x);
      composite = x != minus_one;
    }
    if (composite) return false;
  }
  return true;
}

// Brent's variant of Pollard's rho on y -> y^2 + c (Montgomery form), batching
// 128 differences per gcd. Returns a divisor of n, which is n (or 1) when this c
// ran into a cycle and the caller should retry with another, or 0 once the step
// budget is spent.
std::uint64_t brent(const Mont& m, std::uint64_t c, std::uint64_t& budget) {
  constexpr std::uint64_t kBatch = 128;
  const std::uint64_t n = m.n();
  auto f = [&](std::uint64_t y) { return m.add(m.mul(y, y), c); };
  auto diff = [](std::uint64_t a, std::uint64_t b) { return a > b ? a - b : b - a; };
  std::uint64_t y = m.to(2), x = y, ys = y, q = m.one(), g = 1;
  for (std::uint64_t r = 1; g == 1; r *= 2) {
    x = y;
    if (budget < r) return 0;
    budget -= r;
    for (std::uint64_t i = 0; i < r; ++i) y = f(y);
    for (std::uint64_t k = 0; k < r && g == 1; k += kBatch) {
      const std::uint64_t steps = std::min(kBatch, r - k);
      if (budget < steps) return 0;
      budget -= steps;
      ys = y;
      for (std::uint64_t i = 0; i < steps; ++i) {
        y = f(y);
        q = m.mul(q, diff(x, y));
      }
      g = std::gcd(q, n);
    }
  }
  // The batch overshot to a product divisible by n: redo its steps one gcd at a time.
  if (g == n) {
    g = 1;
    for (std::uint64_t i = 0; g == 1 && i < kBatch; ++i) {
      ys = f(ys);
      g = std::gcd(diff(x, ys), n);
    }
  }
  return g;
}

}  // namespace

Result<PqFactors> factorize_pq(std::uint64_t pq, std::uint64_t max_steps) noexcept {
  if (pq < 4) return crypto_errc::pq_invalid;
  if (is_prime(pq)) return crypto_errc::pq_prime;
  std::uint64_t divisor = 0;
  if (pq % 2 == 0) {
    divisor = 2;
  } else {
    const Mont m(pq);
    std::uint64_t budget = max_steps;
    for (std::uint64_t c = 1; divisor <= 1 || divisor == pq; ++c) {
      divisor = brent(m, m.to(c), budget);
      if (divisor == 0) return crypto_errc::pq_too_hard;
    }
  }
  const std::uint64_t p = std::min(divisor, pq / divisor);
  const std::uint64_t q = std::max(divisor, pq / divisor);
  if (!is_prime(p) || !is_prime(q)) return crypto_errc::pq_not_semiprime;
  return PqFactors{p, q};
}

}  // namespace layer::crypto
