#include "layer/crypto/secure_bytes.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <utility>

namespace layer::crypto {

void detail::cleanse(void* p, std::size_t n) noexcept {
  OPENSSL_cleanse(p, n);
}

SecureBytes::SecureBytes(std::size_t size) : data_(new std::byte[size]()), size_(size) {}

SecureBytes::SecureBytes(std::span<const std::byte> data) : SecureBytes(data.size()) {
  std::copy(data.begin(), data.end(), data_.get());
}

SecureBytes::SecureBytes(SecureBytes&& other) noexcept
    : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)) {}

SecureBytes& SecureBytes::operator=(SecureBytes&& other) noexcept {
  if (this != &other) {
    wipe();
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecureBytes::~SecureBytes() {
  wipe();
}

void SecureBytes::wipe() noexcept {
  if (data_) detail::cleanse(data_.get(), size_);
}

}  // namespace layer::crypto
