#include "layer/crypto/mtproto_kdf.hpp"

#include <openssl/crypto.h>

#include <algorithm>

#include "layer/crypto/le.hpp"
#include "layer/crypto/sha.hpp"

namespace layer::crypto {
namespace {

std::span<const std::byte> slice(const AuthKey& key, std::size_t offset, std::size_t size) {
  return key.bytes().subspan(offset, size);
}

}  // namespace

Sha256Digest msg_key_large(const AuthKey& key, std::span<const std::byte> plaintext, Direction dir) {
  const auto x = static_cast<std::size_t>(dir);
  return sha256({slice(key, 88 + x, 32), plaintext});
}

MsgKey msg_key(const Sha256Digest& large) {
  MsgKey out;
  std::copy_n(large.begin() + 8, 16, out.begin());
  return out;
}

MsgKey msg_key(const AuthKey& key, std::span<const std::byte> plaintext, Direction dir) {
  return msg_key(msg_key_large(key, plaintext, dir));
}

std::uint32_t quick_ack_token(const Sha256Digest& large) {
  return load_le<std::uint32_t>(large) | 0x80000000u;
}

// aes_key = a[0:8] ‖ b[8:24] ‖ a[24:32], aes_iv = b[0:8] ‖ a[8:24] ‖ b[24:32] with
// a = SHA256(msg_key ‖ auth_key[x:x+36]), b = SHA256(auth_key[40+x:76+x] ‖ msg_key).
// a and b are the key and IV in pieces: SecureArray's constructor from the returned
// digest wipes the temporary too.
MessageKeyIv message_key_iv(const AuthKey& key, const MsgKey& msg_key, Direction dir) {
  const auto x = static_cast<std::size_t>(dir);
  SecureArray<32> a(sha256({msg_key, slice(key, x, 36)}));
  SecureArray<32> b(sha256({slice(key, 40 + x, 36), msg_key}));
  const std::byte* pa = a.data();
  const std::byte* pb = b.data();
  MessageKeyIv out;
  std::copy(pa + 24, pa + 32, std::copy(pb + 8, pb + 24, std::copy(pa, pa + 8, out.key.data())));
  std::copy(pb + 24, pb + 32, std::copy(pa + 8, pa + 24, std::copy(pb, pb + 8, out.iv.data())));
  return out;
}

bool msg_key_equal(const MsgKey& a, const MsgKey& b) {
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

MsgKey msg_key_v1(std::span<const std::byte> plaintext) {
  const Sha1Digest digest = sha1(plaintext);
  MsgKey out;
  std::copy_n(digest.begin() + 4, 16, out.begin());
  return out;
}

// MTProto 1.0:
//   a = SHA1(msg_key ‖ auth_key[x:x+32])        b = SHA1(auth_key[32+x:48+x] ‖ msg_key ‖ auth_key[48+x:64+x])
//   c = SHA1(auth_key[64+x:96+x] ‖ msg_key)     d = SHA1(msg_key ‖ auth_key[96+x:128+x])
//   aes_key = a[0:8] ‖ b[8:20] ‖ c[4:16]        aes_iv = a[8:20] ‖ b[0:8] ‖ c[16:20] ‖ d[0:8]
// Wiped like the MTProto 2.0 digests above.
MessageKeyIv message_key_iv_v1(const AuthKey& key, const MsgKey& msg_key, Direction dir) {
  const auto x = static_cast<std::size_t>(dir);
  SecureArray<20> a(sha1({msg_key, slice(key, x, 32)}));
  SecureArray<20> b(sha1({slice(key, 32 + x, 16), msg_key, slice(key, 48 + x, 16)}));
  SecureArray<20> c(sha1({slice(key, 64 + x, 32), msg_key}));
  SecureArray<20> d(sha1({msg_key, slice(key, 96 + x, 32)}));
  const std::byte *pa = a.data(), *pb = b.data(), *pc = c.data(), *pd = d.data();
  MessageKeyIv out;
  std::copy(pc + 4, pc + 16, std::copy(pb + 8, pb + 20, std::copy(pa, pa + 8, out.key.data())));
  std::byte* iv = std::copy(pb, pb + 8, std::copy(pa + 8, pa + 20, out.iv.data()));
  std::copy(pd, pd + 8, std::copy(pc + 16, pc + 20, iv));
  return out;
}

}  // namespace layer::crypto
