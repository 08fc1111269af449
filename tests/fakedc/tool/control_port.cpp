#include "control_port.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <istream>

namespace layer::fakedc::tool {

namespace asio = boost::asio;

ControlPort::ControlPort(asio::any_io_executor executor, const std::string& host, std::uint16_t port,
                         Cluster& cluster)
    : acceptor_(executor, {asio::ip::make_address(host), port}), cluster_(cluster) {
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), [](const std::exception_ptr&) {});
}

void ControlPort::stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

asio::awaitable<void> ControlPort::accept_loop() {
  while (acceptor_.is_open()) {
    auto socket = co_await acceptor_.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)), [](const std::exception_ptr&) {});
  }
}

asio::awaitable<void> ControlPort::serve(asio::ip::tcp::socket socket) {
  asio::streambuf input(64 * 1024);  // a line longer than this closes the connection
  for (;;) {
    co_await asio::async_read_until(socket, input, '\n', asio::use_awaitable);
    std::istream in(&input);
    std::string line;
    std::getline(in, line);
    std::string answer = "ok\n";
    try {
      cluster_.apply_fault(line);
    } catch (const std::exception& e) {
      answer = std::string("error: ") + e.what() + "\n";
    }
    co_await asio::async_write(socket, asio::buffer(answer), asio::use_awaitable);
  }
}

}  // namespace layer::fakedc::tool
