#include "layer/mtproto/transport/secret.hpp"

#include "layer/mtproto/transport/errors.hpp"

namespace layer::mtproto::transport {

Result<Secret> Secret::parse(std::span<const std::byte> bytes) {
  if (bytes.size() == kSize) return Secret(bytes.first<kSize>(), false);
  if (bytes.size() == kSize + 1 && bytes[0] == std::byte{0xdd})
    return Secret(bytes.subspan<1, kSize>(), true);
  return std::error_code(transport_errc::invalid_secret);
}

}  // namespace layer::mtproto::transport
