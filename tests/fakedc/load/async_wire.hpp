// One TCP connection framed by a client transport, driven by C++20 coroutines:
// whole MTProto packets go in and come out, the framing (and obfuscation) is the
// transport's business.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <span>

#include "layer/crypto/rng.hpp"
#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::fakedc::load {

class AsyncWire {
 public:
  // rng draws the obfuscation header and padding and must outlive the wire.
  AsyncWire(boost::asio::any_io_executor executor, mtproto::transport::Kind kind, crypto::Rng& rng);

  boost::asio::awaitable<void> connect(const boost::asio::ip::tcp::endpoint& at);
  boost::asio::awaitable<void> send(std::span<const std::byte> packet);
  // The next MTProto packet; a transport error code or a closed socket throws.
  boost::asio::awaitable<tl::Bytes> receive();
  void close();

 private:
  boost::asio::ip::tcp::socket socket_;
  mtproto::transport::ClientTransport transport_;
  tl::Bytes buffer_;
  std::size_t filled_ = 0;
};

}  // namespace layer::fakedc::load
