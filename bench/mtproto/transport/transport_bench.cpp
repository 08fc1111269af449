// Encode + decode throughput of one 4 KiB frame per iteration, client to server,
// for every transport kind (obfuscated ones include AES-256-CTR both ways).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "layer/crypto/rng.hpp"
#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/mtproto/transport/server_transport.hpp"

namespace {

using namespace layer::mtproto::transport;

constexpr std::size_t kFrame = 4096;

void BM_EncodeDecode(benchmark::State& state, Kind kind) {
  layer::crypto::DeterministicRng rng(1);
  auto client = ClientTransport::create(ClientOptions{.kind = kind}, rng).value();
  ServerTransport server(ServerOptions{}, rng);
  const std::vector<std::byte> payload(kFrame, std::byte{0x5a});
  layer::tl::Bytes wire;
  wire.reserve(2 * kFrame);
  // The first frame carries the prelude; keep it out of the measured loop.
  if (client.encode(payload, wire) || !server.decode(wire)) state.SkipWithError("setup failed");
  for (auto _ : state) {
    wire.clear();
    if (client.encode(payload, wire)) {
      state.SkipWithError("encode failed");
      break;
    }
    auto r = server.decode(wire);
    if (!r || !r->frame) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(r->frame->payload.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kFrame));
}

BENCHMARK_CAPTURE(BM_EncodeDecode, abridged, Kind::abridged);
BENCHMARK_CAPTURE(BM_EncodeDecode, intermediate, Kind::intermediate);
BENCHMARK_CAPTURE(BM_EncodeDecode, padded, Kind::padded);
BENCHMARK_CAPTURE(BM_EncodeDecode, full, Kind::full);
BENCHMARK_CAPTURE(BM_EncodeDecode, obfuscated_abridged, Kind::obfuscated_abridged);
BENCHMARK_CAPTURE(BM_EncodeDecode, obfuscated_intermediate, Kind::obfuscated_intermediate);
BENCHMARK_CAPTURE(BM_EncodeDecode, obfuscated_padded, Kind::obfuscated_padded);

}  // namespace
