// The one-off steps: pq factorization, RSA_PAD, the client's DH step, the 2FA PBKDF2.
#include <algorithm>
#include <chrono>
#include <vector>

#include <benchmark/benchmark.h>

#include "layer/crypto/dh.hpp"
#include "layer/crypto/kdf.hpp"
#include "layer/crypto/pq.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/crypto/srp.hpp"

namespace {

using namespace layer::crypto;
using Bytes = std::vector<std::byte>;
__extension__ typedef unsigned __int128 u128;

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
  return static_cast<std::uint64_t>(static_cast<u128>(a) * b % m);
}

std::uint64_t pow_mod(std::uint64_t b, std::uint64_t e, std::uint64_t m) {
  std::uint64_t r = 1;
  for (; e != 0; e >>= 1, b = mul_mod(b, b, m)) {
    if ((e & 1) != 0) r = mul_mod(r, b, m);
  }
  return r;
}

// Miller-Rabin with bases that decide all 32-bit inputs.
bool is_prime32(std::uint64_t n) {
  if (n % 2 == 0) return n == 2;
  std::uint64_t d = n - 1;
  int s = 0;
  for (; d % 2 == 0; d /= 2) ++s;
  for (std::uint64_t a : {2u, 7u, 61u}) {
    std::uint64_t x = pow_mod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (int i = 1; i < s && composite; ++i) composite = (x = mul_mod(x, x, n)) != n - 1;
    if (composite) return false;
  }
  return true;
}

std::uint64_t random_prime(DeterministicRng& rng, int bits) {
  for (;;) {
    std::uint64_t v = 0;
    rng.fill(std::as_writable_bytes(std::span(&v, 1)));
    v = (v >> (64 - bits)) | (std::uint64_t{1} << (bits - 1)) | 1;
    if (is_prime32(v)) return v;
  }
}

// 1,000 random 63-bit semiprimes, each timed alone; reports the median and worst case.
void BM_PqFactorize(benchmark::State& state) {
  DeterministicRng rng(2024);
  std::vector<std::uint64_t> inputs;
  while (inputs.size() < 1000) {
    const std::uint64_t pq = random_prime(rng, 32) * random_prime(rng, 31);
    if (pq >> 62 == 1) inputs.push_back(pq);
  }
  std::vector<double> micros(inputs.size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const auto start = std::chrono::steady_clock::now();
      const auto f = factorize_pq(inputs[i]);
      micros[i] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
      if (!f) state.SkipWithError("factorization failed");
    }
  }
  std::sort(micros.begin(), micros.end());
  state.counters["median_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[micros.size() * 99 / 100];
  state.counters["worst_us"] = micros.back();
}
BENCHMARK(BM_PqFactorize)->Name("pq_1000_semiprimes_63bit")->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_RsaPad(benchmark::State& state) {
  const RsaPublicKey& key = builtin_keys()[0];
  OsRng rng;
  Bytes inner(96);  // about the size of p_q_inner_data
  rng.fill(inner);
  for (auto _ : state) benchmark::DoNotOptimize(key.encrypt_rsa_pad(inner, rng));
}
BENCHMARK(BM_RsaPad)->Name("RSA_PAD_encrypt")->Unit(benchmark::kMicrosecond);

Bytes telegram_prime() {
  // Telegram's 2048-bit dh_prime.
  static const char* const hex =
      "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db"
      "fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64"
      "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41"
      "0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4"
      "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf"
      "6f4fadf034b10403119cd8e3b92fcc5b";
  Bytes out(256);
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::byte>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  return out;
}

// Everything the client does with server_DH_inner_data: checks, g_b, auth key.
void BM_DhClient(benchmark::State& state) {
  const Bytes p = telegram_prime();
  DeterministicRng rng(3);
  Bytes a(256), b(256);
  rng.fill(a);
  rng.fill(b);
  const DhValue g_a = dh_public(3, a, p).value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(dh_client_exchange(p, 3, g_a, std::span<const std::byte, 256>(b.data(), 256)));
  }
}
BENCHMARK(BM_DhClient)->Name("DH_client_exchange")->Unit(benchmark::kMillisecond);

// The 100,000-round PBKDF2-HMAC-SHA512 inside PH2, the bulk of a 2FA login's CPU time.
void BM_SrpPbkdf2(benchmark::State& state) {
  const Bytes ph1(32, std::byte{1}), salt1(40, std::byte{2});
  Bytes out(64);
  for (auto _ : state) {
    pbkdf2_hmac_sha512(ph1, salt1, kSrpPbkdf2Iterations, out);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_SrpPbkdf2)->Name("SRP_pbkdf2_sha512_100000")->Unit(benchmark::kMillisecond);

}  // namespace
