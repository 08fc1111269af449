#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "layer/tl_parser/ast.hpp"

namespace layer::tl_parser {

// The text a definition's id is the CRC32 of: no id, no braces, no `flags.N?true`
// parameters, `<T>` written as ` T`, and `bytes` spelled `string`.
std::string canonical_form(const Definition& definition);

// CRC32 (IEEE 802.3, zlib's) as the TL spec uses it to derive constructor ids.
std::uint32_t crc32(std::string_view text) noexcept;

inline std::uint32_t computed_id(const Definition& definition) {
  return crc32(canonical_form(definition));
}

}  // namespace layer::tl_parser
