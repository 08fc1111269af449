#include "layer/tl/reader.hpp"

#include <bit>

namespace layer::tl {

static_assert(std::endian::native == std::endian::little,
              "TL is little-endian; big-endian hosts are not supported");

void Reader::fail(DecodeErrc code, const std::string& detail) const {
  throw DecodeError(code, pos_, detail);
}

void Reader::fail_truncated(std::size_t wanted) const {
  fail(DecodeErrc::truncated,
       "needed " + std::to_string(wanted) + " bytes, " + std::to_string(remaining()) + " left");
}

bool Reader::read_bool() {
  std::uint32_t id = read_u32();
  if (id == bool_true_id) return true;
  if (id == bool_false_id) return false;
  fail(DecodeErrc::bad_bool, "id " + id_text(id));
}

std::size_t Reader::read_length_prefix() {
  if (remaining() < 1) fail_truncated(1);
  auto first = static_cast<std::uint8_t>(data_[pos_]);
  if (first < 254) {
    pos_ += 1;
    return first;
  }
  if (remaining() < 4) fail_truncated(4);
  std::size_t length = static_cast<std::uint8_t>(data_[pos_ + 1]) |
                       static_cast<std::uint8_t>(data_[pos_ + 2]) << 8 |
                       static_cast<std::size_t>(static_cast<std::uint8_t>(data_[pos_ + 3])) << 16;
  if (first == 255) fail(DecodeErrc::length_too_large, "bytes length marker 0xff");
  pos_ += 4;
  return length;
}

std::span<const std::byte> Reader::read_bytes_view() {
  std::size_t start = pos_;
  std::size_t length = read_length_prefix();
  std::size_t header = pos_ - start;
  std::size_t padded = (header + length + 3) / 4 * 4 - header;
  if (padded > remaining()) {
    fail(DecodeErrc::length_too_large,
         "bytes of length " + std::to_string(length) + " with " + std::to_string(remaining()) + " left");
  }
  std::span<const std::byte> out = data_.subspan(pos_, length);
  pos_ += padded;
  return out;
}

std::string Reader::read_string() {
  auto view = read_bytes_view();
  return std::string(reinterpret_cast<const char*>(view.data()), view.size());
}

Bytes Reader::read_bytes() {
  auto view = read_bytes_view();
  return Bytes(view.begin(), view.end());
}

std::span<const std::byte> Reader::read_raw(std::size_t n) {
  if (remaining() < n) fail_truncated(n);
  auto out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

std::uint32_t Reader::read_vector_header(std::size_t min_element_size) {
  std::uint32_t id = read_u32();
  if (id != vector_id) {
    pos_ -= 4;
    fail(DecodeErrc::bad_vector_id, "id " + id_text(id));
  }
  return read_bare_vector_count(min_element_size);
}

std::uint32_t Reader::read_bare_vector_count(std::size_t min_element_size) {
  std::uint32_t count = read_u32();
  if (count > remaining() / min_element_size) {
    fail(DecodeErrc::length_too_large,
         "vector of " + std::to_string(count) + " items with " + std::to_string(remaining()) + " bytes left");
  }
  return count;
}

}  // namespace layer::tl
