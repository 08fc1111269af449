// Any bytes, decoded as any TL object, either decode (and then re-encode to
// bytes that decode and re-encode to the same bytes) or fail with DecodeError.
// Bytes, not ==, are compared: a double field may hold a NaN, which is not
// equal to itself.
#include <cstddef>
#include <cstdint>
#include <span>

#include "layer/tl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  try {
    auto object = layer::tl::deserialize<layer::tl::AnyObject>(input);
    auto again = layer::tl::serialize(object);
    if (layer::tl::serialize(layer::tl::deserialize<layer::tl::AnyObject>(again)) != again) __builtin_trap();
  } catch (const layer::tl::DecodeError&) {
  }
  return 0;
}
