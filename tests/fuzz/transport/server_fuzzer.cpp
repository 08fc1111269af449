// A ServerTransport (detection, obfuscated2, every framing) fed arbitrary
// bytes; the role bit chooses whether it also holds an MTProxy secret.
#include <array>
#include <cstddef>
#include <cstdint>

#include "fuzz_drive.hpp"
#include "layer/mtproto/transport/server_transport.hpp"

using namespace layer::mtproto::transport;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = fuzz::split_input(data, size);
  layer::crypto::DeterministicRng rng(1);
  ServerOptions options{.codec = fuzz::kFuzzOptions};
  if (in.role == Role::client) {
    constexpr std::array<std::byte, 16> key{std::byte{1}, std::byte{2}, std::byte{3}};
    options.secret = Secret::parse(key).value();
  }
  ServerTransport server(std::move(options), rng);
  fuzz::drive(server, in.stream, in.chunk);
  return 0;
}
