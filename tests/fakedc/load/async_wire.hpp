// One TCP connection framed by a FrameQueue, driven by C++20 coroutines: whole
// MTProto packets go in and come out, the framing (and obfuscation) is the
// queue's business.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <span>

#include "frame_queue.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::fakedc::load {

class AsyncWire {
 public:
  // rng draws the obfuscation header and padding and must outlive the wire.
  AsyncWire(boost::asio::any_io_executor executor, mtproto::transport::Kind kind, crypto::Rng& rng);

  boost::asio::awaitable<void> connect(const boost::asio::ip::tcp::endpoint& at);
  boost::asio::awaitable<void> send(std::span<const std::byte> packet);
  // The next MTProto packet, past any quick ack; a transport error code or a
  // closed socket throws.
  boost::asio::awaitable<tl::Bytes> receive();
  void close();

 private:
  boost::asio::ip::tcp::socket socket_;
  test::FrameQueue frames_;
};

}  // namespace layer::fakedc::load
