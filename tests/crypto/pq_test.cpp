#include <gtest/gtest.h>

#include "layer/crypto/pq.hpp"
#include "layer/crypto/rng.hpp"
#include "test_util.hpp"

namespace layer::crypto {
namespace {

TEST(Pq, MatchesSharedVectors) {
  const auto vectors = test::load_vectors("pq_factorization");
  ASSERT_EQ(vectors.size(), 5u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    const std::uint64_t pq = std::stoull(v.at("pq").get<std::string>());
    EXPECT_EQ(test::hex(test::unhex(v.at("pq_be_bytes").get<std::string>())),
              v.at("pq_be_bytes").get<std::string>());
    auto f = factorize_pq(pq);
    ASSERT_TRUE(f) << f.error().message();
    EXPECT_EQ(f->p, std::stoull(v.at("p").get<std::string>()));
    EXPECT_EQ(f->q, std::stoull(v.at("q").get<std::string>()));
  }
}

TEST(Pq, TelegramDocumentationExample) {
  auto f = factorize_pq(0x17ED48941A08F981ull);
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, (PqFactors{0x494C553Bull, 0x53911073ull}));
}

bool slow_is_prime(std::uint64_t n) {
  if (n < 2) return false;
  for (std::uint64_t d = 2; d * d <= n; ++d) {
    if (n % d == 0) return false;
  }
  return true;
}

std::uint64_t random_prime(DeterministicRng& rng, int bits) {
  for (;;) {
    std::array<std::byte, 8> raw;
    rng.fill(raw);
    std::uint64_t v = 0;
    for (std::byte b : raw) v = v << 8 | std::to_integer<std::uint64_t>(b);
    v = (v >> (64 - bits)) | (std::uint64_t{1} << (bits - 1)) | 1;
    if (slow_is_prime(v)) return v;
  }
}

TEST(Pq, RandomSemiprimesSplitIntoOrderedPrimes) {
  DeterministicRng rng(99);
  for (int i = 0; i < 200; ++i) {
    const std::uint64_t a = random_prime(rng, 31 + i % 2), b = random_prime(rng, 31);
    auto f = factorize_pq(a * b);
    ASSERT_TRUE(f) << a << " * " << b;
    EXPECT_EQ(*f, (PqFactors{std::min(a, b), std::max(a, b)}));
  }
}

TEST(Pq, EvenAndSquareAndUnbalancedInputs) {
  EXPECT_EQ(factorize_pq(2 * 4294967291ull).value(), (PqFactors{2, 4294967291ull}));
  EXPECT_EQ(factorize_pq(4294967291ull * 4294967291ull).value(), (PqFactors{4294967291ull, 4294967291ull}));
  EXPECT_EQ(factorize_pq(3 * 3074457345618258599ull).value(), (PqFactors{3, 3074457345618258599ull}));
  EXPECT_EQ(factorize_pq(4).value(), (PqFactors{2, 2}));
}

TEST(Pq, RejectsTooSmallInputs) {
  for (std::uint64_t pq : {0ull, 1ull, 2ull, 3ull}) {
    EXPECT_EQ(factorize_pq(pq).error(), make_error_code(crypto_errc::pq_invalid)) << pq;
  }
}

TEST(Pq, RejectsPrimes) {
  for (std::uint64_t pq : {5ull, 4294967291ull, 18446744073709551557ull, 9223372036854775783ull}) {
    EXPECT_EQ(factorize_pq(pq).error(), make_error_code(crypto_errc::pq_prime)) << pq;
  }
}

TEST(Pq, RejectsMoreThanTwoFactors) {
  EXPECT_EQ(factorize_pq(3 * 5 * 7).error(), make_error_code(crypto_errc::pq_not_semiprime));
  EXPECT_EQ(factorize_pq(1000003ull * 1000033ull * 1000037ull).error(),
            make_error_code(crypto_errc::pq_not_semiprime));
}

TEST(Pq, GivesUpAtTheWorkBound) {
  const std::uint64_t pq = 3037000453ull * 3037000493ull;
  EXPECT_EQ(factorize_pq(pq, 100).error(), make_error_code(crypto_errc::pq_too_hard));
  EXPECT_TRUE(factorize_pq(pq));
}

}  // namespace
}  // namespace layer::crypto
