// Perfect forward secrecy against the fake DC: a temporary key made with
// p_q_inner_data_temp_dc is bound to the permanent one by auth.bindTempAuthKey
// (its inner message encrypted the MTProto 1 way with the permanent key), and
// then speaks for the permanent key's account.
#include <gtest/gtest.h>

#include "cluster_fixture.hpp"
#include "layer/mtproto/container.hpp"
#include "layer/mtproto/encrypted_session.hpp"
#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

constexpr std::uint32_t kRpcResult = 0xf35c6d01;

class Pfs : public ClusterTest {
 protected:
  void configure() override { token_ = cluster_.world().add_bot("Pfs", "pfs_bot").bot_token; }

  // Sends auth.bindTempAuthKey over a bare EncryptedSession on the temporary
  // key (the outer msg_id must be known before the call is built) and returns
  // the body of its rpc_result.
  tl::Bytes bind(TestClient& client, const mtproto::handshake::Done& perm,
                 const mtproto::handshake::Done& temp, bool break_msg_id = false) {
    crypto::OsRng rng;
    mtproto::EncryptedSession session(temp.auth_key, temp.first_salt, 0, rng);
    const auto now = std::chrono::system_clock::now();
    const std::int64_t msg_id = session.next_msg_id(now);
    const mtproto::handshake::BindContext context{perm.auth_key, temp.auth_key, *session.session_id(),
                                                  break_msg_id ? msg_id + 4 : msg_id};
    const auto request =
        mtproto::handshake::bind_temp_auth_key(context, now + std::chrono::hours(1), rng).value();
    tl::Bytes packet;
    session.begin_packet(packet);
    packet.insert(packet.end(), request.bytes.begin(), request.bytes.end());
    session.finish_packet(packet, msg_id, session.next_seq_no(true));
    client.send(packet);
    for (;;) {
      auto answer = client.receive();
      if (!answer) throw std::runtime_error("closed");
      const auto message = session.unpack(answer->packet, now).value();
      const auto items = mtproto::flatten_message({message.msg_id, message.seq_no, message.body}).value();
      for (const auto& m : items) {
        tl::Reader r(m.body);
        if (r.read_u32() == kRpcResult && r.read_i64() == msg_id) {
          return tl::Bytes(m.body.begin() + 12, m.body.end());
        }
      }
    }
  }

  std::string token_;
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
  EXPECT_EQ(tl::deserialize<bool>(bind(temp_client, perm, temp)), true);
  EXPECT_TRUE(logged("bound to"));

  // A fresh connection on the temporary key is signed in as the bot.
  TestClient after(cluster_.endpoint(2), Kind::abridged);
  after.open_session(temp.auth_key, temp.first_salt);
  const auto users = after.call_as<std::vector<tl::enums::User>>(
      tl::serialize(fn::users::GetUsers{.id = {types::InputUserSelf{}}}));
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].as<types::User>()->username, "pfs_bot");
}

TEST_F(Pfs, BindWithAnotherMsgIdInsideIsRefused) {
  TestClient perm_client(cluster_.endpoint(2), Kind::intermediate);
  const auto perm = perm_client.handshake(cluster_.public_key());
  TestClient temp_client(cluster_.endpoint(2), Kind::intermediate);
  const auto temp = temp_client.handshake(cluster_.public_key(), 2, 3600);
  const auto answer = bind(temp_client, perm, temp, true);
  const auto error = mtproto::read_rpc_error(answer).value();
  EXPECT_EQ(error.code, 400);
  EXPECT_EQ(error.message, "ENCRYPTED_MESSAGE_INVALID");
  EXPECT_TRUE(logged("auth.bindTempAuthKey rejected"));
}

TEST_F(Pfs, APermanentKeyCannotBeBoundAsTemporary) {
  TestClient first(cluster_.endpoint(2), Kind::intermediate);
  const auto one = first.handshake(cluster_.public_key());
  TestClient second(cluster_.endpoint(2), Kind::intermediate);
  const auto two = second.handshake(cluster_.public_key());
  const auto error = mtproto::read_rpc_error(bind(second, one, two)).value();
  EXPECT_EQ(error.message, "ENCRYPTED_MESSAGE_INVALID");
}

}  // namespace
}  // namespace layer::fakedc::test
