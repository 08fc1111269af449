// The fakedc command's side port: one fault script line per text line, applied
// while the cluster serves, so scripts outside the process can inject faults.
// Answers "ok" or "error: <why>" per line. Listen on loopback only.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <string>

#include "layer/fakedc/cluster.hpp"

namespace layer::fakedc::tool {

class ControlPort {
 public:
  ControlPort(boost::asio::any_io_executor executor, const std::string& host, std::uint16_t port,
              Cluster& cluster);
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  void stop();

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);

  boost::asio::ip::tcp::acceptor acceptor_;
  Cluster& cluster_;
};

}  // namespace layer::fakedc::tool
