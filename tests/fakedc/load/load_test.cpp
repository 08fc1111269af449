// A bounded loopback load test of the fakedc server: the fakedc executable runs
// as a child process (DC 2 on a free port) and this process opens many
// connections at once on one io_context, each running the key exchange and a
// hundred calls through a ClientSession. It checks that every call got its
// answer, prints the wall time and the server's peak RSS, and that SIGTERM
// stops the server cleanly. No timing assertions: speed is the benchmark's job.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/system_error.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "async_client.hpp"
#include "child_process.hpp"
#include "first_call.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/layer.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::fakedc::load {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
using asio::ip::tcp;
using mtproto::transport::Kind;
using Clock = std::chrono::steady_clock;

constexpr int kConnections = 200;
constexpr int kCallsPerConnection = 100;
constexpr std::int32_t kDc = 2;
constexpr std::size_t kFailuresShown = 10;
// The whole test fails rather than hangs past this; the server gets part of it
// to start.
constexpr auto kBound = std::chrono::seconds(120);
constexpr auto kStartBound = std::chrono::seconds(30);
constexpr Kind kKinds[] = {Kind::abridged,
                           Kind::intermediate,
                           Kind::padded,
                           Kind::full,
                           Kind::obfuscated_abridged,
                           Kind::obfuscated_intermediate,
                           Kind::obfuscated_padded};

struct Tally {
  int handshakes = 0;
  int answers = 0;
  int finished = 0;
  std::vector<std::string> failures;
};

// A line the server prints per DC: "DC 2 127.0.0.1:41234 key fingerprint 0x1a2b...".
struct Listing {
  std::int32_t dc_id = 0;
  tcp::endpoint at;
  std::uint64_t fingerprint = 0;
};

std::optional<Listing> parse_listing(const std::string& line) {
  std::istringstream in(line);
  std::string dc, address, key, word;
  Listing out;
  if (!(in >> dc >> out.dc_id >> address >> key >> word >> std::hex >> out.fingerprint) || dc != "DC") {
    return std::nullopt;
  }
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  out.at = {asio::ip::make_address(address.substr(0, colon)),
            static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)))};
  return out;
}

crypto::RsaPublicKey public_key() {
  std::ifstream in(std::string(LAYER_TEST_DATA_DIR) + "/fake_dc_rsa_public.pem");
  std::ostringstream pem;
  pem << in.rdbuf();
  auto key = crypto::RsaPublicKey::from_pem(pem.str());
  if (!key) throw std::system_error(key.error(), "fake_dc_rsa_public.pem");
  return std::move(*key);
}

void check_nearest(const tl::enums::NearestDc& answer) {
  const auto* nearest = answer.as<tl::types::NearestDc>();
  if (nearest == nullptr || nearest->this_dc != kDc) throw std::runtime_error("wrong nearestDc");
}

// The calls after the handshake: every tenth a ping, the others help.getNearestDc.
asio::awaitable<void> make_calls(AsyncClient& client, int index, Tally& tally) {
  const auto first = co_await client.call_raw(
      test::invoke_with_layer(tl::layer, fn::help::GetNearestDc{}, "load-test-" + std::to_string(index)));
  check_nearest(tl::deserialize<tl::enums::NearestDc>(first));
  ++tally.answers;
  for (int i = 1; i < kCallsPerConnection; ++i) {
    if (i % 10 == 0) {
      const std::int64_t ping_id = std::int64_t{index} * 1000 + i;
      const auto pong = co_await client.call(fn::Ping{.ping_id = ping_id});
      const auto* body = pong.as<tl::types::Pong>();
      if (body == nullptr || body->ping_id != ping_id) throw std::runtime_error("wrong pong");
    } else {
      check_nearest(co_await client.call(fn::help::GetNearestDc{}));
    }
    ++tally.answers;
  }
}

void record_failure(Tally& tally, int index, Kind kind, const std::string& what) {
  tally.failures.push_back("connection " + std::to_string(index) + " (" +
                           std::string(mtproto::transport::to_string(kind)) + "): " + what);
}

asio::awaitable<void> run_connection(tcp::endpoint at, const crypto::RsaPublicKey& key, int index,
                                     crypto::Rng& rng, Tally& tally) {
  const Kind kind = kKinds[static_cast<std::size_t>(index) % std::size(kKinds)];
  try {
    AsyncClient client(co_await asio::this_coro::executor, kind, rng);
    co_await client.connect(at);
    co_await client.handshake(key, kDc);
    ++tally.handshakes;
    co_await make_calls(client, index, tally);
    client.close();
    ++tally.finished;
  } catch (const boost::system::system_error& e) {
    record_failure(tally, index, kind, e.code().message());  // what() adds Asio's source location
  } catch (const std::exception& e) {
    record_failure(tally, index, kind, e.what());
  }
}

// The fakedc executable serving DC 2 on a free port, where, and the file its
// log lines (stderr) go to.
struct Server {
  std::unique_ptr<ChildProcess> process;
  Listing dc;
  std::string log;
};

Server start_server(Clock::time_point deadline) {
  const std::string log = ::testing::TempDir() + "fakedc_load_" + std::to_string(getpid()) + ".log";
  const std::vector<std::string> args{"--host", "127.0.0.1", "--port", "0", "--dcs", std::to_string(kDc)};
  Server server{
      .process = std::make_unique<ChildProcess>(LAYER_FAKEDC_BINARY, args, log), .dc = {}, .log = log};
  while (auto line = server.process->read_line(deadline)) {
    if (auto listing = parse_listing(*line); listing && listing->dc_id == kDc) {
      server.dc = *listing;
      return server;
    }
  }
  throw std::runtime_error("fakedc printed no DC " + std::to_string(kDc) + " line; its stderr is in " + log);
}

// Runs every connection on one io_context until all have ended or deadline
// passed.
Tally run_clients(const Listing& dc, const crypto::RsaPublicKey& key, Clock::time_point deadline) {
  crypto::OsRng rng;
  Tally tally;
  asio::io_context io;
  for (int i = 0; i < kConnections; ++i) {
    asio::co_spawn(io, run_connection(dc.at, key, i, rng, tally), asio::detached);
  }
  io.run_for(deadline - Clock::now());
  return tally;
}

void expect_all_answered(const Tally& tally) {
  for (std::size_t i = 0; i < tally.failures.size() && i < kFailuresShown; ++i) {
    ADD_FAILURE() << tally.failures[i];
  }
  EXPECT_EQ(tally.handshakes, kConnections);
  EXPECT_EQ(tally.answers, kConnections * kCallsPerConnection);
  EXPECT_EQ(tally.finished, kConnections) << tally.failures.size() << " connections failed";
  const auto stuck = kConnections - tally.finished - static_cast<int>(tally.failures.size());
  EXPECT_EQ(stuck, 0) << "connections still running " << kBound.count() << " s after the start";
}

void expect_clean_stop(ChildProcess& server) {
  const auto status = server.stop(SIGTERM, std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value()) << "fakedc did not exit within 10 s of SIGTERM";
  ASSERT_TRUE(WIFEXITED(*status)) << "fakedc ended by signal " << WTERMSIG(*status);
  EXPECT_EQ(WEXITSTATUS(*status), 0);
}

TEST(FakeDcLoad, ConnectionsHandshakeAndCallConcurrently) {
  const auto deadline = Clock::now() + kBound;
  const Server server = start_server(Clock::now() + kStartBound);
  const auto key = public_key();
  EXPECT_EQ(server.dc.fingerprint, static_cast<std::uint64_t>(key.fingerprint()));

  const auto started = Clock::now();
  const Tally tally = run_clients(server.dc, key, deadline);
  const std::chrono::duration<double> wall = Clock::now() - started;
  const auto peak_kib = server.process->status_kib("VmHWM");
  std::cout << kConnections << " connections x " << kCallsPerConnection << " calls to " << server.dc.at
            << ": " << wall.count() << " s wall, " << tally.answers / wall.count()
            << " calls/s, server VmHWM " << peak_kib.value_or(-1) << " kB\n";

  expect_all_answered(tally);
  EXPECT_TRUE(peak_kib.has_value()) << "no VmHWM in /proc/" << server.process->pid() << "/status";
  expect_clean_stop(*server.process);
  if (HasFailure()) {
    std::cout << "the server's log: " << server.log << "\n";
  } else {
    std::remove(server.log.c_str());
  }
}

}  // namespace
}  // namespace layer::fakedc::load
