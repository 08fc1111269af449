// Our side of bench/client/compare.sh, against a fake DC on loopback:
//
//   client_bench PORT PUBKEY_PEM BOT_TOKEN IN_FLIGHT ROUNDS IDLE_CLIENTS
//
// prints one JSON object: connect-to-first-result with a fresh key exchange and
// with a stored key, sequential and pipelined help.getNearestDc round trips per
// second, this process's CPU per pipelined call, and the resident memory each
// of IDLE_CLIENTS signed-in, connected, idle clients costs.
#include <sys/resource.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "layer/client/client.hpp"
#include "layer/client/memory_session_store.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/types/help.hpp"
#include "signal.hpp"

namespace {

namespace asio = boost::asio;
namespace fn = layer::tl::functions;
using layer::client::Client;
using layer::client::Config;
using layer::client::MemorySessionStore;
using Steady = std::chrono::steady_clock;

struct Settings {
  std::uint16_t port = 0;
  std::optional<layer::crypto::RsaPublicKey> key;
  std::string token;
  int in_flight = 1000;
  int rounds = 5;
  int idle = 1000;
};

Config config_for(const Settings& s, std::shared_ptr<layer::client::SessionStore> store) {
  Config c;
  c.api_id = 1;
  c.api_hash = "bench";
  c.store = std::move(store);
  c.dcs = {{2, "127.0.0.1", s.port}};
  c.server_keys = {*s.key};
  return c;
}

double seconds_since(Steady::time_point start) {
  return std::chrono::duration<double>(Steady::now() - start).count();
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto s = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

long rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// Starts n calls at once and waits for all of them.
asio::awaitable<void> burst(asio::io_context& io, Client& client, int n) {
  auto done = std::make_shared<layer::client::detail::Signal>(io.get_executor());
  auto left = std::make_shared<int>(n);
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(io, client.invoke(fn::help::GetNearestDc{}), [done, left](std::exception_ptr e, auto) {
      if (e) std::rethrow_exception(e);
      if (--*left == 0) done->notify();
    });
  }
  co_await done->wait();
}

asio::awaitable<void> run(asio::io_context& io, const Settings& s, std::ostream& out) {
  auto store = std::make_shared<MemorySessionStore>();
  auto start = Steady::now();
  {
    auto client = co_await Client::connect(io.get_executor(), config_for(s, store));
    co_await client.invoke(fn::help::GetNearestDc{});
    out << "\"connect_fresh_ms\":" << seconds_since(start) * 1e3;
    co_await client.bot_sign_in(s.token);
  }
  start = Steady::now();
  auto client = co_await Client::connect(io.get_executor(),
                                         config_for(s, std::make_shared<MemorySessionStore>(store->data())));
  co_await client.invoke(fn::help::GetNearestDc{});
  out << ",\"connect_stored_ms\":" << seconds_since(start) * 1e3;

  constexpr int kSequential = 2000;
  start = Steady::now();
  for (int i = 0; i < kSequential; ++i) co_await client.invoke(fn::help::GetNearestDc{});
  out << ",\"sequential_rps\":" << static_cast<long>(kSequential / seconds_since(start));

  co_await burst(io, client, s.in_flight);  // warm-up round, as the others' first
  const double cpu = cpu_seconds();
  start = Steady::now();
  for (int r = 1; r < s.rounds; ++r) co_await burst(io, client, s.in_flight);
  const double calls = static_cast<double>(s.in_flight) * (s.rounds - 1);
  out << ",\"pipelined_rps\":" << static_cast<long>(calls / seconds_since(start))
      << ",\"client_cpu_us_per_rpc\":" << (cpu_seconds() - cpu) * 1e6 / calls;

  const long before = rss_kib();
  std::vector<Client> idle;
  idle.reserve(static_cast<std::size_t>(s.idle));
  for (int i = 0; i < s.idle; ++i) {
    idle.push_back(co_await Client::connect(
        io.get_executor(), config_for(s, std::make_shared<MemorySessionStore>(store->data()))));
  }
  const long after = rss_kib();
  out << ",\"idle_clients\":" << idle.size() << ",\"idle_kib_per_client\":"
      << static_cast<double>(after - before) / static_cast<double>(std::max<std::size_t>(idle.size(), 1));
  for (auto& c : idle) c.close();
  client.close();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::cerr << "usage: client_bench PORT PUBKEY_PEM BOT_TOKEN IN_FLIGHT ROUNDS IDLE_CLIENTS\n";
    return 2;
  }
  Settings s;
  s.port = static_cast<std::uint16_t>(std::stoi(argv[1]));
  auto key = layer::crypto::RsaPublicKey::from_pem(read_file(argv[2]));
  if (!key) {
    std::cerr << "client_bench: " << argv[2] << ": " << key.error().message() << "\n";
    return 2;
  }
  s.key = std::move(*key);
  s.token = argv[3];
  s.in_flight = std::stoi(argv[4]);
  s.rounds = std::max(2, std::stoi(argv[5]));
  s.idle = std::stoi(argv[6]);
  asio::io_context io(1);
  std::ostringstream out;
  std::exception_ptr failure;
  asio::co_spawn(io, run(io, s, out), [&](std::exception_ptr e) { failure = e; });
  io.run();
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      std::cerr << "client_bench: " << e.what() << "\n";
      return 1;
    }
  }
  std::cout << "{" << out.str() << "}\n";
  return 0;
}
