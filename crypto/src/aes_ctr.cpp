#include "layer/crypto/aes_ctr.hpp"

#include <algorithm>
#include <cassert>

#include "openssl_util.hpp"

namespace layer::crypto {

struct AesCtr::Impl {
  detail::CipherCtx ctx;
};

AesCtr::AesCtr(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AesCtr::AesCtr(AesCtr&&) noexcept = default;
AesCtr& AesCtr::operator=(AesCtr&&) noexcept = default;
AesCtr::~AesCtr() = default;  // EVP_CIPHER_CTX_free cleanses the key schedule

Result<AesCtr> AesCtr::create(std::span<const std::byte, 32> key, std::span<const std::byte, 16> iv) {
  try {
    static const EVP_CIPHER* cipher = [] {
      EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "AES-256-CTR", nullptr);
      detail::ensure(c != nullptr);
      return c;
    }();
    auto impl = std::make_unique<Impl>(Impl{detail::CipherCtx(EVP_CIPHER_CTX_new())});
    detail::ensure(impl->ctx != nullptr);
    detail::ensure(EVP_EncryptInit_ex2(impl->ctx.get(), cipher, detail::uc(key.data()), detail::uc(iv.data()),
                                       nullptr) == 1);
    return AesCtr(std::move(impl));
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

void AesCtr::apply(std::span<std::byte> data) noexcept {
  apply(data, data);
}

void AesCtr::apply(std::span<const std::byte> in, std::span<std::byte> out) noexcept {
  assert(in.size() == out.size());
  // CTR over an initialised context only XORs keystream; OpenSSL cannot fail here
  // short of a size above INT_MAX, which the loop avoids.
  constexpr std::size_t kChunk = 1 << 30;
  for (std::size_t off = 0; off < in.size(); off += kChunk) {
    const int n = static_cast<int>(std::min(kChunk, in.size() - off));
    int len = 0;
    EVP_EncryptUpdate(impl_->ctx.get(), detail::uc(out.data() + off), &len, detail::uc(in.data() + off), n);
  }
}

}  // namespace layer::crypto
