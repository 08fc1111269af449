#include "dc.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>

#include "connection.hpp"

namespace layer::fakedc {

namespace asio = boost::asio;

Dc::Dc(std::int32_t id, Shared& shared) : id_(id), shared_(shared), acceptor_(shared.executor) {
  dispatcher_.set_fallback(&shared.dispatcher);
}

Dc::~Dc() {
  stop();
}

void Dc::listen(const asio::ip::tcp::endpoint& at) {
  acceptor_.open(at.protocol());
  acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
  acceptor_.bind(at);
  acceptor_.listen();
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), [](const std::exception_ptr&) {});
}

void Dc::stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  drop_connections();
  // Their idle timers would keep the executor's run() going.
  sessions_.clear("stopped");
}

void Dc::drop_connections() {
  for (const auto& weak : connections_) {
    if (auto connection = weak.lock()) connection->close();
  }
  connections_.clear();
}

void Dc::log(std::string_view line) const {
  shared_.log(line);
}

void Dc::push(std::int64_t account, std::span<const std::byte> updates, std::int64_t skip_session) {
  sessions_.for_each([&](Session& session) { session.push(account, updates, skip_session); });
}

asio::awaitable<void> Dc::accept_loop() {
  while (acceptor_.is_open()) {
    asio::ip::tcp::socket socket = co_await acceptor_.async_accept(asio::use_awaitable);
    std::erase_if(connections_, [](const std::weak_ptr<Connection>& c) { return c.expired(); });
    boost::system::error_code ec;
    // Without it a push written while the previous reply is still unacknowledged
    // waits for the client's delayed ACK: 40 ms a round trip on Linux.
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    const auto peer = socket.remote_endpoint(ec);
    auto connection = std::make_shared<Connection>(*this, std::move(socket), ++accepted_);
    connections_.push_back(connection);
    log("dc" + std::to_string(id_) + "#" + std::to_string(accepted_) + ": connection from " +
        peer.address().to_string() + ":" + std::to_string(peer.port()));
    connection->start();
  }
}

}  // namespace layer::fakedc
