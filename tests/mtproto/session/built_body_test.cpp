// Requests whose body names their own msg_id (ClientSession::enqueue_built, for
// auth.bindTempAuthKey): each send builds the body for the msg_id it goes out
// as, alone or in a container; every resend the server asks for builds it again
// for the new msg_id; and the request still has exactly one outcome.
#include <gtest/gtest.h>

#include "layer/mtproto/errors.hpp"
#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"
#include "layer/tl/functions/auth.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "scripted_server.hpp"
#include "wired.hpp"

namespace layer::mtproto::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

class BuiltBodies : public ClientScript {
 protected:
  explicit BuiltBodies(ClientSessionOptions options = {}) : ClientScript(options) {}

  // A ping whose ping_id is its own msg_id: a body that names it, as
  // auth.bindTempAuthKey's does. Each msg_id it is built for is recorded.
  BodyBuilder naming_its_msg_id() {
    return [this](std::int64_t msg_id) -> Result<Bytes> {
      built_as_.push_back(msg_id);
      return tl::serialize(fn::Ping{msg_id});
    };
  }
  static std::int64_t named_in(const SentMessage& m) { return tl::deserialize<fn::Ping>(m.body).ping_id; }
  void answer(std::int64_t msg_id) { deliver(tl::serialize(types::Pong{msg_id, msg_id})); }

  std::vector<std::int64_t> built_as_;
};

TEST_F(BuiltBodies, BodyNamesTheMsgIdItGoesOutAs) {
  const RequestId id = client_.enqueue_built(naming_its_msg_id());
  const auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(named_in(out[0]), out[0].msg_id);
  EXPECT_EQ(built_as_, std::vector<std::int64_t>{out[0].msg_id});
  answer(out[0].msg_id);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).request, id);
  EXPECT_FALSE(client_.is_pending(id));
}

// The old msg_id's answer, should the server send one after all, finds nothing
// pending: one outcome.
TEST_F(BuiltBodies, ResendAfterBadServerSaltIsBuiltForTheNewMsgId) {
  const RequestId id = client_.enqueue_built(naming_its_msg_id());
  const auto first = sent();
  ASSERT_EQ(first.size(), 1u);
  deliver(tl::serialize(types::BadServerSalt{first[0].msg_id, first[0].seq_no, 48, kSalt + 1}), false);
  const auto again = sent();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_NE(again[0].msg_id, first[0].msg_id);
  EXPECT_EQ(again[0].salt, kSalt + 1);
  EXPECT_EQ(named_in(again[0]), again[0].msg_id);
  EXPECT_EQ(built_as_, (std::vector<std::int64_t>{first[0].msg_id, again[0].msg_id}));
  answer(again[0].msg_id);
  answer(first[0].msg_id);
  const auto ev = events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).request, id);
  EXPECT_EQ(std::get<UnmatchedMessageEvent>(ev[1]).refers_to, first[0].msg_id);
}

TEST_F(BuiltBodies, ResendAfterBadMsgNotificationIsBuiltForTheNewMsgId) {
  for (const std::int32_t code : {16, 17, 32, 33}) {
    SCOPED_TRACE(code);
    built_as_.clear();
    const RequestId id = client_.enqueue_built(naming_its_msg_id());
    const auto first = with(sent(), fn::Ping::ID);  // after the first round, with an ack
    ASSERT_EQ(first.size(), 1u);
    deliver(tl::serialize(types::BadMsgNotification{first[0].msg_id, first[0].seq_no, code}), false);
    const auto again = with(sent(), fn::Ping::ID);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_NE(again[0].msg_id, first[0].msg_id);
    EXPECT_EQ(named_in(again[0]), again[0].msg_id);
    EXPECT_EQ(built_as_.size(), 2u);
    answer(again[0].msg_id);
    const auto ev = events();
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(std::get<RpcResultEvent>(ev[0]).request, id);
  }
}

TEST_F(BuiltBodies, ResendOnMsgResendReqIsBuiltForTheNewMsgId) {
  client_.enqueue_built(naming_its_msg_id());
  const auto first = sent();
  ASSERT_EQ(first.size(), 1u);
  deliver(tl::serialize(types::MsgResendReq{{first[0].msg_id}}), false);
  const auto again = with(sent(), fn::Ping::ID);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_NE(again[0].msg_id, first[0].msg_id);
  EXPECT_EQ(named_in(again[0]), again[0].msg_id);
}

// Inside a container the call's msg_id is its own message's, not the container's.
TEST_F(BuiltBodies, SharesAContainerUnderItsOwnMsgId) {
  client_.enqueue(tl::serialize(fn::Ping{1}));
  client_.enqueue_built(naming_its_msg_id());
  const auto packet = client_.take_output(now_);
  ASSERT_TRUE(packet);
  EXPECT_FALSE(client_.take_output(now_));
  const auto out = server_.open(*packet, now_);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(named_in(out[1]), out[1].msg_id);
  EXPECT_EQ(built_as_, std::vector<std::int64_t>{out[1].msg_id});
}

TEST_F(BuiltBodies, BuilderErrorFailsTheRequestOnce) {
  const RequestId id = client_.enqueue_built([](std::int64_t) -> Result<Bytes> {
    return make_error_code(handshake::handshake_errc::crypto_failure);
  });
  EXPECT_FALSE(client_.take_output(now_));
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  const auto& failed = std::get<RequestFailedEvent>(ev[0]);
  EXPECT_EQ(failed.request, id);
  EXPECT_EQ(failed.error, handshake::handshake_errc::crypto_failure);
  EXPECT_FALSE(client_.is_pending(id));
  EXPECT_FALSE(client_.take_output(now_));
  EXPECT_TRUE(events().empty());
}

// Room for one 12-byte ping in a container (8 + 16 + 12 = 36 bytes), not two.
ClientSessionOptions one_ping_per_container() {
  ClientSessionOptions o;
  o.max_container_bytes = 50;
  return o;
}

class TightBuiltBodies : public BuiltBodies {
 protected:
  TightBuiltBodies() : BuiltBodies(one_ping_per_container()) {}
};

// Built before it is known to fit, it waits for the next packet, and is built
// again there for the msg_id it then goes out as.
TEST_F(TightBuiltBodies, BuiltAgainWhenItDidNotFitThePacket) {
  client_.enqueue(tl::serialize(fn::Ping{1}));
  client_.enqueue_built(naming_its_msg_id());
  const auto first = client_.take_output(now_);
  ASSERT_TRUE(first);
  const auto one = server_.open(*first, now_);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(tl::deserialize<fn::Ping>(one[0].body).ping_id, 1);
  const auto second = client_.take_output(now_);
  ASSERT_TRUE(second);
  const auto two = server_.open(*second, now_);
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(named_in(two[0]), two[0].msg_id);
  ASSERT_EQ(built_as_.size(), 2u);
  EXPECT_NE(built_as_[0], built_as_[1]);
  EXPECT_EQ(built_as_[1], two[0].msg_id);
}

// The real call against the real check, through a ServerSession that first
// refuses the packet's salt: the resent call still verifies.
class BuiltBind : public Wired {
 protected:
  BuiltBind() {
    handler_ = [this](const IncomingRequest& r) {
      const auto call = tl::deserialize<fn::auth::BindTempAuthKey>(r.body);
      const handshake::BindContext context{perm_, fixed_key(), *client_.session().session_id(), r.msg_id};
      const auto bound = handshake::verify_bind_temp_auth_key(call, context);
      verified_.push_back(static_cast<bool>(bound));
      if (bound) {
        server_.reply(r.msg_id, tl::serialize(true));
      } else {
        server_.reply_error(r.msg_id, 400, "ENCRYPTED_MESSAGE_INVALID");
      }
    };
  }

  crypto::AuthKey perm_ = fixed_key(9);
  std::vector<bool> verified_;
};

TEST_F(BuiltBind, VerifiesOnTheServerAfterASaltResend) {
  server_.set_salt(kSalt + 1);
  const RequestId id = client_.enqueue_built(
      handshake::bind_temp_auth_key_body(perm_, client_.session(), now_ + std::chrono::hours(1), rng_c_));
  pump();
  EXPECT_EQ(verified_, std::vector<bool>{true});
  const auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  const auto& result = std::get<RpcResultEvent>(ev[0]);
  EXPECT_EQ(result.request, id);
  EXPECT_TRUE(tl::deserialize<bool>(result.body));
}

}  // namespace
}  // namespace layer::mtproto::test
