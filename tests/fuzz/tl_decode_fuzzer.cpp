// Any bytes, decoded as any TL object, either decode (and then re-encode to
// something that decodes equal) or fail with DecodeError.
#include <cstddef>
#include <cstdint>
#include <span>

#include "layer/tl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  try {
    auto object = layer::tl::deserialize<layer::tl::AnyObject>(input);
    auto again = layer::tl::serialize(object);
    if (!(layer::tl::deserialize<layer::tl::AnyObject>(again) == object)) __builtin_trap();
  } catch (const layer::tl::DecodeError&) {
  }
  return 0;
}
