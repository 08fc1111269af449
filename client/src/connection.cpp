#include "connection.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstring>
#include <variant>

#include "layer/client/errors.hpp"
#include "signal.hpp"

namespace layer::client::detail {
namespace {

namespace asio = boost::asio;
using asio::experimental::awaitable_operators::operator||;
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
// Reads grow from Connection::read_size_ while they come back full.
constexpr std::size_t kLargestRead = 1024 * 1024;

}  // namespace

Connection::Connection(asio::any_io_executor executor, mtproto::transport::Kind kind, crypto::Rng& rng)
    : socket_(std::move(executor)) {
  auto transport = mtproto::transport::ClientTransport::create({.kind = kind}, rng);
  if (transport) {
    transport_.emplace(std::move(*transport));
  } else {
    transport_error_ = transport.error();
  }
}

asio::awaitable<std::error_code> Connection::connect(const DcAddress& address, Clock& clock,
                                                     std::chrono::milliseconds timeout) {
  if (transport_error_) co_return transport_error_;
  const auto deadline = clock.now().mono + timeout;
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(address.host, ec);
  asio::ip::tcp::endpoint endpoint;
  if (!ec) {
    endpoint = {ip, address.port};
  } else {
    asio::ip::tcp::resolver resolver(socket_.get_executor());
    auto resolved = co_await (resolver.async_resolve(address.host, std::to_string(address.port), kAsTuple) ||
                              sleep_until(clock, deadline));
    if (resolved.index() == 1) co_return make_error_code(std::errc::timed_out);
    auto [resolve_error, results] = std::get<0>(std::move(resolved));
    if (resolve_error) co_return resolve_error;
    if (results.empty()) co_return make_error_code(std::errc::host_unreachable);
    endpoint = *results.begin();
  }
  auto connected = co_await (socket_.async_connect(endpoint, kAsTuple) || sleep_until(clock, deadline));
  if (connected.index() == 1) {
    close();
    co_return make_error_code(std::errc::timed_out);
  }
  if (auto [connect_error] = std::get<0>(connected); connect_error) co_return connect_error;
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  co_return std::error_code{};
}

std::error_code Connection::frame(std::span<const std::byte> packet, tl::Bytes& out) {
  return transport_->encode(packet, out);
}

asio::awaitable<std::error_code> Connection::write(std::span<const std::byte> framed) {
  auto [ec, written] =
      co_await asio::async_write(socket_, asio::buffer(framed.data(), framed.size()), kAsTuple);
  co_return ec;
}

asio::awaitable<mtproto::Result<std::span<std::byte>>> Connection::receive() {
  for (;;) {
    auto decoded = transport_->decode(std::span(buffer_).subspan(begin_, end_ - begin_));
    if (!decoded) co_return decoded.error();
    begin_ += decoded->consumed;
    if (decoded->frame) {
      const auto& frame = *decoded->frame;
      if (frame.kind == mtproto::transport::FrameKind::transport_error) co_return frame.error();
      if (frame.kind != mtproto::transport::FrameKind::message) continue;
      co_return frame.payload;
    }
    if (begin_ == end_) begin_ = end_ = 0;
    if (buffer_.size() - end_ < read_size_) {
      if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
      }
      buffer_.resize(end_ + read_size_);
    }
    auto [ec, n] = co_await socket_.async_read_some(
        asio::buffer(buffer_.data() + end_, buffer_.size() - end_), kAsTuple);
    if (ec) co_return std::error_code(ec);
    if (n == buffer_.size() - end_) read_size_ = std::min(read_size_ * 2, kLargestRead);
    end_ += n;
  }
}

void Connection::close() {
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace layer::client::detail
