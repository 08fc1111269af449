#include "async_wire.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <optional>
#include <system_error>

namespace layer::fakedc::load {
namespace {

namespace asio = boost::asio;
namespace transport = mtproto::transport;

constexpr std::size_t kReadChunk = 16384;

transport::ClientTransport make_transport(transport::Kind kind, crypto::Rng& rng) {
  auto made = transport::ClientTransport::create({.kind = kind}, rng);
  if (!made) throw std::system_error(made.error());
  return std::move(*made);
}

// The packet a decoded frame carries, copied out (the frame views the buffer);
// nothing for a quick ack, an exception for a transport error.
std::optional<tl::Bytes> packet_of(const transport::Frame& frame) {
  if (frame.kind == transport::FrameKind::transport_error) throw std::system_error(frame.error());
  if (frame.kind != transport::FrameKind::message) return std::nullopt;
  return tl::Bytes(frame.payload.begin(), frame.payload.end());
}

}  // namespace

AsyncWire::AsyncWire(asio::any_io_executor executor, transport::Kind kind, crypto::Rng& rng)
    : socket_(std::move(executor)), transport_(make_transport(kind, rng)) {}

asio::awaitable<void> AsyncWire::connect(const asio::ip::tcp::endpoint& at) {
  co_await socket_.async_connect(at, asio::use_awaitable);
  socket_.set_option(asio::ip::tcp::no_delay(true));
}

asio::awaitable<void> AsyncWire::send(std::span<const std::byte> packet) {
  tl::Bytes out;
  if (const auto ec = transport_.encode(packet, out)) throw std::system_error(ec);
  co_await asio::async_write(socket_, asio::buffer(out), asio::use_awaitable);
}

asio::awaitable<tl::Bytes> AsyncWire::receive() {
  for (;;) {
    auto decoded = transport_.decode(std::span(buffer_).first(filled_));
    if (!decoded) throw std::system_error(decoded.error());
    std::optional<tl::Bytes> packet;
    if (decoded->frame) packet = packet_of(*decoded->frame);
    const auto consumed = static_cast<std::ptrdiff_t>(decoded->consumed);
    buffer_.erase(buffer_.begin(), buffer_.begin() + consumed);
    filled_ -= decoded->consumed;
    if (packet) co_return std::move(*packet);
    if (decoded->frame) continue;
    buffer_.resize(filled_ + kReadChunk);
    filled_ += co_await socket_.async_read_some(asio::buffer(buffer_.data() + filled_, kReadChunk),
                                                asio::use_awaitable);
  }
}

void AsyncWire::close() {
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace layer::fakedc::load
