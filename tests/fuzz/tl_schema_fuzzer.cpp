// Any schema text: the parser and the generator's model either accept it or
// report an error; they never crash.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "layer/tl_parser/parser.hpp"
#include "model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto schema = layer::tl_parser::parse(text);
    schema.layer = 1;
    layer::tl_gen::build_model(schema, layer::tl_parser::Schema{});
  } catch (const std::runtime_error&) {
  }
  return 0;
}
