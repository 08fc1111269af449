// Whole auth key exchanges per second, client and server state machines in one
// thread: RSA_PAD and the RSA decryption, pq factorization, the four 2048-bit
// modular exponentiations and the AES-IGE wrapping. Plus each side's share.
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>

#include "layer/mtproto/handshake/client.hpp"
#include "layer/mtproto/handshake/server.hpp"

namespace {

using namespace layer::mtproto;
using namespace layer::mtproto::handshake;
using layer::crypto::DeterministicRng;

const Time kNow = Time(std::chrono::seconds(1700000000));

layer::crypto::RsaPrivateKey fake_dc_key() {
  std::ifstream in(std::string(LAYER_HANDSHAKE_DATA_DIR) + "/fake_dc_rsa_private.pem");
  std::ostringstream pem;
  pem << in.rdbuf();
  return layer::crypto::RsaPrivateKey::from_pem(pem.str()).value();
}

struct Timing {
  double client = 0;
  double server = 0;
};

// One exchange with fresh randomness; adds each side's time to timing.
void exchange(const layer::crypto::RsaPrivateKey& key, const ClientOptions& options, std::uint64_t seed,
              Timing& timing) {
  DeterministicRng c(seed);
  DeterministicRng s(~seed);
  HandshakeServer server(key);
  auto timed = [](double& total, auto&& f) {
    const auto start = std::chrono::steady_clock::now();
    auto out = f();
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
  };
  auto s1 = timed(timing.client, [&] { return step1(options, c).value(); });
  auto a1 = timed(timing.server, [&] { return server.on_message(s1.request.bytes, s, kNow).value(); });
  auto s2 = timed(timing.client, [&] { return step2(s1.state, a1, c).value(); });
  auto a2 = timed(timing.server, [&] { return server.on_message(s2.request.bytes, s, kNow).value(); });
  auto s3 = timed(timing.client, [&] { return step3(s2.state, a2, c, kNow).value(); });
  auto a3 = timed(timing.server, [&] { return server.on_message(s3.request.bytes, s, kNow).value(); });
  auto done = timed(timing.client, [&] { return finish(s3.state, a3, c).value(); });
  benchmark::DoNotOptimize(done);
}

void BM_FullHandshake(benchmark::State& state) {
  const auto key = fake_dc_key();
  ClientOptions options;
  options.keys = {key.public_key()};
  Timing timing;
  std::uint64_t seed = 1;
  for (auto _ : state) exchange(key, options, seed++, timing);
  const auto n = static_cast<double>(state.iterations());
  state.counters["handshakes_per_s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
  state.counters["client_ms"] = timing.client * 1e3 / n;
  state.counters["server_ms"] = timing.server * 1e3 / n;
}
BENCHMARK(BM_FullHandshake)->Name("full_handshake_in_process")->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace
