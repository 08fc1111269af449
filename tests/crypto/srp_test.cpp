#include <openssl/bn.h>

#include <gtest/gtest.h>

#include "layer/crypto/rng.hpp"
#include "layer/crypto/srp.hpp"
#include "test_util.hpp"

namespace layer::crypto {
namespace {

using test::Bytes;
using test::fixed;
using test::hex;
using test::unhex;

// One srp_2fa.json vector with its byte fields decoded.
struct Case {
  explicit Case(const nlohmann::json& j)
      : v(j),
        password(unhex(str("password_utf8"))),
        salt1(unhex(str("salt1"))),
        salt2(unhex(str("salt2"))),
        p(unhex(str("p"))),
        srp_b(unhex(str("srp_B"))),
        random_a(unhex(str("random_a"))),
        random_b(unhex(server("random_b"))),
        g(j.at("g").get<std::uint32_t>()) {}

  SrpParams params() const { return {salt1, salt2, g, p}; }

  std::string str(const char* name) const { return v.at(name).get<std::string>(); }
  std::string server(const char* name) const { return v.at("server_side").at(name).get<std::string>(); }

  nlohmann::json v;
  Bytes password, salt1, salt2, p, srp_b, random_a, random_b;
  std::uint32_t g;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const auto& v : test::load_vectors("srp_2fa")) out.emplace_back(v);
  return out;
}

// TL bytes: short length prefix (≤253) or 0xfe + 3-byte length, then zero padding to 4.
void append_tl_bytes(Bytes& out, std::span<const std::byte> data) {
  const std::size_t start = out.size();
  if (data.size() <= 253) {
    out.push_back(static_cast<std::byte>(data.size()));
  } else {
    out.insert(out.end(),
               {std::byte{0xfe}, static_cast<std::byte>(data.size()),
                static_cast<std::byte>(data.size() >> 8), static_cast<std::byte>(data.size() >> 16)});
  }
  out.insert(out.end(), data.begin(), data.end());
  while ((out.size() - start) % 4 != 0) out.push_back(std::byte{0});
}

TEST(Srp, ClientAndServerValuesMatchSharedVectors) {
  const auto all = cases();
  ASSERT_EQ(all.size(), 4u);
  for (const Case& c : all) {
    SCOPED_TRACE(c.str("name"));
    const SecureArray<32> x = srp_password_hash(c.password, c.salt1, c.salt2);
    EXPECT_EQ(hex(x.span()), c.server("x_hash"));
    auto proof = srp_client_proof(c.params(), c.srp_b, x, fixed<256>(c.random_a));
    ASSERT_TRUE(proof) << proof.error().message();
    EXPECT_EQ(hex(proof->A), c.str("A"));
    EXPECT_EQ(hex(proof->M1), c.str("M1"));

    // inputCheckPasswordSRP#d27ff082 srp_id:long A:bytes M1:bytes
    Bytes tl = unhex("82f07fd2");
    const auto srp_id = static_cast<std::uint64_t>(std::stoll(c.str("srp_id")));
    for (int i = 0; i < 8; ++i) tl.push_back(static_cast<std::byte>(srp_id >> (8 * i)));
    append_tl_bytes(tl, proof->A);
    append_tl_bytes(tl, proof->M1);
    EXPECT_EQ(hex(tl), c.str("input_check_password_srp_bytes"));

    const DhValue v = srp_verifier(c.params(), x).value();
    EXPECT_EQ(hex(v), c.server("v"));
    EXPECT_EQ(hex(srp_k(c.p, c.g)), c.server("k"));
    EXPECT_EQ(hex(srp_server_public(c.params(), v, fixed<256>(c.random_b)).value()), c.str("srp_B"));
    EXPECT_EQ(hex(srp_u(proof->A, c.srp_b)), c.server("u"));
    auto session = srp_server_session(c.params(), v, fixed<256>(c.random_b), proof->A);
    ASSERT_TRUE(session);
    EXPECT_EQ(hex(session->S.span()), c.server("S"));
    EXPECT_EQ(hex(session->K), c.server("K"));
    EXPECT_EQ(hex(session->M1), c.str("M1"));
    EXPECT_FALSE(srp_server_verify(c.params(), v, fixed<256>(c.random_b), proof->A, proof->M1));
  }
}

TEST(Srp, ServerRejectsWrongProofAndBadA) {
  const Case c(test::load_vectors("srp_2fa").at(0));
  const Bytes v = unhex(c.server("v"));
  const Bytes a_pub = unhex(c.str("A"));
  Bytes m1 = unhex(c.str("M1"));
  m1[31] ^= std::byte{1};
  EXPECT_EQ(srp_server_verify(c.params(), v, fixed<256>(c.random_b), a_pub, m1),
            make_error_code(crypto_errc::srp_proof_mismatch));
  EXPECT_EQ(srp_server_verify(c.params(), v, fixed<256>(c.random_b), a_pub, Bytes(31)),
            make_error_code(crypto_errc::srp_proof_mismatch));
  EXPECT_EQ(srp_server_verify(c.params(), v, fixed<256>(c.random_b), Bytes(256), unhex(c.str("M1"))),
            make_error_code(crypto_errc::srp_value_out_of_range));
}

Bytes minus(const Bytes& value, unsigned long delta) {
  BIGNUM* bn = BN_bin2bn(reinterpret_cast<const unsigned char*>(value.data()), static_cast<int>(value.size()),
                         nullptr);
  BN_sub_word(bn, delta);
  Bytes out(256);
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), 256);
  BN_free(bn);
  return out;
}

TEST(Srp, ClientRejectsOutOfRangeB) {
  const Case c(test::load_vectors("srp_2fa").at(0));
  const SecureArray<32> x(fixed<32>(unhex(c.server("x_hash"))));
  Bytes two_pow_1984(256);
  two_pow_1984[256 - 249] = std::byte{1};  // bit 1984 = byte 248 from the end
  const Bytes one = minus(Bytes(1, std::byte{2}), 1);
  for (const Bytes& b : {Bytes(256), one, c.p, minus(c.p, 1), minus(two_pow_1984, 1)}) {
    EXPECT_EQ(srp_client_proof(c.params(), b, x, fixed<256>(c.random_a)).error(),
              make_error_code(crypto_errc::srp_value_out_of_range))
        << hex(b);
  }
  EXPECT_TRUE(srp_client_proof(c.params(), two_pow_1984, x, fixed<256>(c.random_a)));
}

TEST(Srp, ClientRejectsBadGroup) {
  const Case c(test::load_vectors("srp_2fa").at(0));
  const SecureArray<32> x(fixed<32>(unhex(c.server("x_hash"))));
  SrpParams params = c.params();
  params.g = 2;  // Telegram's prime is 3 mod 8: 2 is not a quadratic residue
  EXPECT_EQ(srp_client_proof(params, c.srp_b, x, fixed<256>(c.random_a)).error(),
            make_error_code(crypto_errc::dh_g_not_generator));
  params.g = 3;
  Bytes bad_p = c.p;
  bad_p.back() ^= std::byte{2};  // still odd, no longer prime
  params.p = bad_p;
  EXPECT_EQ(srp_client_proof(params, c.srp_b, x, fixed<256>(c.random_a)).error(),
            make_error_code(crypto_errc::dh_prime_not_safe));
}

TEST(Srp, PasswordAndRngOverloadIsAcceptedByTheServerSide) {
  const Case c(test::load_vectors("srp_2fa").at(1));
  DeterministicRng rng(77);
  auto proof = srp_client_proof(c.params(), c.srp_b, c.password, rng);
  ASSERT_TRUE(proof);
  EXPECT_FALSE(
      srp_server_verify(c.params(), unhex(c.server("v")), fixed<256>(c.random_b), proof->A, proof->M1));
  DeterministicRng wrong_rng(77);
  auto wrong = srp_client_proof(c.params(), c.srp_b, test::bytes_of("not the password"), wrong_rng);
  ASSERT_TRUE(wrong);
  EXPECT_EQ(srp_server_verify(c.params(), unhex(c.server("v")), fixed<256>(c.random_b), wrong->A, wrong->M1),
            make_error_code(crypto_errc::srp_proof_mismatch));
}

}  // namespace
}  // namespace layer::crypto
