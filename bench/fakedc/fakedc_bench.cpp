// Handshakes/s and RPCs/s against an in-process fake DC over loopback TCP.
//
// Threads: the layer::fakedc::Cluster serves on its own thread (one io_context,
// so the whole server uses at most one core); the client runs on the benchmark's
// thread with its own io_context (the other core). Each figure is therefore
// bounded by the busier of the two single-threaded sides, and the server_cpu
// counter says how much of its core the server used. Times and rates are wall
// time; the CPU column is the client thread's.
//
//   handshake/connections:N  N connections at a time, each connect + key exchange
//   rpc/connections:N        N open sessions, each one help.getNearestDc per iteration
#include <pthread.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <ctime>
#include <exception>
#include <functional>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include "async_client.hpp"
#include "layer/fakedc/cluster.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/types/root.hpp"

namespace {

namespace asio = boost::asio;
using layer::fakedc::load::AsyncClient;
using layer::mtproto::transport::Kind;

constexpr std::int32_t kDc = 2;
constexpr Kind kKind = Kind::intermediate;

// A cluster serving DC 2 on its own thread until destroyed.
class ServerThread {
 public:
  ServerThread()
      : work_(io_.get_executor()),
        cluster_(io_.get_executor(), {.dc_ids = {kDc}, .log = [](std::string_view) {}}) {
    cluster_.start();
    endpoint_ = cluster_.endpoint(kDc);  // read before the server thread runs
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ServerThread() {
    asio::post(io_, [this] {
      cluster_.stop();
      work_.reset();
    });
    thread_.join();
  }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

  const asio::ip::tcp::endpoint& endpoint() const { return endpoint_; }
  const layer::crypto::RsaPublicKey& key() const { return cluster_.public_key(); }

  // CPU seconds the server thread has used so far.
  double cpu_seconds() {
    clockid_t clock{};
    timespec used{};
    if (pthread_getcpuclockid(thread_.native_handle(), &clock) != 0 || clock_gettime(clock, &used) != 0)
      return 0;
    return static_cast<double>(used.tv_sec) + static_cast<double>(used.tv_nsec) * 1e-9;
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  layer::fakedc::Cluster cluster_;
  asio::ip::tcp::endpoint endpoint_;
  std::thread thread_;
};

// Runs one coroutine per index to completion on io; false (and the benchmark
// skipped with the error) when one of them threw.
bool run_each(benchmark::State& state, asio::io_context& io, std::size_t count,
              const std::function<asio::awaitable<void>(std::size_t)>& body) {
  std::exception_ptr failure;
  for (std::size_t i = 0; i < count; ++i) {
    asio::co_spawn(io, body(i), [&failure](const std::exception_ptr& e) {
      if (e && !failure) failure = e;
    });
  }
  io.restart();
  io.run();
  if (!failure) return true;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  return false;
}

// Adds the rate counter name (per second of wall time) and server_cpu.
void report(benchmark::State& state, const char* name, std::size_t per_iteration, ServerThread& server,
            double server_cpu_before, std::chrono::steady_clock::time_point started) {
  const double ops = static_cast<double>(state.iterations()) * static_cast<double>(per_iteration);
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
  state.counters[name] = benchmark::Counter(ops, benchmark::Counter::kIsRate);
  state.counters["server_cpu"] = (server.cpu_seconds() - server_cpu_before) / wall.count();
}

asio::awaitable<void> connect_and_handshake(AsyncClient& client, const ServerThread& server) {
  co_await client.connect(server.endpoint());
  co_await client.handshake(server.key(), kDc);
}

asio::awaitable<void> one_handshake(const ServerThread& server, layer::crypto::Rng& rng) {
  AsyncClient client(co_await asio::this_coro::executor, kKind, rng);
  co_await connect_and_handshake(client, server);
  client.close();
}

asio::awaitable<void> one_call(AsyncClient& client) {
  const auto nearest = co_await client.call(layer::tl::functions::help::GetNearestDc{});
  benchmark::DoNotOptimize(nearest);
}

void BM_Handshake(benchmark::State& state) {
  const auto connections = static_cast<std::size_t>(state.range(0));
  ServerThread server;
  asio::io_context io;
  layer::crypto::OsRng rng;
  const auto handshake = [&](std::size_t) { return one_handshake(server, rng); };
  const double cpu_before = server.cpu_seconds();
  const auto started = std::chrono::steady_clock::now();
  for (auto _ : state) {
    if (!run_each(state, io, connections, handshake)) break;
  }
  report(state, "handshakes_per_s", connections, server, cpu_before, started);
}
BENCHMARK(BM_Handshake)
    ->Name("handshake")
    ->ArgName("connections")
    ->Arg(1)
    ->Arg(8)
    ->UseRealTime()
    ->MinTime(3.0);

void BM_Rpc(benchmark::State& state) {
  const auto connections = static_cast<std::size_t>(state.range(0));
  ServerThread server;
  asio::io_context io;
  layer::crypto::OsRng rng;
  std::vector<std::unique_ptr<AsyncClient>> clients;
  for (std::size_t i = 0; i < connections; ++i) {
    clients.push_back(std::make_unique<AsyncClient>(io.get_executor(), kKind, rng));
  }
  if (!run_each(state, io, connections,
                [&](std::size_t i) { return connect_and_handshake(*clients[i], server); })) {
    return;  // skipped with the error: the loop below does not run
  }
  const auto call = [&](std::size_t i) { return one_call(*clients[i]); };
  const double cpu_before = server.cpu_seconds();
  const auto started = std::chrono::steady_clock::now();
  for (auto _ : state) {
    if (!run_each(state, io, connections, call)) break;
  }
  report(state, "rpcs_per_s", connections, server, cpu_before, started);
  for (auto& client : clients) client->close();
}
BENCHMARK(BM_Rpc)->Name("rpc")->ArgName("connections")->Arg(1)->Arg(16)->Arg(64)->UseRealTime()->MinTime(2.0);

}  // namespace
