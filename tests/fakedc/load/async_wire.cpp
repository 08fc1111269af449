#include "async_wire.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <system_error>

namespace layer::fakedc::load {

namespace asio = boost::asio;
namespace transport = mtproto::transport;

AsyncWire::AsyncWire(asio::any_io_executor executor, transport::Kind kind, crypto::Rng& rng)
    : socket_(std::move(executor)), frames_(kind, rng) {}

asio::awaitable<void> AsyncWire::connect(const asio::ip::tcp::endpoint& at) {
  co_await socket_.async_connect(at, asio::use_awaitable);
  socket_.set_option(asio::ip::tcp::no_delay(true));
}

asio::awaitable<void> AsyncWire::send(std::span<const std::byte> packet) {
  const tl::Bytes out = frames_.encode(packet);
  co_await asio::async_write(socket_, asio::buffer(out), asio::use_awaitable);
}

asio::awaitable<tl::Bytes> AsyncWire::receive() {
  for (;;) {
    auto received = frames_.next();
    if (!received) {
      const auto room = frames_.room();
      frames_.filled(
          co_await socket_.async_read_some(asio::buffer(room.data(), room.size()), asio::use_awaitable));
    } else if (received->transport_error != 0) {
      throw std::system_error(transport::error_from_transport_code(received->transport_error));
    } else if (!received->quick_ack) {
      co_return std::move(received->packet);
    }
  }
}

void AsyncWire::close() {
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace layer::fakedc::load
