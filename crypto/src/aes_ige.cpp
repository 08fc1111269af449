#include "layer/crypto/aes_ige.hpp"

#include <algorithm>

#include "aes_ige_ni.hpp"
#include "layer/crypto/error.hpp"
#include "layer/crypto/secure_bytes.hpp"
#include "openssl_util.hpp"

namespace layer::crypto {
namespace {

// The working blocks of the EVP path hold plaintext (x_prev when decrypting, the
// input block when encrypting), so they wipe themselves on every way out.
using Block = SecureArray<kAesBlockSize>;

void xor_into(Block& dst, const std::byte* src) noexcept {
  for (std::size_t i = 0; i < kAesBlockSize; ++i) dst.data()[i] ^= src[i];
}

const EVP_CIPHER* aes256_ecb() {
  static const EVP_CIPHER* cipher = [] {
    EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "AES-256-ECB", nullptr);
    detail::ensure(c != nullptr);
    return c;
  }();
  return cipher;
}

// The portable path: EVP AES-256-ECB one block at a time, since every block's
// input depends on the previous block's output.
void evp_ige(bool encrypt, AesKey key, AesIgeIv iv, std::span<const std::byte> in, std::span<std::byte> out) {
  detail::CipherCtx ctx(EVP_CIPHER_CTX_new());
  detail::ensure(ctx != nullptr);
  detail::ensure(EVP_CipherInit_ex2(ctx.get(), aes256_ecb(), detail::uc(key.data()), nullptr, encrypt ? 1 : 0,
                                    nullptr) == 1);
  detail::ensure(EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1);
  // Encrypting, "chain" is y (previous ciphertext) and "other" x (previous
  // plaintext); decrypting, the roles swap.
  Block chain, other, in_block, tmp;
  std::copy_n(iv.data() + (encrypt ? 0 : 16), 16, chain.data());
  std::copy_n(iv.data() + (encrypt ? 16 : 0), 16, other.data());
  for (std::size_t off = 0; off < in.size(); off += kAesBlockSize) {
    std::copy_n(in.data() + off, kAesBlockSize, in_block.data());
    tmp = in_block;
    xor_into(tmp, chain.data());
    int len = 0;
    const int ok = EVP_CipherUpdate(ctx.get(), detail::uc(tmp.data()), &len, detail::uc(tmp.data()), 16);
    detail::ensure(ok == 1 && len == 16);
    xor_into(tmp, other.data());
    std::copy_n(tmp.data(), kAesBlockSize, out.data() + off);
    chain = tmp;
    other = in_block;
  }
}

std::error_code run(bool encrypt, AesKey key, AesIgeIv iv, std::span<const std::byte> in,
                    std::span<std::byte> out, AesBackend backend) {
  if (in.size() % kAesBlockSize != 0 || out.size() != in.size()) return crypto_errc::invalid_length;
  if (backend != AesBackend::evp && aesni_available()) {
    auto* f = encrypt ? detail::aesni_ige_encrypt : detail::aesni_ige_decrypt;
    f(key.data(), iv.data(), in.data(), out.data(), in.size() / kAesBlockSize);
    return {};
  }
  try {
    evp_ige(encrypt, key, iv, in, out);
    return {};
  } catch (const detail::OpensslFailure&) {
    return crypto_errc::openssl_failure;
  }
}

}  // namespace

bool aesni_available() noexcept {
  static const bool available = detail::aesni_supported();
  return available;
}

std::error_code aes_ige_encrypt(AesKey key, AesIgeIv iv, std::span<const std::byte> in,
                                std::span<std::byte> out, AesBackend backend) {
  return run(true, key, iv, in, out, backend);
}

std::error_code aes_ige_decrypt(AesKey key, AesIgeIv iv, std::span<const std::byte> in,
                                std::span<std::byte> out, AesBackend backend) {
  return run(false, key, iv, in, out, backend);
}

}  // namespace layer::crypto
