// Every check the client makes in step2 and step3, each fed the one bad value it
// is about, and the state the caller holds stays usable after the refusal.
#include <gtest/gtest.h>

#include "layer/crypto/dh.hpp"
#include "support.hpp"

namespace layer::mtproto::handshake::test {
namespace {

class ClientChecks : public ::testing::Test {
 protected:
  ClientChecks() : server_(fake_dc_key()) {}

  // The server's real resPQ for a fresh client.
  std::pair<Step1, tl::types::ResPQ> res_pq() {
    auto s1 = start(fake_dc_options(), client_);
    auto answer = server_.on_req_pq(s1.state.nonce, server_rng_).value();
    return {std::move(s1), std::move(answer)};
  }

  // State2 and a valid server_DH_inner_data to spoil.
  std::pair<State2, tl::types::ServerDHInnerData> dh_inner() {
    auto [s1, answer] = res_pq();
    auto s2 = step2(s1.state, answer, client_).value();
    tl::types::ServerDHInnerData inner;
    inner.nonce = s2.state.nonce;
    inner.server_nonce = s2.state.server_nonce;
    inner.g = 3;
    inner.dh_prime = str(telegram_prime());
    std::array<std::byte, 256> a{};
    server_rng_.fill(a);
    inner.g_a = str(crypto::dh_public(3, a, telegram_prime()).value());
    inner.server_time = 1700000100;
    return {std::move(s2.state), std::move(inner)};
  }

  std::error_code step3_error(const State2& s2, const tl::types::ServerDHInnerData& inner) {
    return step3(s2, dh_params_ok(s2, inner), client_, kNow).error();
  }

  crypto::DeterministicRng client_{11};
  crypto::DeterministicRng server_rng_{12};
  HandshakeServer server_;
};

// p - 2^1984 + add, big-endian: the upper bound on g_a (add = 0) and just above it (add = 1).
Bytes p_minus_bound(Bytes p, int add) {
  // 2^1984 is bit 1984: byte index 256 - 1 - 1984/8 = 7 from the front.
  int borrow = 0;
  for (int i = 7; i >= 0; --i) {
    int v = std::to_integer<int>(p[i]) - (i == 7 ? 1 : 0) - borrow;
    borrow = v < 0;
    p[i] = static_cast<std::byte>(v & 0xff);
  }
  for (int i = 255; add != 0 && i >= 0; --i) {
    const int v = std::to_integer<int>(p[i]) + add;
    p[i] = static_cast<std::byte>(v & 0xff);
    add = v >> 8;
  }
  return p;
}

TEST_F(ClientChecks, Step2NonceEchoMismatch) {
  auto [s1, answer] = res_pq();
  answer.nonce[3] ^= std::byte{0x80};
  EXPECT_EQ(step2(s1.state, answer, client_).error(), handshake_errc::nonce_mismatch);
}

TEST_F(ClientChecks, Step2UnknownFingerprints) {
  auto [s1, answer] = res_pq();
  answer.server_public_key_fingerprints = {1, 2,
                                           -3414540481677951611};  // the last is Telegram's, not configured
  EXPECT_EQ(step2(s1.state, answer, client_).error(), handshake_errc::unknown_fingerprint);
  answer.server_public_key_fingerprints.clear();
  EXPECT_EQ(step2(s1.state, answer, client_).error(), handshake_errc::unknown_fingerprint);
}

TEST_F(ClientChecks, Step2BadPq) {
  auto [s1, answer] = res_pq();
  for (const auto& pq : {std::string("\x7f\xff\xff\xff\xff\xff\xff\xe7", 8),  // 2^63-25 is prime
                         std::string(9, '\x01'), std::string(), std::string("\x03", 1)}) {
    answer.pq = pq;
    EXPECT_EQ(step2(s1.state, answer, client_).error(), handshake_errc::bad_pq) << hex(bytes(pq));
  }
}

TEST_F(ClientChecks, Step2MalformedBytes) {
  auto [s1, answer] = res_pq();
  Bytes wire = tl::serialize(answer);
  wire.pop_back();
  EXPECT_EQ(step2(s1.state, wire, client_).error(), handshake_errc::malformed_message);
  wire = tl::serialize(answer);
  wire.push_back(std::byte{0});
  EXPECT_EQ(step2(s1.state, wire, client_).error(), handshake_errc::malformed_message);
  // The state is a value: the genuine answer still works afterwards.
  EXPECT_TRUE(step2(s1.state, answer, client_).has_value());
}

TEST_F(ClientChecks, Step3AcceptsTheValidInnerData) {
  auto [s2, inner] = dh_inner();
  const auto s3 = step3(s2, dh_params_ok(s2, inner, false, 0), client_, kNow).value();
  EXPECT_EQ(s3.state.time_offset, std::chrono::seconds(100));
  EXPECT_EQ(s3.request.function.nonce, s2.nonce);
}

TEST_F(ClientChecks, Step3ServerDhParamsFail) {
  auto [s2, inner] = dh_inner();
  tl::types::ServerDHParamsFail failed{s2.nonce, s2.server_nonce, {}};
  EXPECT_EQ(step3(s2, failed, client_, kNow).error(), handshake_errc::dh_params_fail);
  failed.nonce[0] ^= std::byte{1};
  EXPECT_EQ(step3(s2, failed, client_, kNow).error(), handshake_errc::nonce_mismatch);
}

TEST_F(ClientChecks, Step3OuterNonceEchoes) {
  auto [s2, inner] = dh_inner();
  auto answer = dh_params_ok(s2, inner);
  answer.as<tl::types::ServerDHParamsOk>()->nonce[5] ^= std::byte{1};
  EXPECT_EQ(step3(s2, answer, client_, kNow).error(), handshake_errc::nonce_mismatch);
  answer = dh_params_ok(s2, inner);
  answer.as<tl::types::ServerDHParamsOk>()->server_nonce[5] ^= std::byte{1};
  EXPECT_EQ(step3(s2, answer, client_, kNow).error(), handshake_errc::server_nonce_mismatch);
}

TEST_F(ClientChecks, Step3InnerNonceEchoes) {
  auto [s2, inner] = dh_inner();
  auto bad = inner;
  bad.nonce[0] ^= std::byte{1};
  EXPECT_EQ(step3_error(s2, bad), handshake_errc::nonce_mismatch);
  bad = inner;
  bad.server_nonce[0] ^= std::byte{1};
  EXPECT_EQ(step3_error(s2, bad), handshake_errc::server_nonce_mismatch);
}

TEST_F(ClientChecks, Step3AnswerHashMismatch) {
  auto [s2, inner] = dh_inner();
  EXPECT_EQ(step3(s2, dh_params_ok(s2, inner, true), client_, kNow).error(),
            handshake_errc::answer_hash_mismatch);
}

TEST_F(ClientChecks, Step3BadEncryptedAnswer) {
  auto [s2, inner] = dh_inner();
  auto answer = dh_params_ok(s2, inner);
  answer.as<tl::types::ServerDHParamsOk>()->encrypted_answer.pop_back();
  EXPECT_EQ(step3(s2, answer, client_, kNow).error(), handshake_errc::bad_encrypted_answer);
  answer.as<tl::types::ServerDHParamsOk>()->encrypted_answer.clear();
  EXPECT_EQ(step3(s2, answer, client_, kNow).error(), handshake_errc::bad_encrypted_answer);
  // 16 extra bytes of padding: more than the specification's 0..15.
  EXPECT_EQ(step3(s2, dh_params_ok(s2, inner, false, 16), client_, kNow).error(),
            handshake_errc::bad_encrypted_answer);
}

TEST_F(ClientChecks, Step3BadDhPrime) {
  auto [s2, inner] = dh_inner();
  auto bad = inner;
  bad.dh_prime = bad.dh_prime.substr(1);  // 2040 bits
  EXPECT_EQ(step3_error(s2, bad), handshake_errc::bad_dh_prime);
  bad = inner;
  bad.dh_prime.back() = static_cast<char>(bad.dh_prime.back() + 2);  // p + 2: 2048 bits, not a safe prime
  EXPECT_EQ(step3_error(s2, bad), handshake_errc::bad_dh_prime);
}

TEST_F(ClientChecks, Step3BadG) {
  auto [s2, inner] = dh_inner();
  // Telegram's p is 3 mod 8 and 3 mod 5, so neither 2 nor 5 generates the q-subgroup.
  for (std::int32_t g : {-1, 0, 1, 2, 5, 8, 1 << 20}) {
    auto bad = inner;
    bad.g = g;
    EXPECT_EQ(step3_error(s2, bad), handshake_errc::bad_dh_g) << g;
  }
}

TEST_F(ClientChecks, Step3GaRangeEachBound) {
  auto [s2, inner] = dh_inner();
  Bytes low(256);
  low[7] = std::byte{1};  // exactly 2^1984: the smallest value allowed
  Bytes below(256);
  std::fill(below.begin() + 8, below.end(), std::byte{0xff});  // 2^1984 - 1
  auto bad = inner;
  bad.g_a = str(below);
  EXPECT_EQ(step3_error(s2, bad), handshake_errc::g_a_out_of_range);
  bad.g_a = str(p_minus_bound(telegram_prime(), 1));
  EXPECT_EQ(step3_error(s2, bad), handshake_errc::g_a_out_of_range);
  bad.g_a = str(telegram_prime());
  EXPECT_EQ(step3_error(s2, bad), handshake_errc::g_a_out_of_range);
  bad.g_a = str(Bytes{std::byte{2}});
  EXPECT_EQ(step3_error(s2, bad), handshake_errc::g_a_out_of_range);

  bad.g_a = str(low);
  EXPECT_TRUE(step3(s2, dh_params_ok(s2, bad), client_, kNow).has_value());
  bad.g_a = str(p_minus_bound(telegram_prime(), 0));
  EXPECT_TRUE(step3(s2, dh_params_ok(s2, bad), client_, kNow).has_value());
}

TEST_F(ClientChecks, Step3MalformedAndUnexpected) {
  auto [s2, inner] = dh_inner();
  EXPECT_EQ(step3(s2, unhex("5c07e8d0"), client_, kNow).error(), handshake_errc::malformed_message);
  EXPECT_EQ(step3(s2, tl::enums::ServerDHParams{}, client_, kNow).error(),
            handshake_errc::unexpected_message);
  // A different constructor where server_DH_inner_data belongs.
  tl::types::ClientDHInnerData other{s2.nonce, s2.server_nonce, 0, "x"};
  tl::types::ServerDHParamsOk ok{s2.nonce, s2.server_nonce,
                                 wrap(tl::serialize(other), s2.new_nonce.span(), s2.server_nonce)};
  EXPECT_EQ(step3(s2, ok, client_, kNow).error(), handshake_errc::malformed_message);
}

}  // namespace
}  // namespace layer::mtproto::handshake::test
