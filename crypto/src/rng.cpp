#include "layer/crypto/rng.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <system_error>

#include "layer/crypto/error.hpp"
#include "layer/crypto/sha.hpp"

namespace layer::crypto {

void OsRng::fill(std::span<std::byte> out) {
  while (!out.empty()) {
    const std::size_t n = std::min<std::size_t>(out.size(), INT_MAX);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
      throw std::system_error(make_error_code(crypto_errc::openssl_failure));
    }
    out = out.subspan(n);
  }
}

DeterministicRng::DeterministicRng(std::uint64_t seed) noexcept : seed_(seed) {}

void DeterministicRng::fill(std::span<std::byte> out) {
  for (std::byte& b : out) {
    if (used_ == block_.size()) {
      std::array<std::byte, 16> input;
      for (int i = 0; i < 8; ++i) {
        input[i] = static_cast<std::byte>(seed_ >> (56 - 8 * i));
        input[8 + i] = static_cast<std::byte>(counter_ >> (56 - 8 * i));
      }
      ++counter_;
      block_ = sha256(input);
      used_ = 0;
    }
    b = block_[used_++];
  }
}

}  // namespace layer::crypto
