#include "layer/crypto/auth_key.hpp"

#include <algorithm>

#include "layer/crypto/le.hpp"
#include "layer/crypto/sha.hpp"

namespace layer::crypto {

// The digest is left unwiped: it holds only auth_key_id and aux_hash (see auth_key.hpp).
AuthKey::AuthKey(std::span<const std::byte, kAuthKeySize> key) : key_(key) {
  const Sha1Digest digest = sha1(key);
  id_ = load_le<std::uint64_t>(digest, 12);
  std::copy_n(digest.begin(), 8, aux_hash_.begin());
}

std::array<std::byte, 8> AuthKey::id_bytes() const {
  std::array<std::byte, 8> out;
  store_le(out, 0, id_);
  return out;
}

std::array<std::byte, 16> new_nonce_hash(Nonce256 new_nonce, std::uint8_t number, const AuthKey& key) {
  const std::array<std::byte, 1> tag{static_cast<std::byte>(number)};
  const std::array<std::byte, 8> aux = key.aux_hash();
  const Sha1Digest digest = sha1({new_nonce, tag, aux});
  std::array<std::byte, 16> out;
  std::copy_n(digest.begin() + 4, 16, out.begin());
  return out;
}

// tmp_aes_key = SHA1(new ‖ server) ‖ SHA1(server ‖ new)[0:12]
// tmp_aes_iv  = SHA1(server ‖ new)[12:20] ‖ SHA1(new ‖ new) ‖ new[0:4]
// The digests are the key and IV themselves, so they are held in wiped storage.
TmpAesKeyIv tmp_aes_key_iv(Nonce256 new_nonce, Nonce128 server_nonce) {
  const SecureArray<20> ns(sha1({new_nonce, server_nonce}));
  const SecureArray<20> sn(sha1({server_nonce, new_nonce}));
  const SecureArray<20> nn(sha1({new_nonce, new_nonce}));
  TmpAesKeyIv out;
  std::byte* key = out.key.data();
  key = std::copy_n(ns.data(), ns.size(), key);
  std::copy_n(sn.data(), 12, key);
  std::byte* iv = out.iv.data();
  iv = std::copy_n(sn.data() + 12, 8, iv);
  iv = std::copy_n(nn.data(), nn.size(), iv);
  std::copy_n(new_nonce.begin(), 4, iv);
  return out;
}

}  // namespace layer::crypto
