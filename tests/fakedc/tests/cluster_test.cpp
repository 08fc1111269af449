// The fake DC end to end over loopback TCP, driven by our own client stack:
// every transport, the stock calls, custom handlers, and each rejection
// closing only the connection it happened on.
#include <gtest/gtest.h>

#include <boost/asio/write.hpp>
#include "cluster_fixture.hpp"

#include "first_call.hpp"
#include "layer/mtproto/encrypted_session.hpp"
#include "layer/mtproto/plain_session.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

tl::Bytes init_connection(tl::AnyFunction query) {
  return invoke_with_layer(tl::layer, std::move(query));
}

template <class T>
T result_of(const mtproto::Outcome& event) {
  const auto* result = std::get_if<mtproto::RpcResultEvent>(&event);
  if (result == nullptr)
    throw std::runtime_error("expected a result, got event #" + std::to_string(event.index()));
  return tl::deserialize<T>(result->body);
}

mtproto::RpcError error_of(const mtproto::Outcome& event) {
  const auto* error = std::get_if<mtproto::RpcErrorEvent>(&event);
  if (error == nullptr)
    throw std::runtime_error("expected an rpc_error, got event #" + std::to_string(event.index()));
  return error->error;
}

class EveryTransport : public ClusterTest, public ::testing::WithParamInterface<Kind> {};

TEST_P(EveryTransport, HandshakeThenConfigListsEveryDc) {
  TestClient client(cluster_.endpoint(2), GetParam());
  client.handshake(cluster_.public_key());
  const auto config = result_of<tl::enums::Config>(client.call(init_connection(fn::help::GetConfig{})));
  const auto& c = *config.as<types::Config>();
  EXPECT_EQ(c.this_dc, 2);
  ASSERT_EQ(c.dc_options.size(), 3u);
  for (const auto& option : c.dc_options) {
    const auto& o = *option.as<types::DcOption>();
    EXPECT_EQ(o.port, cluster_.endpoint(o.id).port());
  }
  const auto pong = result_of<tl::enums::Pong>(client.call(tl::serialize(fn::Ping{77})));
  EXPECT_EQ(pong.as<types::Pong>()->ping_id, 77);
}

INSTANTIATE_TEST_SUITE_P(Kinds, EveryTransport,
                         ::testing::Values(Kind::abridged, Kind::intermediate, Kind::padded, Kind::full,
                                           Kind::obfuscated_abridged, Kind::obfuscated_intermediate,
                                           Kind::obfuscated_padded));

class Handlers : public ClusterTest {
  void configure() override {
    cluster_.dispatcher(4).on<fn::help::GetNearestDc>([](const Call&, const fn::help::GetNearestDc&) {
      return types::NearestDc{"NL", 4, 2};
    });
    cluster_.dispatcher().on<fn::help::GetSupport>(
        [](const Call&, const fn::help::GetSupport&) -> types::help::Support {
          throw RpcFailure(420, "FLOOD_WAIT_7");
        });
  }
};

TEST_F(Handlers, UnservedMethodGetsInputMethodInvalid) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  client.handshake(cluster_.public_key());
  const auto error = error_of(client.call(tl::serialize(fn::help::GetAppConfig{})));
  EXPECT_EQ(error.code, 400);
  EXPECT_EQ(error.message, "INPUT_METHOD_INVALID_" + std::to_string(fn::help::GetAppConfig::ID));
}

TEST_F(Handlers, ThrownRpcFailureBecomesRpcError) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  client.handshake(cluster_.public_key());
  const auto error = error_of(client.call(init_connection(fn::help::GetSupport{})));
  EXPECT_EQ(error.code, 420);
  EXPECT_EQ(error.name, "FLOOD_WAIT");
  EXPECT_EQ(error.value, 7);
}

TEST_F(Handlers, UndecodableCallGetsInputFetchError) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  client.handshake(cluster_.public_key());
  const std::uint32_t id = fn::help::GetNearestDc::ID;
  tl::Bytes bad(reinterpret_cast<const std::byte*>(&id), reinterpret_cast<const std::byte*>(&id) + 4);
  bad.resize(8);  // trailing bytes after a call without fields
  const auto error = error_of(client.call(bad));
  EXPECT_EQ(error.code, 400);
  EXPECT_EQ(error.message, "INPUT_FETCH_ERROR");
}

TEST_F(Handlers, OneDcOverridesTheSharedHandler) {
  TestClient dc4(cluster_.endpoint(4), Kind::abridged);
  dc4.handshake(cluster_.public_key(), 4);
  EXPECT_EQ(result_of<tl::enums::NearestDc>(dc4.call(tl::serialize(fn::help::GetNearestDc{})))
                .as<types::NearestDc>()
                ->country,
            "NL");
  TestClient dc2(cluster_.endpoint(2), Kind::abridged);
  dc2.handshake(cluster_.public_key());
  EXPECT_EQ(result_of<tl::enums::NearestDc>(dc2.call(tl::serialize(fn::help::GetNearestDc{})))
                .as<types::NearestDc>()
                ->this_dc,
            2);
}

class Rejections : public ClusterTest {};

TEST_F(Rejections, BadMsgKeyClosesOnlyThatConnection) {
  TestClient victim(cluster_.endpoint(2), Kind::intermediate);
  const auto done = victim.handshake(cluster_.public_key());
  TestClient bystander(cluster_.endpoint(2), Kind::intermediate);
  bystander.handshake(cluster_.public_key());

  crypto::OsRng rng;
  mtproto::EncryptedSession session(done.auth_key, done.first_salt, 0, rng);
  tl::Bytes packet = session.pack(tl::serialize(fn::Ping{1}), std::chrono::system_clock::now());
  packet[8] ^= std::byte{1};  // first byte of msg_key
  victim.send(packet);
  EXPECT_FALSE(victim.receive().has_value());
  EXPECT_TRUE(logged("msg_key"));
  EXPECT_EQ(result_of<tl::enums::Pong>(bystander.call(tl::serialize(fn::Ping{2}))).as<types::Pong>()->ping_id,
            2);
}

TEST_F(Rejections, UnknownAuthKeyGetsMinus404) {
  TestClient client(cluster_.endpoint(2), Kind::full);
  std::array<std::byte, crypto::kAuthKeySize> bytes{};
  bytes.fill(std::byte{0x33});
  crypto::OsRng rng;
  mtproto::EncryptedSession session(crypto::AuthKey(bytes), 1, 0, rng);
  client.send(session.pack(tl::serialize(fn::Ping{1}), std::chrono::system_clock::now()));
  const auto answer = client.receive();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->transport_error, -404);
  EXPECT_FALSE(client.receive().has_value());
  EXPECT_TRUE(logged("unknown auth key"));
}

TEST_F(Rejections, HandshakeNamingAnotherDcIsRefused) {
  TestClient client(cluster_.endpoint(4), Kind::abridged);
  EXPECT_THROW(client.handshake(cluster_.public_key(), 2), std::runtime_error);
  EXPECT_TRUE(logged("key exchange"));
}

TEST_F(Rejections, UnalignedMessageLengthClosesTheConnection) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  client.handshake(cluster_.public_key());
  EXPECT_THROW(client.call(tl::Bytes(6, std::byte{1})), std::runtime_error);
  EXPECT_TRUE(logged("encrypted packet"));
}

TEST_F(Rejections, KeysBelongToTheirDc) {
  TestClient dc2(cluster_.endpoint(2), Kind::abridged);
  const auto done = dc2.handshake(cluster_.public_key());
  TestClient dc4(cluster_.endpoint(4), Kind::abridged);
  dc4.open_session(done.auth_key, done.first_salt);
  EXPECT_THROW(dc4.call(tl::serialize(fn::Ping{1})), std::runtime_error);
}

TEST_F(Rejections, WrongHandshakeNonceClosesTheConnection) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  mtproto::PlainSession plain;
  client.send(plain.pack_plain(fn::ReqPqMulti{}, std::chrono::system_clock::now()));
  ASSERT_TRUE(client.receive().has_value());
  // req_DH_params naming another nonce than req_pq_multi's.
  fn::ReqDHParams wrong{};
  wrong.nonce[0] = std::byte{1};
  client.send(plain.pack_plain(wrong, std::chrono::system_clock::now()));
  EXPECT_FALSE(client.receive().has_value());
  EXPECT_TRUE(logged("key exchange"));
}

TEST_F(Rejections, GarbageTransportClosesTheConnection) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect(cluster_.endpoint(2));
  // An intermediate marker, then a length far beyond the 4 MiB frame limit.
  const std::array<unsigned char, 8> bytes{0xee, 0xee, 0xee, 0xee, 0xff, 0xff, 0xff, 0x7f};
  boost::asio::write(socket, boost::asio::buffer(bytes));
  std::array<char, 16> sink;
  boost::system::error_code ec;
  socket.read_some(boost::asio::buffer(sink), ec);
  EXPECT_EQ(ec, boost::asio::error::eof);
  EXPECT_TRUE(logged("transport"));
}

TEST_F(Rejections, PingDelayDisconnectClosesWhenNoPingFollows) {
  TestClient client(cluster_.endpoint(2), Kind::intermediate);
  client.handshake(cluster_.public_key());
  const auto pong = client.call(tl::serialize(fn::PingDelayDisconnect{5, 1}));
  EXPECT_EQ(result_of<tl::enums::Pong>(pong).as<types::Pong>()->ping_id, 5);
  // The connection is closed about a second later; receive() blocks until then.
  EXPECT_FALSE(client.receive().has_value());
  EXPECT_TRUE(logged("no ping_delay_disconnect in time"));
}

}  // namespace
}  // namespace layer::fakedc::test
