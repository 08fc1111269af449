// Containers for key material: wiped with OPENSSL_cleanse on destruction (and on
// move-from) and never streamable, so secrets do not linger in freed memory or leak
// into logs. The heap buffer is copied only on request (clone()).
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <span>

namespace layer::crypto {

namespace detail {
void cleanse(void* p, std::size_t n) noexcept;
}  // namespace detail

// Heap buffer of runtime size.
class SecureBytes {
 public:
  SecureBytes() = default;
  explicit SecureBytes(std::size_t size);
  explicit SecureBytes(std::span<const std::byte> data);
  SecureBytes(SecureBytes&& other) noexcept;
  SecureBytes& operator=(SecureBytes&& other) noexcept;
  SecureBytes(const SecureBytes&) = delete;
  SecureBytes& operator=(const SecureBytes&) = delete;
  ~SecureBytes();

  SecureBytes clone() const { return SecureBytes(span()); }

  std::byte* data() noexcept { return data_.get(); }
  const std::byte* data() const noexcept { return data_.get(); }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::span<std::byte> span() noexcept { return {data_.get(), size_}; }
  std::span<const std::byte> span() const noexcept { return {data_.get(), size_}; }

 private:
  void wipe() noexcept;

  std::unique_ptr<std::byte[]> data_;
  std::size_t size_ = 0;
};

// Fixed-size buffer kept inline (no allocation), e.g. AES keys and IVs.
template <std::size_t N>
class SecureArray {
 public:
  SecureArray() = default;
  explicit SecureArray(std::span<const std::byte, N> data) {
    for (std::size_t i = 0; i < N; ++i) bytes_[i] = data[i];
  }
  // Takes over a plain array, typically a digest returned by value
  // (SecureArray<32> k(sha256(...))), and wipes it: otherwise the temporary would
  // leave a copy of the key material on the stack.
  explicit SecureArray(std::array<std::byte, N>&& data) noexcept : bytes_(data) {
    detail::cleanse(data.data(), N);
  }
  SecureArray(const SecureArray&) = default;
  SecureArray& operator=(const SecureArray&) = default;
  ~SecureArray() { detail::cleanse(bytes_.data(), N); }

  std::byte* data() noexcept { return bytes_.data(); }
  const std::byte* data() const noexcept { return bytes_.data(); }
  static constexpr std::size_t size() noexcept { return N; }
  std::span<std::byte, N> span() noexcept { return std::span<std::byte, N>(bytes_); }
  std::span<const std::byte, N> span() const noexcept { return std::span<const std::byte, N>(bytes_); }

 private:
  std::array<std::byte, N> bytes_{};
};

}  // namespace layer::crypto
