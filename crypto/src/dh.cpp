#include "layer/crypto/dh.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <string_view>
#include <vector>

#include "dh_internal.hpp"
#include "openssl_util.hpp"

namespace layer::crypto {
namespace {

constexpr std::size_t kPrimeBytes = 256;
constexpr int kSafetyMarginBits = 2048 - 64;
// Bounds a server that sends a new prime on every handshake to a fixed amount of memory.
constexpr std::size_t kMaxCachedVerdicts = 16;

// The dh_prime Telegram's servers send (and the SRP prime of 2FA): checked once
// offline, so equality is enough to accept it.
constexpr std::string_view kTelegramPrimeHex =
    "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db"
    "fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64"
    "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41"
    "0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4"
    "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf"
    "6f4fadf034b10403119cd8e3b92fcc5b";

std::span<const std::byte> strip_leading_zeros(std::span<const std::byte> v) {
  while (!v.empty() && v.front() == std::byte{0}) v = v.subspan(1);
  return v;
}

constexpr std::array<std::byte, kPrimeBytes> parse_telegram_prime() {
  static_assert(kTelegramPrimeHex.size() == 2 * kPrimeBytes);
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::array<std::byte, kPrimeBytes> out{};
  for (std::size_t i = 0; i < kPrimeBytes; ++i) {
    out[i] =
        static_cast<std::byte>(nibble(kTelegramPrimeHex[2 * i]) << 4 | nibble(kTelegramPrimeHex[2 * i + 1]));
  }
  return out;
}

constexpr std::array<std::byte, kPrimeBytes> kTelegramPrime = parse_telegram_prime();

bool is_telegram_prime(std::span<const std::byte> p) {
  return p.size() == kTelegramPrime.size() &&
         std::memcmp(p.data(), kTelegramPrime.data(), kTelegramPrime.size()) == 0;
}

bool is_safe_prime(std::span<const std::byte> p) {
  detail::BnCtx ctx = detail::bn_ctx_new();
  detail::Bn bn = detail::bn_from_bytes(p);
  const int p_prime = BN_check_prime(bn.get(), ctx.get(), nullptr);
  detail::ensure(p_prime >= 0);
  if (p_prime == 0) return false;
  detail::ensure(BN_rshift1(bn.get(), bn.get()) == 1);
  const int q_prime = BN_check_prime(bn.get(), ctx.get(), nullptr);
  detail::ensure(q_prime >= 0);
  return q_prime == 1;
}

struct PrimeCache {
  std::mutex mutex;
  std::vector<std::pair<std::vector<std::byte>, bool>> verdicts;
  // Atomic so dh_prime_cache_stats() never waits behind a full test holding the lock.
  std::atomic<std::uint64_t> full_tests{0};
  std::atomic<std::uint64_t> cache_hits{0};
};

PrimeCache& prime_cache() {
  static PrimeCache cache;
  return cache;
}

// The full test costs hundreds of milliseconds, so each prime is judged once per
// process. The lock is held during the test so concurrent handshakes with the same
// new prime wait for one verdict instead of all computing it.
bool cached_is_safe_prime(std::span<const std::byte> p) {
  PrimeCache& cache = prime_cache();
  const std::lock_guard lock(cache.mutex);
  for (const auto& [prime, verdict] : cache.verdicts) {
    if (prime.size() == p.size() && std::memcmp(prime.data(), p.data(), p.size()) == 0) {
      cache.cache_hits.fetch_add(1, std::memory_order_relaxed);
      return verdict;
    }
  }
  cache.full_tests.fetch_add(1, std::memory_order_relaxed);
  const bool verdict = is_safe_prime(p);
  if (cache.verdicts.size() >= kMaxCachedVerdicts) cache.verdicts.clear();
  cache.verdicts.emplace_back(std::vector<std::byte>(p.begin(), p.end()), verdict);
  return verdict;
}

}  // namespace

std::error_code check_dh_prime(std::span<const std::byte> dh_prime) {
  const auto p = strip_leading_zeros(dh_prime);
  if (p.size() != kPrimeBytes || (std::to_integer<unsigned>(p[0]) & 0x80) == 0) {
    return crypto_errc::dh_prime_bad_size;
  }
  if (is_telegram_prime(p)) return {};
  try {
    return cached_is_safe_prime(p) ? std::error_code{} : make_error_code(crypto_errc::dh_prime_not_safe);
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

DhPrimeCacheStats dh_prime_cache_stats() noexcept {
  const PrimeCache& cache = prime_cache();
  return {cache.full_tests.load(std::memory_order_relaxed), cache.cache_hits.load(std::memory_order_relaxed)};
}

// For p a safe prime, g generates the subgroup of prime order (p-1)/2 exactly
// when g is a quadratic residue mod p, which by reciprocity depends on p mod 4g.
std::error_code check_dh_g(std::span<const std::byte> dh_prime, std::uint32_t g) {
  if (g < 2 || g > 7) return crypto_errc::dh_g_unsupported;
  auto mod = [&](unsigned m) {
    unsigned r = 0;
    for (std::byte b : dh_prime) r = (r * 256 + std::to_integer<unsigned>(b)) % m;
    return r;
  };
  bool ok = false;
  switch (g) {
    case 2:
      ok = mod(8) == 7;
      break;
    case 3:
      ok = mod(3) == 2;
      break;
    case 4:
      ok = true;
      break;
    case 5:
      ok = mod(5) == 1 || mod(5) == 4;
      break;
    case 6:
      ok = mod(24) == 19 || mod(24) == 23;
      break;
    case 7:
      ok = mod(7) == 3 || mod(7) == 5 || mod(7) == 6;
      break;
  }
  return ok ? std::error_code{} : make_error_code(crypto_errc::dh_g_not_generator);
}

std::error_code check_dh_params(std::span<const std::byte> dh_prime, std::uint32_t g) {
  if (auto ec = check_dh_prime(dh_prime)) return ec;
  return check_dh_g(dh_prime, g);
}

std::error_code check_dh_value(std::span<const std::byte> value, std::span<const std::byte> dh_prime) {
  try {
    return detail::dh_value_in_range(value, dh_prime) ? std::error_code{}
                                                      : make_error_code(crypto_errc::dh_value_out_of_range);
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

bool detail::dh_value_in_range(std::span<const std::byte> value, std::span<const std::byte> dh_prime) {
  Bn v = bn_from_bytes(value);
  Bn upper = bn_from_bytes(dh_prime);
  Bn margin = bn_new();
  ensure(BN_lshift(margin.get(), BN_value_one(), kSafetyMarginBits) == 1);
  ensure(BN_sub(upper.get(), upper.get(), margin.get()) == 1);
  return BN_cmp(v.get(), margin.get()) >= 0 && BN_cmp(v.get(), upper.get()) <= 0;
}

void detail::dh_mod_exp(std::span<const std::byte> base, std::span<const std::byte> secret,
                        std::span<const std::byte> dh_prime, std::span<std::byte, 256> out) {
  BnCtx ctx = bn_ctx_new();
  Bn b = bn_from_bytes(base);
  Bn e = bn_from_bytes(secret);
  Bn p = bn_from_bytes(dh_prime);
  Bn r = bn_new();
  bn_mod_exp_secret(r.get(), b.get(), e.get(), p.get(), ctx.get());
  bn_to_bytes(r.get(), out);
}

Result<DhValue> dh_public(std::uint32_t g, std::span<const std::byte> secret,
                          std::span<const std::byte> dh_prime) {
  if (strip_leading_zeros(dh_prime).size() > kPrimeBytes) return crypto_errc::dh_prime_bad_size;
  const std::array<std::byte, 4> g_be{static_cast<std::byte>(g >> 24), static_cast<std::byte>(g >> 16),
                                      static_cast<std::byte>(g >> 8), static_cast<std::byte>(g)};
  try {
    DhValue out;
    detail::dh_mod_exp(g_be, secret, dh_prime, out);
    return out;
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

Result<AuthKey> dh_shared(std::span<const std::byte> peer, std::span<const std::byte> secret,
                          std::span<const std::byte> dh_prime) {
  if (strip_leading_zeros(dh_prime).size() > kPrimeBytes) return crypto_errc::dh_prime_bad_size;
  try {
    SecureArray<kAuthKeySize> key;
    detail::dh_mod_exp(peer, secret, dh_prime, key.span());
    return AuthKey(key.span());
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

Result<DhClientOutput> dh_client_exchange(std::span<const std::byte> dh_prime, std::uint32_t g,
                                          std::span<const std::byte> g_a, std::span<const std::byte, 256> b) {
  if (auto ec = check_dh_params(dh_prime, g)) return ec;
  if (auto ec = check_dh_value(g_a, dh_prime)) return ec;
  auto g_b = dh_public(g, b, dh_prime);
  if (!g_b) return g_b.error();
  // Only a b that is itself badly chosen lands here; the caller draws another.
  if (auto ec = check_dh_value(*g_b, dh_prime)) return ec;
  auto key = dh_shared(g_a, b, dh_prime);
  if (!key) return key.error();
  return DhClientOutput{*g_b, std::move(*key)};
}

std::span<const std::byte, 256> telegram_dh_prime() noexcept {
  return kTelegramPrime;
}

}  // namespace layer::crypto
