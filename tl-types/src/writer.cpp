#include "layer/tl/writer.hpp"

#include <algorithm>
#include <bit>
#include <string>

#include "layer/tl/errors.hpp"

namespace layer::tl {

static_assert(std::endian::native == std::endian::little,
              "TL is little-endian; big-endian hosts are not supported");

void Writer::grow(std::size_t n) {
  out_.resize(std::max({out_.size() * 2, size_ + n, std::size_t{256}}));
}

void Writer::write_bytes(std::span<const std::byte> data) {
  if (data.size() >= (std::size_t{1} << 24)) {
    throw EncodeError("TL bytes of " + std::to_string(data.size()) + " bytes exceed the 16 MiB length limit");
  }
  std::size_t header = data.size() < 254 ? 1 : 4;
  std::size_t total = (header + data.size() + 3) / 4 * 4;
  std::byte* p = reserve(total);
  if (header == 1) {
    p[0] = static_cast<std::byte>(data.size());
  } else {
    p[0] = std::byte{254};
    p[1] = static_cast<std::byte>(data.size() & 0xff);
    p[2] = static_cast<std::byte>((data.size() >> 8) & 0xff);
    p[3] = static_cast<std::byte>((data.size() >> 16) & 0xff);
  }
  if (!data.empty()) std::memcpy(p + header, data.data(), data.size());
  std::fill(p + header + data.size(), p + total, std::byte{0});
  size_ += total;
}

}  // namespace layer::tl
