#include <gtest/gtest.h>

#include "layer/crypto/kdf.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/secure_bytes.hpp"
#include "layer/crypto/sha.hpp"
#include "test_util.hpp"

namespace layer::crypto {
namespace {

using test::Bytes;
using test::bytes_of;
using test::hex;

TEST(Sha, KnownAnswers) {
  EXPECT_EQ(hex(sha1(bytes_of("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(sha256(bytes_of("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha1(Bytes{})), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex(sha256(Bytes{})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha, PiecesHashLikeTheirConcatenation) {
  const Bytes a = bytes_of("hello, "), b = bytes_of(""), c = bytes_of("world");
  EXPECT_EQ(sha1({a, b, c}), sha1(bytes_of("hello, world")));
  EXPECT_EQ(sha256({a, b, c}), sha256(bytes_of("hello, world")));
}

TEST(Sha, IncrementalEqualsOneShotAndResetsAfterFinish) {
  Bytes data(10000);
  DeterministicRng(3).fill(data);
  Sha1 s1;
  Sha256 s256;
  for (std::size_t off = 0; off < data.size(); off += 333) {
    const auto part = std::span(data).subspan(off, std::min<std::size_t>(333, data.size() - off));
    s1.update(part);
    s256.update(part);
  }
  EXPECT_EQ(s1.finish(), sha1(data));
  EXPECT_EQ(s256.finish(), sha256(data));
  EXPECT_EQ(s1.update(bytes_of("abc")).finish(), sha1(bytes_of("abc")));
  EXPECT_EQ(s256.update(bytes_of("abc")).finish(), sha256(bytes_of("abc")));
}

TEST(Hmac, Rfc4231TestCase2) {
  EXPECT_EQ(hex(hmac_sha512(bytes_of("Jefe"), bytes_of("what do ya want for nothing?")).span()),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6f"
            "dcaeab1a34d4a6b4b636e070a38bce737");
}

// Expected values from Python's hashlib.pbkdf2_hmac, an independent implementation.
TEST(Pbkdf2, MatchesHashlib) {
  Bytes out(64);
  pbkdf2_hmac_sha512(bytes_of("password"), bytes_of("salt"), 1, out);
  EXPECT_EQ(
      hex(out),
      "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501bad999bfe943c08f0"
      "50235d7d68b1da55e63f73b60a57fce");
  pbkdf2_hmac_sha512(bytes_of("password"), bytes_of("salt"), 4096, out);
  EXPECT_EQ(hex(out),
            "d197b1b33db0143e018b12f3d1d1479e6cdebdcc97c5c0f87f6902e072f457b5143f30602641b3d55cd335988cb36b8"
            "4376060ecd532e039b742a239434af2d5");
  Bytes long_out(70);
  pbkdf2_hmac_sha512(bytes_of("passwordPASSWORDpassword"), bytes_of("saltSALTsaltSALTsaltSALTsaltSALTsalt"),
                     4096, long_out);
  EXPECT_EQ(hex(long_out),
            "8c0511f4c6e597c6ac6315d8f0362e225f3c501495ba23b868c005174dc4ee71115b59f9e60cd9532fa33e0f75aefe3"
            "0225c583a186cd82bd4daea9724a3d3b804f75bdd4149");
}

TEST(Rng, DeterministicIsReproducibleAndIndependentOfChunking) {
  Bytes a(100), b(100);
  DeterministicRng(5).fill(a);
  DeterministicRng r(5);
  r.fill(std::span(b).first(33));
  r.fill(std::span(b).subspan(33));
  EXPECT_EQ(a, b);
  DeterministicRng(6).fill(b);
  EXPECT_NE(a, b);
}

TEST(Rng, OsRngProducesVaryingBytes) {
  Bytes a(32), b(32);
  OsRng rng;
  rng.fill(a);
  rng.fill(b);
  EXPECT_NE(a, b);
}

TEST(SecureBytes, MoveLeavesSourceEmptyAndCloneCopies) {
  SecureBytes a(bytes_of("secret"));
  SecureBytes b = a.clone();
  SecureBytes c = std::move(a);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  EXPECT_EQ(hex(c.span()), hex(bytes_of("secret")));
  EXPECT_EQ(hex(b.span()), hex(bytes_of("secret")));
  c = std::move(b);
  EXPECT_EQ(c.size(), 6u);
}

}  // namespace
}  // namespace layer::crypto
