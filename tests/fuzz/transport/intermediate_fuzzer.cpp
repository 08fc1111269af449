// Decodes arbitrary bytes with the intermediate codec, in either role and any chunking.
#include <cstddef>
#include <cstdint>

#include "fuzz_drive.hpp"
#include "layer/mtproto/transport/intermediate.hpp"

using namespace layer::mtproto::transport;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = fuzz::split_input(data, size);
  IntermediateCodec codec(in.role, fuzz::kFuzzOptions);
  fuzz::drive(codec, in.stream, in.chunk);
  return 0;
}
