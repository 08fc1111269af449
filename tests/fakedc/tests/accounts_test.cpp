// Signing in against the fake DC: login codes and sign-up, two-step
// verification with real SRP, bot tokens, moving an authorization to another
// DC, and calls refused without one.
#include <gtest/gtest.h>

#include "cluster_fixture.hpp"
#include "layer/crypto/srp.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

constexpr const char* kPhone = "+999661234567";

class Accounts : public ClusterTest {
 protected:
  void configure() override {
    auto& world = cluster_.world();
    auto& alice = world.add_user("+999660000001", "Alice");
    world.set_password(alice, "correct horse", "horse");
    bot_token_ = world.add_bot("Echo", "echo_bot").bot_token;
  }

  // A connected client with a fresh key on dc.
  std::unique_ptr<TestClient> connect(std::int32_t dc = 2) {
    auto client = std::make_unique<TestClient>(cluster_.endpoint(dc), Kind::intermediate);
    client->handshake(cluster_.public_key(), dc);
    return client;
  }

  static std::string send_code(TestClient& client, const std::string& phone) {
    return client
        .call_as<tl::enums::auth::SentCode>(tl::serialize(fn::auth::SendCode{
            .phone_number = phone, .api_id = 1, .api_hash = "x", .settings = types::CodeSettings{}}))
        .as<types::auth::SentCode>()
        ->phone_code_hash;
  }

  static tl::enums::auth::Authorization sign_in(TestClient& client, const std::string& phone,
                                                const std::string& hash, const std::string& code) {
    return client.call_as<tl::enums::auth::Authorization>(
        tl::serialize(fn::auth::SignIn{.phone_number = phone, .phone_code_hash = hash, .phone_code = code}));
  }

  std::string bot_token_;
};

TEST_F(Accounts, CodeLoginSignsUpThenSignsIn) {
  auto client = connect();
  const auto hash = send_code(*client, kPhone);
  EXPECT_EQ(error_from([&] { sign_in(*client, kPhone, hash, "12345"); }).message, "PHONE_CODE_INVALID");
  EXPECT_EQ(error_from([&] { sign_in(*client, kPhone, "other", "22222"); }).message, "PHONE_CODE_EXPIRED");
  EXPECT_TRUE(sign_in(*client, kPhone, hash, "22222").is<types::auth::AuthorizationSignUpRequired>());
  const auto signed_up = client->call_as<tl::enums::auth::Authorization>(tl::serialize(fn::auth::SignUp{
      .phone_number = kPhone, .phone_code_hash = hash, .first_name = "Carol", .last_name = ""}));
  const auto& me = *signed_up.as<types::auth::Authorization>()->user.as<types::User>();
  EXPECT_TRUE(me.self);
  EXPECT_EQ(me.first_name, "Carol");
  EXPECT_EQ(me.phone, std::string(kPhone));
  EXPECT_TRUE(logged("login code for " + std::string(kPhone) + " is 22222"));

  auto again = connect();
  const auto second = sign_in(*again, kPhone, send_code(*again, kPhone), "22222");
  EXPECT_EQ(second.as<types::auth::Authorization>()->user.as<types::User>()->id, me.id);
}

TEST_F(Accounts, TwoStepVerificationChecksTheSrpProof) {
  auto client = connect();
  const auto hash = send_code(*client, "+999660000001");
  EXPECT_EQ(error_from([&] { sign_in(*client, "+999660000001", hash, "22222"); }).message,
            "SESSION_PASSWORD_NEEDED");
  const auto proof_for = [&](const std::string& password) {
    const auto info =
        client->call_as<tl::enums::account::Password>(tl::serialize(fn::account::GetPassword{}));
    const auto& p = *info.as<types::account::Password>();
    EXPECT_TRUE(p.has_password);
    EXPECT_EQ(p.hint, "horse");
    const auto& algo =
        *p.current_algo->as<types::PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow>();
    crypto::OsRng rng;
    const auto proof =
        crypto::srp_client_proof({algo.salt1, algo.salt2, static_cast<std::uint32_t>(algo.g), algo.p},
                                 *p.srp_B, std::as_bytes(std::span(password)), rng)
            .value();
    return tl::serialize(fn::auth::CheckPassword{types::InputCheckPasswordSRP{
        *p.srp_id, tl::Bytes(proof.A.begin(), proof.A.end()), tl::Bytes(proof.M1.begin(), proof.M1.end())}});
  };
  EXPECT_EQ(error_from([&] { client->call_as<tl::enums::auth::Authorization>(proof_for("wrong")); }).message,
            "PASSWORD_HASH_INVALID");
  const auto authorized = client->call_as<tl::enums::auth::Authorization>(proof_for("correct horse"));
  EXPECT_EQ(authorized.as<types::auth::Authorization>()->user.as<types::User>()->first_name, "Alice");
}

TEST_F(Accounts, BotTokenSignsInAndAWrongOneIsRefused) {
  auto client = connect();
  const auto import = [&](const std::string& token) {
    return client->call_as<tl::enums::auth::Authorization>(tl::serialize(
        fn::auth::ImportBotAuthorization{.flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = token}));
  };
  EXPECT_EQ(error_from([&] { import("1:nope"); }).message, "ACCESS_TOKEN_INVALID");
  const auto authorization = import(bot_token_);
  const auto& bot = *authorization.as<types::auth::Authorization>()->user.as<types::User>();
  EXPECT_TRUE(bot.bot);
  EXPECT_EQ(bot.username, "echo_bot");
}

TEST_F(Accounts, CallsNeedAnAuthorization) {
  auto client = connect();
  const auto error =
      error_from([&] { client->call_as<tl::enums::updates::State>(tl::serialize(fn::updates::GetState{})); });
  EXPECT_EQ(error.code, 401);
  EXPECT_EQ(error.message, "AUTH_KEY_UNREGISTERED");
}

TEST_F(Accounts, AuthorizationMovesToAnotherDcAndLogsOut) {
  auto dc2 = connect(2);
  dc2->call_as<tl::enums::auth::Authorization>(tl::serialize(fn::auth::ImportBotAuthorization{
      .flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = bot_token_}));
  const auto exported = dc2->call_as<tl::enums::auth::ExportedAuthorization>(
      tl::serialize(fn::auth::ExportAuthorization{.dc_id = 4}));
  const auto& e = *exported.as<types::auth::ExportedAuthorization>();
  auto dc4 = connect(4);
  tl::Bytes forged = e.bytes;
  forged[0] ^= std::byte{1};
  EXPECT_EQ(error_from([&] {
              dc4->call_as<tl::enums::auth::Authorization>(
                  tl::serialize(fn::auth::ImportAuthorization{e.id, forged}));
            }).message,
            "AUTH_BYTES_INVALID");
  dc4->call_as<tl::enums::auth::Authorization>(tl::serialize(fn::auth::ImportAuthorization{e.id, e.bytes}));
  EXPECT_EQ(dc4->call_as<tl::enums::updates::State>(tl::serialize(fn::updates::GetState{}))
                .as<types::updates::State>()
                ->pts,
            0);
  dc4->call_as<tl::enums::auth::LoggedOut>(tl::serialize(fn::auth::LogOut{}));
  EXPECT_EQ(error_from([&] {
              dc4->call_as<tl::enums::updates::State>(tl::serialize(fn::updates::GetState{}));
            }).code,
            401);
}

}  // namespace
}  // namespace layer::fakedc::test
