#include <algorithm>

#include "wire.hpp"

namespace layer::mtproto::transport {
namespace {

constexpr std::size_t kKeyIdSize = 8;
constexpr std::size_t kPlainHeader = 20;     // auth_key_id 0, msg_id, length
constexpr std::size_t kEncryptedOuter = 24;  // auth_key_id, msg_key
constexpr std::size_t kBlock = 16;

bool is_plain(std::span<const std::byte> payload) noexcept {
  return std::all_of(payload.begin(), payload.begin() + kKeyIdSize,
                     [](std::byte b) { return b == std::byte{0}; });
}

}  // namespace

std::span<const std::byte> without_padding(std::span<const std::byte> payload) noexcept {
  if (payload.size() < kPlainHeader) return payload;
  if (is_plain(payload)) {
    const std::size_t length = detail::load_le<std::uint32_t>(payload, 16);
    // A length that does not fit is left for the session to reject.
    return length <= payload.size() - kPlainHeader ? payload.first(kPlainHeader + length) : payload;
  }
  if (payload.size() < kEncryptedOuter) return payload;
  return payload.first(kEncryptedOuter + (payload.size() - kEncryptedOuter) / kBlock * kBlock);
}

}  // namespace layer::mtproto::transport
