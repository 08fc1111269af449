// Throughput of the cipher MTProto runs per message (AES-256-IGE, measured next to
// OpenSSL's AES-256-CBC encryption, the bound for a serial chain) and the cost of the
// one-off handshake and 2FA steps.
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include <benchmark/benchmark.h>

#include "layer/crypto/aes_ctr.hpp"
#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/dh.hpp"
#include "layer/crypto/kdf.hpp"
#include "layer/crypto/mtproto_kdf.hpp"
#include "layer/crypto/pq.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/rsa.hpp"

namespace {

using namespace layer::crypto;
using Bytes = std::vector<std::byte>;

Bytes random_bytes(std::size_t n, std::uint64_t seed = 1) {
  Bytes out(n);
  DeterministicRng(seed).fill(out);
  return out;
}

void set_bytes(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void sizes(benchmark::internal::Benchmark* b) {
  b->Arg(64)->Arg(1024)->Arg(1 << 20);
}

template <bool Encrypt, AesBackend Backend>
void BM_AesIge(benchmark::State& state) {
  const Bytes key = random_bytes(32, 1), iv = random_bytes(32, 2);
  Bytes data = random_bytes(static_cast<std::size_t>(state.range(0)), 3);
  const std::span<const std::byte, 32> k(key.data(), 32), v(iv.data(), 32);
  for (auto _ : state) {
    const auto ec = Encrypt ? aes_ige_encrypt(k, v, std::span(data), Backend)
                            : aes_ige_decrypt(k, v, std::span(data), Backend);
    benchmark::DoNotOptimize(ec);
    benchmark::ClobberMemory();
  }
  set_bytes(state);
}
BENCHMARK(BM_AesIge<true, AesBackend::automatic>)->Name("IGE_encrypt")->Apply(sizes);
BENCHMARK(BM_AesIge<false, AesBackend::automatic>)->Name("IGE_decrypt")->Apply(sizes);
BENCHMARK(BM_AesIge<true, AesBackend::evp>)->Name("IGE_encrypt_evp_fallback")->Apply(sizes);

// The reference: one EVP AES-256-CBC encryption per call, key setup included like IGE's.
void BM_CbcEncrypt(benchmark::State& state) {
  const Bytes key = random_bytes(32, 1), iv = random_bytes(16, 2);
  Bytes data = random_bytes(static_cast<std::size_t>(state.range(0)), 3);
  EVP_CIPHER* cbc = EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  auto* p = reinterpret_cast<unsigned char*>(data.data());
  for (auto _ : state) {
    int len = 0;
    EVP_EncryptInit_ex2(ctx, cbc, reinterpret_cast<const unsigned char*>(key.data()),
                        reinterpret_cast<const unsigned char*>(iv.data()), nullptr);
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    EVP_EncryptUpdate(ctx, p, &len, p, static_cast<int>(data.size()));
    benchmark::ClobberMemory();
  }
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(cbc);
  set_bytes(state);
}
BENCHMARK(BM_CbcEncrypt)->Name("CBC_encrypt_openssl")->Apply(sizes);

// A 64-byte message under a key not seen before, as for every MTProto message.
template <bool Encrypt>
void BM_IgeFreshKey64(benchmark::State& state) {
  constexpr std::size_t kKeys = 256;
  const Bytes keys = random_bytes(32 * kKeys, 4), iv = random_bytes(32, 5);
  Bytes data = random_bytes(64, 6);
  std::size_t i = 0;
  for (auto _ : state) {
    const std::span<const std::byte, 32> k(keys.data() + 32 * (i++ % kKeys), 32), v(iv.data(), 32);
    const auto ec = Encrypt ? aes_ige_encrypt(k, v, std::span(data)) : aes_ige_decrypt(k, v, std::span(data));
    benchmark::DoNotOptimize(ec);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_IgeFreshKey64<true>)->Name("IGE_encrypt_64B_fresh_key");
BENCHMARK(BM_IgeFreshKey64<false>)->Name("IGE_decrypt_64B_fresh_key");

void BM_AesCtr(benchmark::State& state) {
  const Bytes key = random_bytes(32, 1), iv = random_bytes(16, 2);
  Bytes data = random_bytes(static_cast<std::size_t>(state.range(0)), 3);
  auto ctr = AesCtr::create(std::span<const std::byte, 32>(key.data(), 32),
                            std::span<const std::byte, 16>(iv.data(), 16))
                 .value();
  for (auto _ : state) {
    ctr.apply(data);
    benchmark::ClobberMemory();
  }
  set_bytes(state);
}
BENCHMARK(BM_AesCtr)->Name("CTR_stream")->Arg(1 << 20);

// msg_key plus the AES key/IV of one 1 KiB message.
void BM_MessageKdf(benchmark::State& state) {
  const AuthKey key(std::span<const std::byte, 256>(random_bytes(256).data(), 256));
  const Bytes plaintext = random_bytes(1024, 2);
  for (auto _ : state) {
    const MsgKey mk = msg_key(key, plaintext, Direction::client_to_server);
    benchmark::DoNotOptimize(message_key_iv(key, mk, Direction::client_to_server));
  }
}
BENCHMARK(BM_MessageKdf)->Name("MTProto2_msg_key_and_kdf_1KiB");

}  // namespace
