#include "layer/tl/errors.hpp"

#include <cstdio>

namespace layer::tl {

std::string id_text(std::uint32_t id) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", id);
  return text;
}

const char* to_string(DecodeErrc code) noexcept {
  switch (code) {
    case DecodeErrc::truncated:
      return "truncated input";
    case DecodeErrc::length_too_large:
      return "length larger than the remaining input";
    case DecodeErrc::unknown_constructor:
      return "unknown constructor";
    case DecodeErrc::nesting_too_deep:
      return "nesting too deep";
    case DecodeErrc::bad_vector_id:
      return "not a vector";
    case DecodeErrc::bad_bool:
      return "not a Bool";
    case DecodeErrc::trailing_bytes:
      return "trailing bytes";
  }
  return "decode error";
}

DecodeError::DecodeError(DecodeErrc code, std::size_t offset, const std::string& detail)
    : std::runtime_error(std::string("TL decode error: ") + to_string(code) + " at offset " +
                         std::to_string(offset) + (detail.empty() ? "" : " (" + detail + ")")),
      code_(code),
      offset_(offset) {}

}  // namespace layer::tl
