// fakedc: a local Telegram for tests and offline bot development.
//
//   fakedc --host 127.0.0.1 --port BASE [--rsa-key FILE] [--state FILE] [--seed N] [--dcs 1,2,4]
//          [--faults FILE] [--control PORT] [--user PHONE:NAME[:USERNAME]] [--bot NAME:USERNAME]
//          [--layer N=FILE]
//
// DC n listens on BASE + n. Prints one line per DC with its address and the
// key fingerprint, one per seeded bot with its token, then serves until
// SIGINT or SIGTERM (saving --state).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "control_port.hpp"
#include "layer/fakedc/cluster.hpp"

namespace {

using layer::fakedc::ClusterOptions;

constexpr std::string_view kUsage =
    "usage: fakedc [--host ADDRESS] [--port BASE] [--rsa-key FILE] [--state FILE] [--seed N] [--dcs 1,2,4]\n"
    "              [--faults FILE] [--control PORT] [--user PHONE:NAME[:USERNAME]] [--bot NAME:USERNAME]\n"
    "              [--layer N=FILE]\n"
    "  DC n listens on BASE + n (default BASE 44300; 0 picks free ports).\n"
    "  --rsa-key: PEM private key (default: the committed test key).\n"
    "  --state: keep the world (accounts, keys, messages) in FILE across restarts.\n"
    "  --seed: deterministic randomness, to replay a run.\n"
    "  --faults: a fault script (see tests/fakedc/include/layer/fakedc/faults.hpp).\n"
    "  --control: a loopback port taking fault script lines while serving (answers ok / error: ...).\n"
    "  --user, --bot: accounts to create at start (repeatable); login codes are the DC id five times.\n"
    "  --layer: serve clients of layer N in their own, FILE holding that layer's definitions that differ\n"
    "           from ours (repeatable; layers 144 and 198 are built in, see tests/data/layers).\n";

struct Settings {
  ClusterOptions cluster;
  std::optional<std::uint16_t> control_port;
  std::vector<std::vector<std::string>> users;
  std::vector<std::vector<std::string>> bots;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> split(const std::string& text, char by) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, by);) out.push_back(item);
  return out;
}

std::uint16_t port_of(const std::string& value, std::string_view flag) {
  const int port = std::stoi(value);
  if (port < 0 || port > 65535) throw std::invalid_argument(std::string(flag) + " must be 0..65535");
  return static_cast<std::uint16_t>(port);
}

void parse_flag(Settings& s, const std::string& flag, const std::string& value) {
  if (flag == "--host") {
    s.cluster.host = value;
  } else if (flag == "--port") {
    s.cluster.base_port = port_of(value, flag);
  } else if (flag == "--rsa-key") {
    s.cluster.rsa_private_key_pem = read_file(value);
  } else if (flag == "--state") {
    s.cluster.state_file = value;
  } else if (flag == "--seed") {
    s.cluster.seed = std::stoull(value);
  } else if (flag == "--dcs") {
    s.cluster.dc_ids.clear();
    for (const auto& id : split(value, ',')) s.cluster.dc_ids.push_back(std::stoi(id));
  } else if (flag == "--faults") {
    s.cluster.fault_script = read_file(value);
  } else if (flag == "--control") {
    s.control_port = port_of(value, flag);
  } else if (flag == "--layer") {
    const auto eq = value.find('=');
    if (eq == std::string::npos) throw std::invalid_argument("--layer needs N=FILE");
    s.cluster.layer_overlays[std::stoi(value.substr(0, eq))] = read_file(value.substr(eq + 1));
  } else if (flag == "--user" || flag == "--bot") {
    auto fields = split(value, ':');
    if (fields.size() < 2) throw std::invalid_argument(flag + " needs at least two ':'-separated fields");
    (flag == "--user" ? s.users : s.bots).push_back(std::move(fields));
  } else {
    throw std::invalid_argument("unknown option " + flag);
  }
}

Settings parse(int argc, char** argv) {
  Settings s;
  s.cluster.base_port = 44300;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
    parse_flag(s, flag, argv[++i]);
  }
  return s;
}

void seed_accounts(layer::fakedc::World& world, const Settings& s) {
  for (const auto& u : s.users) {
    if (world.account_by_phone(u[0]) == nullptr) world.add_user(u[0], u[1], {}, u.size() > 2 ? u[2] : "");
  }
  for (const auto& b : s.bots) {
    const auto* bot = world.account_by_username(b[1]);
    if (bot == nullptr) bot = &world.add_bot(b[0], b[1]);
    std::cout << "bot @" << bot->username << " token " << bot->bot_token << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Settings settings = parse(argc, argv);
    boost::asio::io_context io;
    layer::fakedc::Cluster cluster(io.get_executor(), settings.cluster);
    std::optional<layer::fakedc::tool::ControlPort> control;
    // Installed before anything is printed: a script may signal as soon as it reads the first line.
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) {
      if (control) control->stop();
      cluster.stop();
      io.stop();
    });
    seed_accounts(cluster.world(), settings);
    cluster.start();
    const auto fingerprint = static_cast<std::uint64_t>(cluster.public_key().fingerprint());
    for (const std::int32_t id : cluster.dc_ids()) {
      const auto at = cluster.endpoint(id);
      std::cout << "DC " << id << " " << at.address().to_string() << ":" << at.port() << " key fingerprint 0x"
                << std::hex << fingerprint << std::dec << "\n";
    }
    if (settings.cluster.seed) std::cout << "seed " << *settings.cluster.seed << " (replay with --seed)\n";
    if (settings.control_port) {
      control.emplace(io.get_executor(), settings.cluster.host, *settings.control_port, cluster);
      std::cout << "control " << settings.cluster.host << ":" << control->port() << "\n";
    }
    std::cout << std::flush;
    io.run();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "fakedc: " << e.what() << "\n" << kUsage;
    return 2;
  }
}
