// Pack and unpack of one encrypted message against the floor they cannot beat:
// one AES-256-IGE pass plus one SHA-256 pass over the same bytes. The counters
// give messages/s (items_per_second) and MB/s (bytes_per_second).
#include <benchmark/benchmark.h>

#include <array>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/sha.hpp"
#include "layer/mtproto/encrypted_session.hpp"

namespace {

using namespace layer;

constexpr std::int64_t kNow = 1'700'000'000;

crypto::AuthKey bench_key() {
  std::array<std::byte, crypto::kAuthKeySize> k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::byte>(i * 7 + 1);
  return crypto::AuthKey(k);
}

mtproto::Time now_at(std::int64_t tick) {
  return mtproto::Time(std::chrono::seconds(kNow)) + std::chrono::microseconds(tick);
}

void count(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Pack(benchmark::State& state) {
  crypto::DeterministicRng rng(1);
  mtproto::EncryptedSession session(bench_key(), 1, 0, rng);
  const tl::Bytes body(static_cast<std::size_t>(state.range(0)), std::byte{0x42});
  tl::Bytes out;
  std::int64_t tick = 0;
  for (auto _ : state) {
    session.pack_to(out, body, now_at(++tick));
    benchmark::DoNotOptimize(out.data());
  }
  count(state);
}

void BM_Unpack(benchmark::State& state) {
  crypto::DeterministicRng rng_c(1), rng_s(2);
  mtproto::EncryptedSessionOptions server;
  server.side = mtproto::Side::server;
  mtproto::EncryptedSession sender(bench_key(), 1, 0, rng_s, server);
  mtproto::EncryptedSessionOptions client;
  client.session_id = 0;
  client.check_time = false;
  client.replay_window = 64;
  const tl::Bytes body(static_cast<std::size_t>(state.range(0)), std::byte{0x42});
  // Unpack decrypts in place, so each round restores the ciphertext (and a
  // fresh replay window) outside the timed region.
  std::vector<tl::Bytes> packets;
  for (int i = 0; i < 64; ++i) packets.push_back(sender.pack(body, now_at(i)));
  tl::Bytes work;
  std::size_t i = 0;
  for (auto _ : state) {
    state.PauseTiming();
    mtproto::EncryptedSession receiver(bench_key(), 1, 0, rng_c, client);
    work = packets[i++ % packets.size()];
    state.ResumeTiming();
    auto m = receiver.unpack(work, now_at(0));
    if (!m) state.SkipWithError("unpack failed");
    benchmark::DoNotOptimize(m);
  }
  count(state);
}

void BM_IgePlusSha256(benchmark::State& state) {
  tl::Bytes data(static_cast<std::size_t>(state.range(0)) + 48, std::byte{0x42});
  std::array<std::byte, 32> key{}, iv{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto::sha256(data));
    (void)crypto::aes_ige_encrypt(key, iv, data);
    benchmark::DoNotOptimize(data.data());
  }
  count(state);
}

void sizes(benchmark::internal::Benchmark* b) {
  b->Arg(100)->Arg(4096)->Arg(512 * 1024);
}

BENCHMARK(BM_Pack)->Name("session_pack")->Apply(sizes);
BENCHMARK(BM_Unpack)->Name("session_unpack")->Apply(sizes);
BENCHMARK(BM_IgePlusSha256)->Name("ige_plus_sha256")->Apply(sizes);

}  // namespace
