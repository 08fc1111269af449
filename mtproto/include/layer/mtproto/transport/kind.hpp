// The transports a connection can speak.
#pragma once

#include <cstdint>
#include <string_view>

namespace layer::mtproto::transport {

enum class Kind {
  abridged,
  intermediate,
  padded,
  full,
  obfuscated_abridged,
  obfuscated_intermediate,
  obfuscated_padded,
};

constexpr bool is_obfuscated(Kind k) noexcept {
  return k == Kind::obfuscated_abridged || k == Kind::obfuscated_intermediate || k == Kind::obfuscated_padded;
}

// The framing under the obfuscation layer (plain kinds map to themselves).
constexpr Kind framing_of(Kind k) noexcept {
  switch (k) {
    case Kind::obfuscated_abridged:
      return Kind::abridged;
    case Kind::obfuscated_intermediate:
      return Kind::intermediate;
    case Kind::obfuscated_padded:
      return Kind::padded;
    default:
      return k;
  }
}

// The 4-byte tag at bytes 56..59 of an obfuscated2 header, as a LE word.
enum class ProtocolTag : std::uint32_t {
  abridged = 0xefefefef,
  intermediate = 0xeeeeeeee,
  padded = 0xdddddddd,
};

std::string_view to_string(Kind k) noexcept;

}  // namespace layer::mtproto::transport
