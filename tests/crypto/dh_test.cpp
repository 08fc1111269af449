#include <openssl/bn.h>

#include <future>
#include <vector>

#include <gtest/gtest.h>

#include "layer/crypto/dh.hpp"
#include "layer/crypto/rng.hpp"
#include "test_util.hpp"

namespace layer::crypto {
namespace {

using test::Bytes;
using test::hex;
using test::unhex;

// Telegram's dh_prime, as served in server_DH_inner_data (and as the SRP prime).
Bytes telegram_prime() {
  return unhex(test::load_vectors("srp_2fa").at(0).at("p").get<std::string>());
}

// Another 2048-bit safe prime (`openssl prime -generate -bits 2048 -safe`): p = 7 mod 8,
// 2 mod 3, 4 mod 5, 23 mod 24, 5 mod 7, so every g in 2..7 is acceptable for it.
const char* const kOtherSafePrime =
    "d6c5b73d445ff8112738aa4dbb6426a67a66cab741a21ad5f67e88aa1b7a3f77cf68a39565a91701630b548edf76cbc3"
    "1e40321b300014adeda3cfba6695f27cefe4770ccb05d0a383b80423c4125b4ec1c6cac77e9c6d87013836f533ec355e"
    "8f8dbb3e9810c8022d8955bfcc83155285023fb766156ed71d69bc73afcb999998a87997484c7e0d7c24582db85644f6"
    "34e2b800e7306cc425fa2bce8f3531fd756f138c9655bded2e7b9685a23907070efc551a794db73e5d78a7145120b105"
    "1e0ddd9f2684e20724c38768d1ffd14cc53720bee4657ae78425505333a38822d32513cd856b9684b60c14e3f0f4548c"
    "fe7d2e629e73536721237227609b9a8f";

// A 2048-bit prime whose (p-1)/2 is composite (`openssl prime -generate -bits 2048`).
const char* const kUnsafePrime =
    "d27b9f8703862b63f9dae3250e327d7dba2625ffd901a579ea91d452470e890e25ef53a46999b1eb62e241bab7119f93"
    "7463d71466f0331569671fdb6bf30c297544da1f8ea5cf296abc8b5787d96eba6d55aec5766fcbc46da01f63c723005a"
    "5b130a1351a9975c32a8e89479e4ee1c0fb66e9385cd18b9bd8f0eb9ffa20f113bb0bfb21b7581042fdbbbfea00c867c"
    "f8d82166708264162781de5d5ccf3626ffa0a943b777634db5ac75310ded93bcd594297b5ccbf1aa0ccc71212744302e"
    "cea42dbc2de04e0c775a73ab45f19516f55eac9315a9d990482cedabda434282d60860cbb31fab727ee4753203277017"
    "294736675409d0d787b94b9e5214e2af";

// A 2048-bit safe prime for which g = 7 is not a generator: p = 2 mod 7, a quadratic
// residue mod 7, so by reciprocity (p = 3 mod 4) 7 is a non-residue mod p. Found by
// repeating `openssl prime -generate -safe -bits 2048 -hex` until p mod 7 was 2 or 4
// (the only such residues a safe prime can have; the first try gave it). Also 3 mod 8,
// 2 mod 5 and 11 mod 24, so g = 3 and 4 are the only generators it accepts.
const char* const kSafePrimeRejectingG7 =
    "df59b64b9aa82f1a322c4a013f1ef16c3c63618bec1fb9ecac41a8caad64ecb46a9a1632c253252688653b277f949db1"
    "d5a496bf750ac5694a41ba43eedd29086f2b3baa3a494a0beff467a44a4073dfc8d2fd8fb7a4a4be41d290e60a83ca07"
    "cfdf3375a8ab2c56482fcd3fd9b6c5007c5dacaf3a9d610d01f93c81b316eb4046739a281accd88d5978c40c8e989ea5"
    "41de43f36383b9b19b1570bfa5c6b178d42e3af7f399d8d5c3ba9cb77b207f7343ab58f259e56df4a851517c93d5c012"
    "ad55199dc371e7fbad9a8249046832658d21a24a0842be82a80621a13e7d093bfd23880628fb64bdca2a0f13502b2092"
    "bca33ba22c8f2cc0ba4ed67a0c91f6c3";

// No safe prime p > 7 makes g = 3 fail: q = (p-1)/2 is a prime other than 3, and
// q = 1 mod 3 would make p = 2q + 1 divisible by 3, so p = 2 mod 3 always. The g = 3
// branch of check_dh_g is therefore reached only with a prime that check_dh_prime
// rejects: this one is prime, 1 mod 3 and 3 mod 4 (so 3 is a non-residue mod p),
// found by repeating `openssl prime -generate -bits 2048 -hex` until p mod 3 = 1 and
// p mod 4 = 3. Also 7 mod 8, 3 mod 5, 7 mod 24 and 6 mod 7.
const char* const kPrimeRejectingG3 =
    "d9c2e07dca3ea2657c9f81be79b23f0d38726e6637d20cb4f0b38041059bcb7886d84722f8e56e0c87e39c227fc12f85"
    "8d7de48d283a28f2723f142962c83485b767eb2d4e0f4d17c207171a43c5bdc715bf801ae655fed57fe3c5b5a07451c5"
    "bd1c597ff80dc29da30a01f134a8b9afd44fbc953e61743bb1f7e111384b4a369a901ed09c7d7b5fb785ee650259cbbd"
    "7bba0b077c267fe8dc459ae196226b34ad435d6c35bd81c8eb882f0dd185a90aa5835bc7cc107d5a4e83060ad5901d96"
    "a38e62c86d70cdac5d611e1320e9e01c38cee298020cc844eba01473b5146fdeedd3df2b83f32617c83300d84fa5e6b4"
    "aedc7faf77fe3a0d34dfee78050587f7";

struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

Bn to_bn(const Bytes& b) {
  return Bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(b.data()), static_cast<int>(b.size()), nullptr));
}

Bytes to_bytes(const BIGNUM* bn, int size = 256) {
  Bytes out(static_cast<std::size_t>(size));
  EXPECT_EQ(BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), size), size);
  return out;
}

// base + delta (delta may be negative), as 256 bytes.
Bytes offset(const BIGNUM* base, long delta) {
  Bn r(BN_dup(base));
  Bn d(BN_new());
  BN_set_word(d.get(), static_cast<BN_ULONG>(delta < 0 ? -delta : delta));
  if (delta < 0) {
    BN_sub(r.get(), r.get(), d.get());
  } else {
    BN_add(r.get(), r.get(), d.get());
  }
  return to_bytes(r.get());
}

TEST(DhPrime, AcceptsTelegramsPrime) {
  EXPECT_FALSE(check_dh_prime(telegram_prime()));
}

TEST(DhPrime, AcceptsLeadingZeroBytes) {
  Bytes padded = telegram_prime();
  padded.insert(padded.begin(), std::byte{0});
  EXPECT_FALSE(check_dh_prime(padded));
}

TEST(DhPrime, FullyTestsAnotherSafePrimeOnceAndAgreesAcrossThreads) {
  const Bytes p = unhex(kOtherSafePrime);
  const DhPrimeCacheStats before = dh_prime_cache_stats();
  std::vector<std::future<std::error_code>> results;
  for (int i = 0; i < 4; ++i)
    results.push_back(std::async(std::launch::async, [&] { return check_dh_prime(p); }));
  for (auto& r : results) EXPECT_FALSE(r.get());
  EXPECT_FALSE(check_dh_prime(p));
  // At most one full test (none if an earlier test already judged this prime); every
  // other check of the five waited for that verdict and took it from the cache.
  const DhPrimeCacheStats after = dh_prime_cache_stats();
  EXPECT_LE(after.full_tests - before.full_tests, 1u);
  EXPECT_EQ((after.full_tests - before.full_tests) + (after.cache_hits - before.cache_hits), 5u);
}

// A 2048-bit even number not checked before in this process, so its first check is a
// full test whatever ran earlier (other tests, --gtest_repeat), and a cheap one.
Bytes fresh_even_number() {
  static long next_delta = 1;  // Telegram's prime is odd: odd deltas give even numbers
  const Bytes out = offset(to_bn(telegram_prime()).get(), next_delta);
  next_delta += 2;
  return out;
}

TEST(DhPrime, SecondCheckIsServedFromTheCache) {
  const Bytes p = fresh_even_number();
  const auto not_safe = make_error_code(crypto_errc::dh_prime_not_safe);
  const DhPrimeCacheStats start = dh_prime_cache_stats();
  EXPECT_EQ(check_dh_prime(p), not_safe);
  const DhPrimeCacheStats first = dh_prime_cache_stats();
  EXPECT_EQ(first.full_tests, start.full_tests + 1);
  EXPECT_EQ(first.cache_hits, start.cache_hits);
  EXPECT_EQ(check_dh_prime(p), not_safe);
  const DhPrimeCacheStats second = dh_prime_cache_stats();
  EXPECT_EQ(second.full_tests, first.full_tests);
  EXPECT_EQ(second.cache_hits, first.cache_hits + 1);
  // Telegram's prime is accepted by comparison and never reaches the cache.
  EXPECT_FALSE(check_dh_prime(telegram_prime()));
  const DhPrimeCacheStats third = dh_prime_cache_stats();
  EXPECT_EQ(third.full_tests, second.full_tests);
  EXPECT_EQ(third.cache_hits, second.cache_hits);
}

TEST(DhPrime, CacheHoldsABoundedNumberOfVerdicts) {
  // After enough other new primes the first one's verdict is gone and it is tested
  // afresh, so a server sending a new prime per handshake cannot grow the cache
  // without bound.
  const Bytes first = fresh_even_number();
  const auto not_safe = make_error_code(crypto_errc::dh_prime_not_safe);
  EXPECT_EQ(check_dh_prime(first), not_safe);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(check_dh_prime(fresh_even_number()), not_safe);
  const DhPrimeCacheStats before = dh_prime_cache_stats();
  EXPECT_EQ(check_dh_prime(first), not_safe);
  EXPECT_EQ(dh_prime_cache_stats().full_tests, before.full_tests + 1);
}

TEST(DhPrime, RejectsPrimeThatIsNotSafe) {
  EXPECT_EQ(check_dh_prime(unhex(kUnsafePrime)), make_error_code(crypto_errc::dh_prime_not_safe));
  // Asking again hits the cached verdict, which must be the same.
  EXPECT_EQ(check_dh_prime(unhex(kUnsafePrime)), make_error_code(crypto_errc::dh_prime_not_safe));
}

TEST(DhPrime, RejectsComposite) {
  Bn p = to_bn(telegram_prime());
  EXPECT_EQ(check_dh_prime(offset(p.get(), 2)), make_error_code(crypto_errc::dh_prime_not_safe));
}

TEST(DhPrime, RejectsWrongSizes) {
  Bytes p = telegram_prime();
  Bytes shorter(p.begin() + 1, p.end());
  EXPECT_EQ(check_dh_prime(shorter), make_error_code(crypto_errc::dh_prime_bad_size));
  Bytes longer = p;
  longer.insert(longer.begin(), std::byte{1});
  EXPECT_EQ(check_dh_prime(longer), make_error_code(crypto_errc::dh_prime_bad_size));
  Bytes top_bit_clear = p;
  top_bit_clear[0] &= std::byte{0x7f};
  EXPECT_EQ(check_dh_prime(top_bit_clear), make_error_code(crypto_errc::dh_prime_bad_size));
  EXPECT_EQ(check_dh_prime(Bytes{}), make_error_code(crypto_errc::dh_prime_bad_size));
}

TEST(DhG, RejectsGeneratorsOutsideTwoToSeven) {
  for (std::uint32_t g : {0u, 1u, 8u, 65537u}) {
    EXPECT_EQ(check_dh_params(telegram_prime(), g), make_error_code(crypto_errc::dh_g_unsupported)) << g;
  }
}

TEST(DhG, AppliesTheResidueConditionPerGenerator) {
  // Telegram's prime: 3 mod 8, 2 mod 3, 3 mod 5, 11 mod 24, 6 mod 7.
  const Bytes tg = telegram_prime();
  for (std::uint32_t g : {3u, 4u, 7u}) EXPECT_FALSE(check_dh_params(tg, g)) << g;
  for (std::uint32_t g : {2u, 5u, 6u}) {
    EXPECT_EQ(check_dh_params(tg, g), make_error_code(crypto_errc::dh_g_not_generator)) << g;
  }
  const Bytes other = unhex(kOtherSafePrime);
  for (std::uint32_t g = 2; g <= 7; ++g) EXPECT_FALSE(check_dh_params(other, g)) << g;
}

TEST(DhG, RejectsSevenForASafePrimeWhereItIsANonResidue) {
  const Bytes p = unhex(kSafePrimeRejectingG7);
  ASSERT_FALSE(check_dh_prime(p));  // a real safe prime: the g check is the one that fails
  EXPECT_EQ(check_dh_params(p, 7), make_error_code(crypto_errc::dh_g_not_generator));
  for (std::uint32_t g : {2u, 5u, 6u}) {
    EXPECT_EQ(check_dh_params(p, g), make_error_code(crypto_errc::dh_g_not_generator)) << g;
  }
  for (std::uint32_t g : {3u, 4u}) EXPECT_FALSE(check_dh_params(p, g)) << g;
}

TEST(DhG, RejectsThreeForAPrimeWhereItIsANonResidue) {
  const Bytes p = unhex(kPrimeRejectingG3);
  EXPECT_EQ(check_dh_g(p, 3), make_error_code(crypto_errc::dh_g_not_generator));
  // Through the full check the prime is refused first, as it must be (see kPrimeRejectingG3).
  EXPECT_EQ(check_dh_params(p, 3), make_error_code(crypto_errc::dh_prime_not_safe));
}

// The residue table of check_dh_g against Euler's criterion, g^((p-1)/2) = 1 mod p
// exactly when g is a residue, for every prime here (all are 3 mod 4, the case the
// table is written for: every safe prime is).
TEST(DhG, ResidueTableAgreesWithEulersCriterion) {
  BN_CTX* ctx = BN_CTX_new();
  ASSERT_NE(ctx, nullptr);
  for (const Bytes& p_bytes : {telegram_prime(), unhex(kOtherSafePrime), unhex(kSafePrimeRejectingG7),
                               unhex(kPrimeRejectingG3), unhex(kUnsafePrime)}) {
    Bn p = to_bn(p_bytes);
    Bn half(BN_new());
    BN_rshift1(half.get(), p.get());  // (p-1)/2 for odd p
    for (std::uint32_t g = 2; g <= 7; ++g) {
      Bn g_bn(BN_new());
      BN_set_word(g_bn.get(), g);
      Bn r(BN_new());
      ASSERT_EQ(BN_mod_exp(r.get(), g_bn.get(), half.get(), p.get(), ctx), 1);
      const bool residue = BN_is_one(r.get());
      EXPECT_EQ(!check_dh_g(p_bytes, g), residue) << "g " << g << ", p " << hex(p_bytes).substr(0, 16);
    }
  }
  BN_CTX_free(ctx);
}

TEST(DhValue, BoundsAreInclusiveAtTwoToThe1984AndPMinusIt) {
  const Bytes p_bytes = telegram_prime();
  Bn p = to_bn(p_bytes);
  Bn low(BN_new());
  BN_lshift(low.get(), BN_value_one(), 1984);
  Bn high(BN_new());
  BN_sub(high.get(), p.get(), low.get());
  const auto ok = std::error_code{};
  const auto bad = make_error_code(crypto_errc::dh_value_out_of_range);
  EXPECT_EQ(check_dh_value(offset(low.get(), 0), p_bytes), ok);
  EXPECT_EQ(check_dh_value(offset(low.get(), -1), p_bytes), bad);
  EXPECT_EQ(check_dh_value(offset(high.get(), 0), p_bytes), ok);
  EXPECT_EQ(check_dh_value(offset(high.get(), 1), p_bytes), bad);
  Bn one(BN_new());
  BN_one(one.get());
  EXPECT_EQ(check_dh_value(offset(one.get(), 0), p_bytes), bad);
  EXPECT_EQ(check_dh_value(offset(p.get(), -1), p_bytes), bad);
  EXPECT_EQ(check_dh_value(p_bytes, p_bytes), bad);
  EXPECT_EQ(check_dh_value(Bytes(256), p_bytes), bad);
}

TEST(Dh, PublicValueMatchesPlainModExp) {
  const Bytes p = telegram_prime();
  Bytes secret(256);
  DeterministicRng(1).fill(secret);
  auto g_a = dh_public(3, secret, p);
  ASSERT_TRUE(g_a);
  Bn expected(BN_new());
  Bn g(BN_new());
  BN_set_word(g.get(), 3);
  BN_CTX* ctx = BN_CTX_new();
  BN_mod_exp(expected.get(), g.get(), to_bn(secret).get(), to_bn(p).get(), ctx);
  BN_CTX_free(ctx);
  EXPECT_EQ(hex(*g_a), hex(to_bytes(expected.get())));
}

TEST(Dh, ClientExchangeAgreesWithServer) {
  const Bytes p = telegram_prime();
  DeterministicRng rng(2);
  Bytes a(256), b(256);
  rng.fill(a);
  rng.fill(b);
  const DhValue g_a = dh_public(3, a, p).value();
  auto client = dh_client_exchange(p, 3, g_a, test::fixed<256>(b));
  ASSERT_TRUE(client) << client.error().message();
  EXPECT_FALSE(check_dh_value(client->g_b, p));
  const AuthKey server = dh_shared(client->g_b, a, p).value();
  EXPECT_EQ(hex(server.bytes()), hex(client->auth_key.bytes()));
  EXPECT_EQ(server.id(), client->auth_key.id());
}

TEST(Dh, ClientExchangeRejectsBadServerValues) {
  const Bytes p = telegram_prime();
  Bytes b(256, std::byte{0x55});
  const Bytes one = [] {
    Bytes v(256);
    v.back() = std::byte{1};
    return v;
  }();
  EXPECT_EQ(dh_client_exchange(p, 3, one, test::fixed<256>(b)).error(),
            make_error_code(crypto_errc::dh_value_out_of_range));
  const DhValue g_a = dh_public(3, b, p).value();
  EXPECT_EQ(dh_client_exchange(p, 2, g_a, test::fixed<256>(b)).error(),
            make_error_code(crypto_errc::dh_g_not_generator));
  EXPECT_EQ(dh_client_exchange(unhex(kUnsafePrime), 3, g_a, test::fixed<256>(b)).error(),
            make_error_code(crypto_errc::dh_prime_not_safe));
}

}  // namespace
}  // namespace layer::crypto
