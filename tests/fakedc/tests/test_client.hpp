// A blocking MTProto client for the fake DC's tests: one TCP connection, our own
// transport codecs, the client handshake steps and a ClientSession, with hooks
// to send hand-made (bad) packets.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <optional>

#include "layer/crypto/rsa.hpp"
#include "layer/mtproto/auth/client.hpp"
#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/transport/client_transport.hpp"

namespace layer::fakedc::test {

// What the server sent: an MTProto packet, or a transport error code.
struct Received {
  tl::Bytes packet;
  std::int32_t transport_error = 0;
};

class TestClient {
 public:
  TestClient(const boost::asio::ip::tcp::endpoint& at, mtproto::transport::Kind kind);

  void send(std::span<const std::byte> packet);
  // Blocks for the next frame; nullopt once the server closed the connection.
  std::optional<Received> receive();

  // Runs the key exchange with the given public key, naming dc_id in
  // p_q_inner_data_dc, and opens a session on the result.
  mtproto::auth::Done handshake(const crypto::RsaPublicKey& key, std::int32_t dc_id = 2,
                                std::optional<std::int32_t> expires_in = {});
  void open_session(const crypto::AuthKey& key, std::int64_t salt);
  mtproto::ClientSession& session() { return *session_; }

  // Sends one call through the session and returns its outcome event.
  mtproto::Event call(tl::Bytes request);

  crypto::Rng& rng() { return rng_; }

 private:
  tl::Bytes exchange_plain(std::span<const std::byte> body);

  crypto::OsRng rng_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  mtproto::transport::ClientTransport transport_;
  tl::Bytes buffer_;
  std::optional<mtproto::ClientSession> session_;
};

}  // namespace layer::fakedc::test
