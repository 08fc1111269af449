// The fake DC's layer translator reads what any client sends once it names an
// older layer: hostile bytes in, an exception naming the problem out, never
// a crash. The first byte picks the layer and the direction.
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>

#include "layer/tl/errors.hpp"
#include "layers/translator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const auto translator = layer::fakedc::make_translator({});
  const int layer = data[0] & 1 ? 144 : 198;
  const auto bytes = std::as_bytes(std::span(data + 1, size - 1));
  try {
    if (data[0] & 2) {
      (void)translator->to_layer(layer, bytes);
    } else {
      (void)translator->request_to_current(layer, bytes);
    }
  } catch (const layer::tl::DecodeError&) {
  } catch (const std::runtime_error&) {
  }
  return 0;
}
