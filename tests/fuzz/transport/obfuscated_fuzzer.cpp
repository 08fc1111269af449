// The client end of obfuscated2 decoding a server's stream: the stream is
// decrypted with the connection's keys first, so the input reaches the inner
// framing as the fuzzer wrote it (re-encrypted here with the server's keys).
#include <cstddef>
#include <cstdint>

#include "fuzz_drive.hpp"
#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/mtproto/transport/obfuscation.hpp"

using namespace layer::mtproto::transport;

namespace {

constexpr Kind kKinds[] = {Kind::obfuscated_abridged, Kind::obfuscated_intermediate, Kind::obfuscated_padded};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = fuzz::split_input(data, size);
  const auto kind = kKinds[in.chunk % 3];
  layer::crypto::DeterministicRng rng(2);
  auto client = ClientTransport::create(ClientOptions{.kind = kind, .codec = fuzz::kFuzzOptions}, rng);
  if (!client) return 0;
  layer::tl::Bytes hello;
  const std::byte payload[4]{};
  if (client->encode(payload, hello)) return 0;
  auto accepted = Obfuscator::accept(std::span(hello).first<kObfuscatedHeaderSize>(), nullptr);
  if (!accepted) return 0;
  layer::tl::Bytes stream(in.stream.begin(), in.stream.end());
  accepted->cipher.send(stream);
  fuzz::drive(*client, stream, in.chunk);
  return 0;
}
