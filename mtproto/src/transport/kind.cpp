#include "layer/mtproto/transport/kind.hpp"

namespace layer::mtproto::transport {

std::string_view to_string(Kind k) noexcept {
  switch (k) {
    case Kind::abridged:
      return "abridged";
    case Kind::intermediate:
      return "intermediate";
    case Kind::padded:
      return "padded";
    case Kind::full:
      return "full";
    case Kind::obfuscated_abridged:
      return "obfuscated_abridged";
    case Kind::obfuscated_intermediate:
      return "obfuscated_intermediate";
    case Kind::obfuscated_padded:
      return "obfuscated_padded";
  }
  return "unknown";
}

}  // namespace layer::mtproto::transport
