// CRC-32 (IEEE 802.3, the zlib polynomial) of the full TCP transport's frames.
// Implemented here because crypto links only OpenSSL, which exports no CRC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace layer::crypto {

// Pass the previous result as crc to continue over a split buffer.
std::uint32_t crc32(std::span<const std::byte> data, std::uint32_t crc = 0) noexcept;

}  // namespace layer::crypto
