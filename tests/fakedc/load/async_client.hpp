// A coroutine MTProto client for load tests and benchmarks: one connection, the
// key exchange (a KeyExchange), then calls through a ClientSession, one at a
// time.
//
//   AsyncClient client(executor, Kind::intermediate, rng);
//   co_await client.connect(endpoint);
//   co_await client.handshake(public_key, 2);
//   auto nearest = co_await client.call(tl::functions::help::GetNearestDc{});
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>

#include "async_wire.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/mtproto/client_session.hpp"
#include "layer/tl/codec.hpp"

namespace layer::fakedc::load {

class AsyncClient {
 public:
  // rng must outlive the client; it is not thread-safe, so share it only
  // between clients on one thread.
  AsyncClient(boost::asio::any_io_executor executor, mtproto::transport::Kind kind, crypto::Rng& rng);

  boost::asio::awaitable<void> connect(const boost::asio::ip::tcp::endpoint& at) { return wire_.connect(at); }

  // Runs the key exchange (naming dc_id in p_q_inner_data_dc) and opens an
  // encrypted session on the new key. Throws on any failure.
  boost::asio::awaitable<void> handshake(const crypto::RsaPublicKey& key, std::int32_t dc_id);

  // Sends one serialized call and returns the body of its rpc_result; an
  // rpc_error, a failed request or a broken connection throws.
  boost::asio::awaitable<tl::Bytes> call_raw(tl::Bytes request);

  template <class Fn>
  boost::asio::awaitable<typename Fn::Return> call(const Fn& function) {
    co_return tl::deserialize<typename Fn::Return>(co_await call_raw(tl::serialize(function)));
  }

  void close() { wire_.close(); }

 private:
  boost::asio::awaitable<void> flush();

  crypto::Rng& rng_;
  AsyncWire wire_;
  std::optional<mtproto::ClientSession> session_;
};

}  // namespace layer::fakedc::load
