// Pack and unpack of one encrypted message against the floor they cannot beat:
// one AES-256-IGE pass plus one SHA-256 pass over the same bytes. The counters
// give messages/s (items_per_second) and MB/s (bytes_per_second); the
// *_vs_floor runs time the session and the floor alternately in the same loop
// and report their ratio (vs_floor; issue 4 wants it within 1.10 at 512 KiB).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/sha.hpp"
#include "layer/mtproto/encrypted_session.hpp"

namespace {

using namespace layer;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::size_t kInnerHeader = 32;  // salt, session_id, msg_id, seq_no, length

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

// Server-made packets for a client to unpack. Unpack decrypts in place, so each
// packet serves once; the ring is large enough that refilling it (untimed) is
// rare, and small enough to stay within about 32 MiB.
class PacketRing {
 public:
  explicit PacketRing(std::size_t body_size)
      : sender_(bench_key(), 1, 0, rng_, server()),
        body_(body_size, std::byte{0x42}),
        packets_(std::clamp<std::size_t>((std::size_t{32} << 20) / (body_size + 1100), 2, 4096)) {
    refill();
  }
  bool empty() const noexcept { return next_ == packets_.size(); }
  void refill() {
    for (auto& p : packets_) sender_.pack_to(p, body_, now_at(++tick_));
    next_ = 0;
  }
  tl::Bytes& take() noexcept { return packets_[next_++]; }
  mtproto::Time now() const noexcept { return now_at(tick_); }

 private:
  static mtproto::EncryptedSessionOptions server() {
    mtproto::EncryptedSessionOptions o;
    o.side = mtproto::Side::server;
    return o;
  }

  crypto::DeterministicRng rng_{2};
  mtproto::EncryptedSession sender_;
  tl::Bytes body_;
  std::vector<tl::Bytes> packets_;
  std::size_t next_ = 0;
  std::int64_t tick_ = 0;
};

mtproto::EncryptedSession receiver(crypto::Rng& rng) {
  mtproto::EncryptedSessionOptions o;
  o.session_id = 0;  // what the sender writes, having none
  return mtproto::EncryptedSession(bench_key(), 1, 0, rng, o);
}

// The floor: SHA-256 over the plaintext, then AES-256-IGE over it in place.
class Floor {
 public:
  explicit Floor(std::size_t body_size) : data_(kInnerHeader + body_size + 16, std::byte{0x42}) {}
  Clock::duration encrypt() {
    const auto start = Clock::now();
    benchmark::DoNotOptimize(crypto::sha256(data_));
    (void)crypto::aes_ige_encrypt(key_, iv_, data_);
    benchmark::DoNotOptimize(data_.data());
    return Clock::now() - start;
  }
  Clock::duration decrypt() {
    const auto start = Clock::now();
    (void)crypto::aes_ige_decrypt(key_, iv_, data_);
    benchmark::DoNotOptimize(crypto::sha256(data_));
    return Clock::now() - start;
  }

 private:
  tl::Bytes data_;
  std::array<std::byte, 32> key_{}, iv_{};
};

void report_ratio(benchmark::State& state, Clock::duration session, Clock::duration floor) {
  const double ratio = static_cast<double>(session.count()) / static_cast<double>(floor.count());
  state.counters["vs_floor"] = ratio;
  state.SetLabel(ratio <= 1.10 ? "within 10% of IGE+SHA-256" : "MORE than 10% over IGE+SHA-256");
  count(state);
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
  crypto::DeterministicRng rng(1);
  auto session = receiver(rng);
  PacketRing ring(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    if (ring.empty()) {
      state.PauseTiming();
      ring.refill();
      state.ResumeTiming();
    }
    auto m = session.unpack(ring.take(), ring.now());
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

void BM_PackVsFloor(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  crypto::DeterministicRng rng(1);
  mtproto::EncryptedSession session(bench_key(), 1, 0, rng);
  const tl::Bytes body(size, std::byte{0x42});
  tl::Bytes out;
  Floor floor(size);
  Clock::duration packing{}, flooring{};
  std::int64_t tick = 0;
  for (auto _ : state) {
    const auto start = Clock::now();
    session.pack_to(out, body, now_at(++tick));
    benchmark::DoNotOptimize(out.data());
    const auto took = Clock::now() - start;
    packing += took;
    flooring += floor.encrypt();
    state.SetIterationTime(std::chrono::duration<double>(took).count());
  }
  report_ratio(state, packing, flooring);
}

void BM_UnpackVsFloor(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  crypto::DeterministicRng rng(1);
  auto session = receiver(rng);
  PacketRing ring(size);
  Floor floor(size);
  Clock::duration unpacking{}, flooring{};
  for (auto _ : state) {
    if (ring.empty()) ring.refill();  // manual time: outside what is measured
    tl::Bytes& packet = ring.take();
    const auto start = Clock::now();
    auto m = session.unpack(packet, ring.now());
    benchmark::DoNotOptimize(m);
    const auto took = Clock::now() - start;
    if (!m) state.SkipWithError("unpack failed");
    unpacking += took;
    flooring += floor.decrypt();
    state.SetIterationTime(std::chrono::duration<double>(took).count());
  }
  report_ratio(state, unpacking, flooring);
}

void sizes(benchmark::internal::Benchmark* b) {
  b->Arg(100)->Arg(4096)->Arg(512 * 1024);
}

BENCHMARK(BM_Pack)->Name("session_pack")->Apply(sizes);
BENCHMARK(BM_Unpack)->Name("session_unpack")->Apply(sizes);
BENCHMARK(BM_IgePlusSha256)->Name("ige_plus_sha256")->Apply(sizes);
BENCHMARK(BM_PackVsFloor)->Name("session_pack_vs_floor")->Arg(512 * 1024)->UseManualTime();
BENCHMARK(BM_UnpackVsFloor)->Name("session_unpack_vs_floor")->Arg(512 * 1024)->UseManualTime();

}  // namespace
