// Perfect forward secrecy against the fake DC: a temporary key made with
// p_q_inner_data_temp_dc is bound to the permanent one by auth.bindTempAuthKey
// (its inner message encrypted the MTProto 1 way with the permanent key), sent
// through the temporary key's ClientSession, and then speaks for the permanent
// key's account. The call names its own msg_id, so a resend under a new one
// must carry a body made for it.
#include <gtest/gtest.h>

#include <vector>

#include "cluster_fixture.hpp"
#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

class Pfs : public ClusterTest {
 protected:
  void configure() override { token_ = cluster_.world().add_bot("Pfs", "pfs_bot").bot_token; }

  // The call binding client's key to perm's, for the msg_ids it goes out as
  // (each one recorded in built_as_).
  mtproto::BodyBuilder binding(TestClient& client, const mtproto::handshake::Done& perm) {
    auto build = mtproto::handshake::bind_temp_auth_key_body(
        perm.auth_key, client.session().session(), std::chrono::system_clock::now() + std::chrono::hours(1),
        client.rng());
    return [this, build = std::move(build)](std::int64_t msg_id) {
      built_as_.push_back(msg_id);
      return build(msg_id);
    };
  }

  static bool bound(const mtproto::Outcome& outcome) {
    const auto* result = std::get_if<mtproto::RpcResultEvent>(&outcome);
    if (result == nullptr) {
      ADD_FAILURE() << "auth.bindTempAuthKey was not answered with a result";
      return false;
    }
    return tl::deserialize<bool>(result->body);
  }

  static mtproto::RpcError refusal(const mtproto::Outcome& outcome) {
    const auto* error = std::get_if<mtproto::RpcErrorEvent>(&outcome);
    if (error == nullptr) {
      ADD_FAILURE() << "auth.bindTempAuthKey was not refused";
      return {};
    }
    return error->error;
  }

  std::string token_;
  std::vector<std::int64_t> built_as_;
};

TEST_F(Pfs, BoundTemporaryKeySpeaksForThePermanentOne) {
  TestClient perm_client(cluster_.endpoint(2), Kind::intermediate);
  const auto perm = perm_client.handshake(cluster_.public_key());
  perm_client.call_as<tl::enums::auth::Authorization>(tl::serialize(
      fn::auth::ImportBotAuthorization{.flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = token_}));

  TestClient temp_client(cluster_.endpoint(2), Kind::intermediate);
  const auto temp = temp_client.handshake(cluster_.public_key(), 2, 3600);
  EXPECT_EQ(temp.expires_in, 3600);
  EXPECT_TRUE(logged("(temporary, 3600 s)"));
  const auto id = temp_client.session().enqueue_built(binding(temp_client, perm));
  EXPECT_TRUE(bound(temp_client.wait(id)));
  EXPECT_EQ(built_as_.size(), 1u);
  EXPECT_TRUE(logged("bound to"));

  // A fresh connection on the temporary key is signed in as the bot.
  TestClient after(cluster_.endpoint(2), Kind::abridged);
  after.open_session(temp.auth_key, temp.first_salt);
  const auto users = after.call_as<std::vector<tl::enums::User>>(
      tl::serialize(fn::users::GetUsers{.id = {types::InputUserSelf{}}}));
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].as<types::User>()->username, "pfs_bot");
}

// msg_resend_req: the server never ran the call, and the session sends it
// again under a new msg_id, which the body it carries then names.
TEST_F(Pfs, BindResentOnRequestIsBuiltForItsNewMsgId) {
  TestClient perm_client(cluster_.endpoint(2), Kind::intermediate);
  const auto perm = perm_client.handshake(cluster_.public_key());
  TestClient temp_client(cluster_.endpoint(2), Kind::padded);
  temp_client.handshake(cluster_.public_key(), 2, 3600);
  cluster_.apply_fault("resend auth.bindTempAuthKey");
  const auto id = temp_client.session().enqueue_built(binding(temp_client, perm));
  EXPECT_TRUE(bound(temp_client.wait(id)));
  EXPECT_TRUE(logged("fault: msg_resend_req for auth.bindTempAuthKey"));
  ASSERT_EQ(built_as_.size(), 2u);
  EXPECT_GT(built_as_[1], built_as_[0]);
  EXPECT_FALSE(logged("auth.bindTempAuthKey rejected"));
}

// bad_server_salt: the same, after the salt is put right.
TEST_F(Pfs, BindAfterBadServerSaltIsBuiltAgain) {
  TestClient perm_client(cluster_.endpoint(2), Kind::intermediate);
  const auto perm = perm_client.handshake(cluster_.public_key());
  TestClient temp_client(cluster_.endpoint(2), Kind::full);
  temp_client.handshake(cluster_.public_key(), 2, 3600);
  const auto salt = temp_client.session().session().salt();
  cluster_.apply_fault("bad_salt");
  const auto id = temp_client.session().enqueue_built(binding(temp_client, perm));
  EXPECT_TRUE(bound(temp_client.wait(id)));
  EXPECT_NE(temp_client.session().session().salt(), salt);
  EXPECT_EQ(built_as_.size(), 2u);
  EXPECT_EQ(temp_client.unmatched(), 0);
}

TEST_F(Pfs, BindWithAnotherMsgIdInsideIsRefused) {
  TestClient perm_client(cluster_.endpoint(2), Kind::intermediate);
  const auto perm = perm_client.handshake(cluster_.public_key());
  TestClient temp_client(cluster_.endpoint(2), Kind::intermediate);
  temp_client.handshake(cluster_.public_key(), 2, 3600);
  auto build = binding(temp_client, perm);
  const auto id = temp_client.session().enqueue_built(
      [build = std::move(build)](std::int64_t msg_id) { return build(msg_id + 4); });
  const auto error = refusal(temp_client.wait(id));
  EXPECT_EQ(error.code, 400);
  EXPECT_EQ(error.message, "ENCRYPTED_MESSAGE_INVALID");
  EXPECT_TRUE(logged("auth.bindTempAuthKey rejected"));
}

TEST_F(Pfs, APermanentKeyCannotBeBoundAsTemporary) {
  TestClient first(cluster_.endpoint(2), Kind::intermediate);
  const auto one = first.handshake(cluster_.public_key());
  TestClient second(cluster_.endpoint(2), Kind::intermediate);
  second.handshake(cluster_.public_key());
  const auto id = second.session().enqueue_built(binding(second, one));
  EXPECT_EQ(refusal(second.wait(id)).message, "ENCRYPTED_MESSAGE_INVALID");
}

}  // namespace
}  // namespace layer::fakedc::test
