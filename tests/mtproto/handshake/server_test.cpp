// HandshakeServer: each check fed the one bad value it is about; a refused message
// leaves the server where it was, so the genuine message still succeeds after it.
#include <gtest/gtest.h>

#include "layer/crypto/pq.hpp"
#include "support.hpp"

namespace layer::mtproto::handshake::test {
namespace {

std::string be(std::uint64_t v) {
  std::string out;
  for (int shift = 56; shift >= 0; shift -= 8) {
    if (!out.empty() || (v >> shift & 0xff) != 0) out.push_back(static_cast<char>(v >> shift & 0xff));
  }
  return out;
}

class ServerChecks : public ::testing::Test {
 protected:
  ServerChecks() : server_(fake_dc_key(), {.dc_id = 2}), key_(fake_dc_key().public_key()) {
    nonce_[0] = std::byte{0x42};
    res_ = server_.on_req_pq(nonce_, rng_).value();
    const std::uint64_t pq = std::stoull(hex(bytes(res_.pq)), nullptr, 16);
    factors_ = crypto::factorize_pq(pq).value();
    new_nonce_[31] = std::byte{7};
  }

  tl::types::PQInnerDataDc inner() const {
    return {res_.pq, be(factors_.p), be(factors_.q), nonce_, res_.server_nonce, new_nonce_, 2};
  }

  template <class Inner>
  tl::functions::ReqDHParams request(const Inner& inner_data) {
    const auto block = key_.encrypt_rsa_pad(tl::serialize(inner_data), rng_).value();
    return {nonce_, res_.server_nonce, be(factors_.p), be(factors_.q), key_.fingerprint(), str(block)};
  }

  std::error_code refused(const tl::functions::ReqDHParams& r) {
    return server_.on_req_dh_params(r, rng_, kNow).error();
  }

  // Gets the server to the set_client_DH_params step; returns g_a's inner data.
  tl::types::ServerDHInnerData accept_dh() {
    const auto answer = server_.on_req_dh_params(request(inner()), rng_, kNow).value();
    const auto& ok = *answer.as<tl::types::ServerDHParamsOk>();
    const auto tmp = crypto::tmp_aes_key_iv(new_nonce_, res_.server_nonce);
    Bytes plain(ok.encrypted_answer.size());
    EXPECT_FALSE(crypto::aes_ige_decrypt(tmp.key.span(), tmp.iv.span(), bytes(ok.encrypted_answer), plain));
    tl::Reader r{std::span(plain).subspan(20)};
    r.read_u32();
    return tl::read<tl::types::ServerDHInnerData>(r);
  }

  tl::functions::SetClientDHParams set_client(const std::string& g_b, bool hash_flip = false) {
    tl::types::ClientDHInnerData inner_data{nonce_, res_.server_nonce, 0, g_b};
    return {nonce_, res_.server_nonce,
            wrap(tl::serialize(inner_data), new_nonce_, res_.server_nonce, hash_flip)};
  }

  crypto::DeterministicRng rng_{21};
  HandshakeServer server_;
  crypto::RsaPublicKey key_;
  tl::Int128 nonce_{};
  tl::Int256 new_nonce_{};
  tl::types::ResPQ res_;
  crypto::PqFactors factors_{};
};

TEST_F(ServerChecks, ResPqOffersOurKeyAndATwoPrimePq) {
  EXPECT_EQ(res_.nonce, nonce_);
  EXPECT_EQ(res_.server_public_key_fingerprints, std::vector<std::int64_t>{3256475598533288852});
  EXPECT_EQ(res_.pq.size(), 8u);
  EXPECT_GE(factors_.p, 1u << 30);
  EXPECT_EQ(server_.on_req_pq(nonce_, rng_).error(), handshake_errc::unexpected_message);
}

// Telethon reads pq as a signed integer, so it must stay below 2^63, as Telegram's does.
TEST(ServerPq, StaysBelowTwoToThe63) {
  crypto::DeterministicRng rng(63);
  for (int i = 0; i < 200; ++i) {
    HandshakeServer server(fake_dc_key());
    const auto res = server.on_req_pq({}, rng).value();
    ASSERT_EQ(res.pq.size(), 8u);
    EXPECT_LT(static_cast<unsigned char>(res.pq[0]), 0x80) << "handshake " << i;
  }
}

TEST_F(ServerChecks, ReqDhParamsOuterChecks) {
  auto r = request(inner());
  r.nonce[1] ^= std::byte{1};
  EXPECT_EQ(refused(r), handshake_errc::nonce_mismatch);
  r = request(inner());
  r.server_nonce[1] ^= std::byte{1};
  EXPECT_EQ(refused(r), handshake_errc::server_nonce_mismatch);
  r = request(inner());
  r.public_key_fingerprint = -3414540481677951611;
  EXPECT_EQ(refused(r), handshake_errc::unknown_fingerprint);
  r = request(inner());
  std::swap(r.p, r.q);
  EXPECT_EQ(refused(r), handshake_errc::bad_p_q);
  r = request(inner());
  r.q = be(factors_.q + 2);
  EXPECT_EQ(refused(r), handshake_errc::bad_p_q);
  r = request(inner());
  r.encrypted_data = std::string(256, '\x01');
  EXPECT_EQ(refused(r), handshake_errc::bad_inner_data);
  EXPECT_TRUE(server_.on_req_dh_params(request(inner()), rng_, kNow).has_value());
}

TEST_F(ServerChecks, ReqDhParamsInnerChecks) {
  auto bad = inner();
  bad.pq = be(factors_.p * factors_.q + 2);
  EXPECT_EQ(refused(request(bad)), handshake_errc::bad_p_q);
  bad = inner();
  bad.p = be(factors_.p + 2);
  EXPECT_EQ(refused(request(bad)), handshake_errc::bad_p_q);
  bad = inner();
  bad.nonce[15] ^= std::byte{1};
  EXPECT_EQ(refused(request(bad)), handshake_errc::nonce_mismatch);
  bad = inner();
  bad.server_nonce[15] ^= std::byte{1};
  EXPECT_EQ(refused(request(bad)), handshake_errc::server_nonce_mismatch);
  bad = inner();
  bad.dc = 3;
  EXPECT_EQ(refused(request(bad)), handshake_errc::bad_inner_data);
  tl::types::PQInnerDataTempDc temp{
      res_.pq, be(factors_.p), be(factors_.q), nonce_, res_.server_nonce, new_nonce_, 2, 0};
  EXPECT_EQ(refused(request(temp)), handshake_errc::bad_inner_data);
  // A function where p_q_inner_data belongs.
  EXPECT_EQ(refused(request(tl::functions::ReqPqMulti{nonce_})), handshake_errc::bad_inner_data);

  // Accepted afterwards, in each dc form a client may use.
  for (std::int32_t dc : {2, -2, 10002}) {
    HandshakeServer fresh(fake_dc_key(), {.dc_id = 2});
    res_ = fresh.on_req_pq(nonce_, rng_).value();
    factors_ = crypto::factorize_pq(std::stoull(hex(bytes(res_.pq)), nullptr, 16)).value();
    auto good = inner();
    good.dc = dc;
    EXPECT_TRUE(fresh.on_req_dh_params(request(good), rng_, kNow).has_value()) << dc;
  }
}

// Telethon's scheme, built here from the description: RSA(0 ‖ SHA1(data) ‖ data ‖ random).
TEST_F(ServerChecks, AcceptsOldSchemeAndPlainInnerData) {
  tl::types::PQInnerData plain{res_.pq, be(factors_.p),    be(factors_.q),
                               nonce_,  res_.server_nonce, new_nonce_};
  const Bytes data = tl::serialize(plain);
  std::array<std::byte, 256> block{};
  const auto hash = crypto::sha1(data);
  std::copy(hash.begin(), hash.end(), block.begin() + 1);
  std::copy(data.begin(), data.end(), block.begin() + 21);
  rng_.fill(std::span(block).subspan(21 + data.size()));
  auto r = request(plain);
  r.encrypted_data = str(key_.encrypt_raw(block).value());
  const auto answer = server_.on_req_dh_params(r, rng_, kNow).value();
  EXPECT_TRUE(answer.is<tl::types::ServerDHParamsOk>());
}

TEST_F(ServerChecks, ServerDhInnerDataIsTelegramsGroup) {
  const auto dh = accept_dh();
  EXPECT_EQ(dh.g, 3);
  EXPECT_EQ(hex(bytes(dh.dh_prime)), hex(telegram_prime()));
  EXPECT_EQ(dh.server_time, 1700000000);
  EXPECT_EQ(dh.nonce, nonce_);
}

TEST_F(ServerChecks, SetClientDhParamsChecks) {
  EXPECT_EQ(server_.on_set_client_dh_params(set_client(std::string(256, '\x11'))).error(),
            handshake_errc::unexpected_message);
  accept_dh();
  Bytes below(256);
  std::fill(below.begin() + 8, below.end(), std::byte{0xff});
  Bytes p_minus_one = telegram_prime();
  p_minus_one.back() = static_cast<std::byte>(std::to_integer<int>(p_minus_one.back()) - 1);
  for (const auto& g_b : {str(below), str(p_minus_one), std::string("\x01", 1), str(telegram_prime())}) {
    EXPECT_EQ(server_.on_set_client_dh_params(set_client(g_b)).error(), handshake_errc::g_b_out_of_range);
  }
  Bytes good(256);
  good[7] = std::byte{1};
  EXPECT_EQ(server_.on_set_client_dh_params(set_client(str(good), true)).error(),
            handshake_errc::answer_hash_mismatch);
  auto r = set_client(str(good));
  r.nonce[0] ^= std::byte{1};
  EXPECT_EQ(server_.on_set_client_dh_params(r).error(), handshake_errc::nonce_mismatch);
  r = set_client(str(good));
  r.server_nonce[0] ^= std::byte{1};
  EXPECT_EQ(server_.on_set_client_dh_params(r).error(), handshake_errc::server_nonce_mismatch);
  r = set_client(str(good));
  r.encrypted_data.resize(r.encrypted_data.size() - 1);
  EXPECT_EQ(server_.on_set_client_dh_params(r).error(), handshake_errc::bad_encrypted_answer);
  EXPECT_FALSE(server_.finished());

  const auto answer = server_.on_set_client_dh_params(set_client(str(good))).value();
  EXPECT_TRUE(answer.is<tl::types::DhGenOk>());
  EXPECT_TRUE(server_.finished());
  EXPECT_EQ(server_.on_set_client_dh_params(set_client(str(good))).error(),
            handshake_errc::handshake_finished);
}

TEST_F(ServerChecks, OnMessageDispatch) {
  EXPECT_EQ(server_.on_message(unhex("01020304"), rng_, kNow).error(), handshake_errc::malformed_message);
  EXPECT_EQ(server_.on_message(Bytes{}, rng_, kNow).error(), handshake_errc::malformed_message);
  const tl::functions::Ping ping{5};
  EXPECT_EQ(server_.on_message(tl::serialize(ping), rng_, kNow).error(), handshake_errc::unexpected_message);
  HandshakeServer fresh(fake_dc_key());
  const auto reply = fresh.on_message(tl::serialize(tl::functions::ReqPq{nonce_}), rng_, kNow).value();
  EXPECT_EQ(tl::deserialize<tl::types::ResPQ>(reply).nonce, nonce_);
}

}  // namespace
}  // namespace layer::mtproto::handshake::test
