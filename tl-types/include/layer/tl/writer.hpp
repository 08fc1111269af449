#pragma once

#include <cstring>
#include <span>
#include <string_view>

#include "layer/tl/bytes.hpp"

namespace layer::tl {

// Appends TL values to a Bytes buffer. While it writes, the buffer is kept at
// its capacity so each value costs one bounds check and a memcpy; finish() (or
// the destructor) trims it to what was written.
class Writer {
 public:
  explicit Writer(Bytes& out) noexcept : out_(out), size_(out.size()) {}
  ~Writer() { finish(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void finish() { out_.resize(size_); }
  std::size_t size() const noexcept { return size_; }

  void write_u32(std::uint32_t v) { write_scalar(v); }
  void write_i32(std::int32_t v) { write_scalar(v); }
  void write_i64(std::int64_t v) { write_scalar(v); }
  void write_double(double v) { write_scalar(v); }
  void write_bool(bool v) { write_scalar(v ? bool_true_id : bool_false_id); }
  void write_bytes(std::span<const std::byte> data);
  void write_string(std::string_view text) {
    write_bytes(std::as_bytes(std::span(text.data(), text.size())));
  }
  void write_raw(std::span<const std::byte> data) {
    std::memcpy(reserve(data.size()), data.data(), data.size());
    size_ += data.size();
  }

 private:
  template <class T>
  void write_scalar(T v) {
    std::memcpy(reserve(sizeof(T)), &v, sizeof(T));
    size_ += sizeof(T);
  }
  std::byte* reserve(std::size_t n) {
    if (out_.size() - size_ < n) grow(n);
    return out_.data() + size_;
  }
  void grow(std::size_t n);

  Bytes& out_;
  std::size_t size_;
};

}  // namespace layer::tl
