// One TCP connection to a DC framed by a ClientTransport: whole MTProto packets
// go out and come in, framing and obfuscation are the transport's business.
// The only socket code of the client. Errors are returned, never thrown.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <system_error>

#include "layer/client/clock.hpp"
#include "layer/client/session_store.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::client::detail {

class Connection {
 public:
  // rng draws the obfuscation header and padding and must outlive the connection.
  Connection(boost::asio::any_io_executor executor, mtproto::transport::Kind kind, crypto::Rng& rng);

  boost::asio::awaitable<std::error_code> connect(const DcAddress& address, Clock& clock,
                                                  std::chrono::milliseconds timeout);
  // Frames packet onto out; several frames then go in one write.
  std::error_code frame(std::span<const std::byte> packet, tl::Bytes& out);
  boost::asio::awaitable<std::error_code> write(std::span<const std::byte> framed);
  // The next MTProto packet (quick acks are skipped); a transport error
  // (-404: the server forgot the key) is an error. The packet lies in the
  // connection's buffer, for the session to decrypt in place; it stays valid
  // until the next receive().
  boost::asio::awaitable<mtproto::Result<std::span<std::byte>>> receive();
  void close();
  bool is_open() const { return socket_.is_open(); }

 private:
  boost::asio::ip::tcp::socket socket_;
  std::optional<mtproto::transport::ClientTransport> transport_;
  std::error_code transport_error_;
  tl::Bytes buffer_;
  std::size_t begin_ = 0;  // buffer_[begin_, end_) is read and not decoded
  std::size_t end_ = 0;
  std::size_t read_size_ = 4 * 1024;  // small: an idle connection keeps its buffer
};

}  // namespace layer::client::detail
