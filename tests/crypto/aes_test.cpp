#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "layer/crypto/aes_ctr.hpp"
#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/error.hpp"
#include "layer/crypto/rng.hpp"
#include "test_util.hpp"

namespace layer::crypto {
namespace {

using test::Bytes;
using test::fixed;
using test::hex;
using test::unhex;

using IgeFn = std::error_code (*)(AesKey, AesIgeIv, std::span<const std::byte>, std::span<std::byte>,
                                  AesBackend);

std::vector<AesBackend> backends() {
  std::vector<AesBackend> out{AesBackend::automatic, AesBackend::evp};
  if (aesni_available()) out.push_back(AesBackend::aesni);
  return out;
}

TEST(AesIge, MatchesSharedVectorsOnEveryBackend) {
  const auto vectors = test::load_vectors("aes_ige");
  ASSERT_EQ(vectors.size(), 8u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    const Bytes key = unhex(v.at("key").get<std::string>());
    const Bytes iv = unhex(v.at("iv").get<std::string>());
    const Bytes in = unhex(v.at("input").get<std::string>());
    const bool encrypt = v.at("op") == "encrypt";
    for (AesBackend backend : backends()) {
      Bytes out(in.size());
      const IgeFn op = encrypt ? static_cast<IgeFn>(aes_ige_encrypt) : static_cast<IgeFn>(aes_ige_decrypt);
      ASSERT_FALSE(op(fixed<32>(key), fixed<32>(iv), in, out, backend));
      EXPECT_EQ(hex(out), v.at("output").get<std::string>());
      Bytes in_place = in;
      ASSERT_FALSE(op(fixed<32>(key), fixed<32>(iv), in_place, in_place, backend));
      EXPECT_EQ(in_place, out);
    }
  }
}

TEST(AesIge, RejectsLengthsThatAreNotWholeBlocks) {
  const Bytes key(32, std::byte{1}), iv(32, std::byte{2});
  for (std::size_t len : {1u, 15u, 17u, 31u, 1025u}) {
    for (AesBackend backend : backends()) {
      Bytes data(len, std::byte{7});
      const Bytes before = data;
      EXPECT_EQ(aes_ige_encrypt(fixed<32>(key), fixed<32>(iv), std::span(data), backend),
                make_error_code(crypto_errc::invalid_length));
      EXPECT_EQ(aes_ige_decrypt(fixed<32>(key), fixed<32>(iv), std::span(data), backend),
                make_error_code(crypto_errc::invalid_length));
      EXPECT_EQ(data, before);
    }
  }
}

TEST(AesIge, EmptyInputIsAValidMultiple) {
  const Bytes key(32), iv(32);
  Bytes empty;
  EXPECT_FALSE(aes_ige_encrypt(fixed<32>(key), fixed<32>(iv), std::span(empty)));
  EXPECT_FALSE(aes_ige_decrypt(fixed<32>(key), fixed<32>(iv), std::span(empty)));
}

TEST(AesIge, RejectsOutputOfOtherSize) {
  const Bytes key(32), iv(32), in(32);
  Bytes out(48);
  EXPECT_EQ(aes_ige_encrypt(fixed<32>(key), fixed<32>(iv), in, out),
            make_error_code(crypto_errc::invalid_length));
}

TEST(AesIge, IntrinsicPathEqualsEvpPathOnRandomInputs) {
  if (!aesni_available()) GTEST_SKIP() << "CPU without AES-NI: only the EVP path exists";
  DeterministicRng rng(42);
  for (int round = 0; round < 300; ++round) {
    Bytes key(32), iv(32), len_byte(2);
    rng.fill(key);
    rng.fill(iv);
    rng.fill(len_byte);
    const std::size_t blocks = round < 250 ? std::to_integer<std::size_t>(len_byte[0]) % 70 : 4096 + round;
    Bytes plain(blocks * 16);
    rng.fill(plain);
    Bytes ni(plain.size()), evp(plain.size()), back(plain.size());
    ASSERT_FALSE(aes_ige_encrypt(fixed<32>(key), fixed<32>(iv), plain, ni, AesBackend::aesni));
    ASSERT_FALSE(aes_ige_encrypt(fixed<32>(key), fixed<32>(iv), plain, evp, AesBackend::evp));
    ASSERT_EQ(ni, evp) << "encrypt, " << blocks << " blocks";
    ASSERT_FALSE(aes_ige_decrypt(fixed<32>(key), fixed<32>(iv), ni, back, AesBackend::aesni));
    ASSERT_EQ(back, plain);
    ASSERT_FALSE(aes_ige_decrypt(fixed<32>(key), fixed<32>(iv), evp, back, AesBackend::evp));
    ASSERT_EQ(back, plain);
    // Decrypting data that was never encrypted exercises the decrypt chain on its own.
    ASSERT_FALSE(aes_ige_decrypt(fixed<32>(key), fixed<32>(iv), plain, ni, AesBackend::aesni));
    ASSERT_FALSE(aes_ige_decrypt(fixed<32>(key), fixed<32>(iv), plain, evp, AesBackend::evp));
    ASSERT_EQ(ni, evp) << "decrypt, " << blocks << " blocks";
  }
}

// NIST SP 800-38A, F.5.5 CTR-AES256.Encrypt.
const char* const kCtrKey = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
const char* const kCtrIv = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
const char* const kCtrPlain =
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const char* const kCtrCipher =
    "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
    "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6";

TEST(AesCtr, MatchesNistVector) {
  const Bytes key = unhex(kCtrKey), iv = unhex(kCtrIv), plain = unhex(kCtrPlain);
  auto ctr = AesCtr::create(fixed<32>(key), fixed<16>(iv));
  ASSERT_TRUE(ctr);
  Bytes out(plain.size());
  ctr->apply(plain, out);
  EXPECT_EQ(hex(out), kCtrCipher);
}

TEST(AesCtr, StreamingInOddChunksEqualsOneCall) {
  const Bytes key = unhex(kCtrKey), iv = unhex(kCtrIv);
  Bytes data(1000);
  DeterministicRng(7).fill(data);
  Bytes whole = data;
  AesCtr::create(fixed<32>(key), fixed<16>(iv)).value().apply(whole);
  auto ctr = AesCtr::create(fixed<32>(key), fixed<16>(iv)).value();
  std::size_t off = 0;
  for (std::size_t chunk : {1u, 15u, 16u, 17u, 3u, 64u, 200u}) {
    ctr.apply(std::span(data).subspan(off, chunk));
    off += chunk;
  }
  ctr.apply(std::span(data).subspan(off));
  EXPECT_EQ(data, whole);
}

TEST(AesCtr, DecryptionIsTheSameStream) {
  const Bytes key = unhex(kCtrKey), iv = unhex(kCtrIv), plain = unhex(kCtrPlain);
  auto enc = AesCtr::create(fixed<32>(key), fixed<16>(iv)).value();
  auto dec = AesCtr::create(fixed<32>(key), fixed<16>(iv)).value();
  Bytes data = plain;
  enc.apply(data);
  dec.apply(data);
  EXPECT_EQ(data, plain);
}

}  // namespace
}  // namespace layer::crypto
