// fakedc: a local Telegram for tests and offline bot development.
//
//   fakedc --host 127.0.0.1 --port BASE [--rsa-key FILE] [--state FILE] [--seed N] [--dcs 1,2,4]
//
// DC n listens on BASE + n. Prints one line per DC with its address and the
// key fingerprint, then serves until SIGINT or SIGTERM.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "layer/fakedc/cluster.hpp"

namespace {

using layer::fakedc::ClusterOptions;

constexpr std::string_view kUsage =
    "usage: fakedc [--host ADDRESS] [--port BASE] [--rsa-key FILE] [--state FILE] [--seed N] [--dcs 1,2,4]\n"
    "  DC n listens on BASE + n (default BASE 44300; 0 picks free ports).\n"
    "  --rsa-key: PEM private key (default: the committed test key).\n"
    "  --state: keep the world (accounts, keys, messages) in FILE across restarts.\n"
    "  --seed: deterministic randomness, to replay a run.\n";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::int32_t> parse_dcs(const std::string& list) {
  std::vector<std::int32_t> out;
  std::istringstream in(list);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoi(item));
  return out;
}

ClusterOptions parse(int argc, char** argv) {
  ClusterOptions options;
  options.base_port = 44300;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--host") {
      options.host = value;
    } else if (flag == "--port") {
      const int port = std::stoi(value);
      if (port < 0 || port > 65535) throw std::invalid_argument("--port must be 0..65535");
      options.base_port = static_cast<std::uint16_t>(port);
    } else if (flag == "--rsa-key") {
      options.rsa_private_key_pem = read_file(value);
    } else if (flag == "--state") {
      options.state_file = value;
    } else if (flag == "--seed") {
      options.seed = std::stoull(value);
    } else if (flag == "--dcs") {
      options.dc_ids = parse_dcs(value);
    } else {
      throw std::invalid_argument("unknown option " + flag);
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    boost::asio::io_context io;
    layer::fakedc::Cluster cluster(io.get_executor(), parse(argc, argv));
    cluster.start();
    const auto fingerprint = static_cast<std::uint64_t>(cluster.public_key().fingerprint());
    for (const std::int32_t id : cluster.dc_ids()) {
      const auto at = cluster.endpoint(id);
      std::cout << "DC " << id << " " << at.address().to_string() << ":" << at.port() << " key fingerprint 0x"
                << std::hex << fingerprint << std::dec << "\n";
    }
    std::cout << std::flush;
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) {
      cluster.stop();
      io.stop();
    });
    io.run();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "fakedc: " << e.what() << "\n" << kUsage;
    return 2;
  }
}
