#include "layer/crypto/sha.hpp"

#include <system_error>

#include "layer/crypto/error.hpp"
#include "openssl_util.hpp"

namespace layer::crypto {

struct detail::HashState {
  EVP_MD_CTX* ctx;
  const EVP_MD* md;
};

void detail::HashStateDeleter::operator()(HashState* s) const noexcept {
  EVP_MD_CTX_free(s->ctx);
  delete s;
}

namespace {

using State = std::unique_ptr<detail::HashState, detail::HashStateDeleter>;

[[noreturn]] void fail() {
  throw std::system_error(make_error_code(crypto_errc::openssl_failure));
}

State make_state(const EVP_MD* (*md)()) {
  try {
    State s(new detail::HashState{EVP_MD_CTX_new(), md()});
    if (s->ctx == nullptr || EVP_DigestInit_ex2(s->ctx, s->md, nullptr) != 1) fail();
    return s;
  } catch (const detail::OpensslFailure&) {
    fail();
  }
}

void update(detail::HashState& s, ByteSpan data) {
  if (EVP_DigestUpdate(s.ctx, data.data(), data.size()) != 1) fail();
}

template <std::size_t N>
std::array<std::byte, N> finish(detail::HashState& s) {
  std::array<std::byte, N> out;
  if (EVP_DigestFinal_ex(s.ctx, detail::uc(out.data()), nullptr) != 1) fail();
  if (EVP_DigestInit_ex2(s.ctx, s.md, nullptr) != 1) fail();
  return out;
}

// One reusable context per thread and algorithm: the per-message KDF hashes
// several times, and allocating a context each time costs more than the hash.
template <std::size_t N>
std::array<std::byte, N> one_shot(const EVP_MD* (*md)(), std::initializer_list<ByteSpan> pieces) {
  thread_local State s;
  if (!s) s = make_state(md);
  try {
    for (ByteSpan piece : pieces) update(*s, piece);
    return finish<N>(*s);
  } catch (...) {
    s.reset();  // never let a half-fed context leak into the next digest
    throw;
  }
}

}  // namespace

Sha1Digest sha1(ByteSpan data) {
  return one_shot<20>(detail::md_sha1, {data});
}
Sha1Digest sha1(std::initializer_list<ByteSpan> pieces) {
  return one_shot<20>(detail::md_sha1, pieces);
}
Sha256Digest sha256(ByteSpan data) {
  return one_shot<32>(detail::md_sha256, {data});
}
Sha256Digest sha256(std::initializer_list<ByteSpan> pieces) {
  return one_shot<32>(detail::md_sha256, pieces);
}

Sha1::Sha1() : state_(make_state(detail::md_sha1)) {}

Sha1& Sha1::update(ByteSpan data) {
  crypto::update(*state_, data);
  return *this;
}

Sha1Digest Sha1::finish() {
  return crypto::finish<20>(*state_);
}

Sha256::Sha256() : state_(make_state(detail::md_sha256)) {}

Sha256& Sha256::update(ByteSpan data) {
  crypto::update(*state_, data);
  return *this;
}

Sha256Digest Sha256::finish() {
  return crypto::finish<32>(*state_);
}

}  // namespace layer::crypto
