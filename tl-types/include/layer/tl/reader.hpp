#pragma once

#include <cstring>
#include <span>
#include <string>

#include "layer/tl/bytes.hpp"
#include "layer/tl/errors.hpp"

namespace layer::tl {

// Reads TL values from a byte span. Every read is bounds-checked and throws
// DecodeError; lengths are checked against the remaining input before anything
// is allocated, so hostile input costs at most a small multiple of its size.
class Reader {
 public:
  static constexpr int default_max_depth = 64;

  explicit Reader(std::span<const std::byte> data, int max_depth = default_max_depth) noexcept
      : data_(data), max_depth_(max_depth) {}

  std::size_t offset() const noexcept { return pos_; }
  std::size_t remaining() const noexcept { return data_.size() - pos_; }

  std::uint32_t read_u32() { return read_scalar<std::uint32_t>(); }
  std::int32_t read_i32() { return read_scalar<std::int32_t>(); }
  std::int64_t read_i64() { return read_scalar<std::int64_t>(); }
  double read_double() { return read_scalar<double>(); }
  bool read_bool();
  std::string read_string();
  Bytes read_bytes();
  // The payload of a TL `bytes` value, without copying it.
  std::span<const std::byte> read_bytes_view();
  std::span<const std::byte> read_raw(std::size_t n);

  template <std::size_t N>
  std::array<std::byte, N> read_fixed() {
    std::array<std::byte, N> out;
    std::memcpy(out.data(), read_raw(N).data(), N);
    return out;
  }

  // Reads a boxed vector's id and count; the count is checked against the input
  // left, assuming each element takes at least min_element_size bytes.
  std::uint32_t read_vector_header(std::size_t min_element_size);
  std::uint32_t read_bare_vector_count(std::size_t min_element_size);

  [[noreturn]] void fail(DecodeErrc code, const std::string& detail) const;

  // Counts nesting of objects, so that a chain of boxed values cannot exhaust the stack.
  class DepthGuard {
   public:
    explicit DepthGuard(Reader& reader) : reader_(reader) {
      if (++reader_.depth_ > reader_.max_depth_) reader_.fail(DecodeErrc::nesting_too_deep, "object nesting");
    }
    ~DepthGuard() { --reader_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Reader& reader_;
  };

 private:
  template <class T>
  T read_scalar() {
    if (remaining() < sizeof(T)) fail_truncated(sizeof(T));
    T value;
    std::memcpy(&value, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  [[noreturn]] void fail_truncated(std::size_t wanted) const;
  std::size_t read_length_prefix();

  std::span<const std::byte> data_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  int max_depth_;
};

}  // namespace layer::tl
