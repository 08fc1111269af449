#include "layer/mtproto/transport/obfuscation.hpp"

#include <algorithm>
#include <array>

#include "layer/crypto/secure_bytes.hpp"
#include "layer/crypto/sha.hpp"
#include "layer/mtproto/transport/errors.hpp"
#include "wire.hpp"

namespace layer::mtproto::transport {
namespace {

constexpr std::size_t kKeyAt = 8;
constexpr std::size_t kTagAt = 56;
constexpr std::size_t kDcAt = 60;
constexpr std::size_t kSeedSize = kTagAt - kKeyAt;  // key ‖ iv

// First words that would make the stream look like another protocol to the
// server (or to a middlebox): HTTP verbs, the plain markers, a TLS record.
constexpr std::array<std::uint32_t, 7> kForbiddenFirstWords = {
    0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0xdddddddd, 0xeeeeeeee, 0x02010316,
};

using Seed = crypto::SecureArray<kSeedSize>;

Result<crypto::AesCtr> make_ctr(const Seed& seed, const Secret* secret) {
  const auto key = std::span<const std::byte, 32>(seed.data(), 32);
  const auto iv = std::span<const std::byte, 16>(seed.data() + 32, 16);  // seed = key ‖ iv
  if (secret == nullptr) return crypto::AesCtr::create(key, iv);
  const crypto::SecureArray<32> mixed(std::span<const std::byte, 32>(crypto::sha256({key, secret->key()})));
  return crypto::AesCtr::create(mixed.span(), iv);
}

Result<Kind> kind_of_tag(std::uint32_t tag) {
  switch (static_cast<ProtocolTag>(tag)) {
    case ProtocolTag::abridged:
      return Kind::obfuscated_abridged;
    case ProtocolTag::intermediate:
      return Kind::obfuscated_intermediate;
    case ProtocolTag::padded:
      return Kind::obfuscated_padded;
  }
  return std::error_code(transport_errc::unknown_protocol_tag);
}

}  // namespace

bool is_forbidden_header(std::span<const std::byte> header) noexcept {
  if (header.size() < 8) return false;
  const auto first = detail::load_le<std::uint32_t>(header);
  return header[0] == std::byte{0xef} ||
         std::find(kForbiddenFirstWords.begin(), kForbiddenFirstWords.end(), first) !=
             kForbiddenFirstWords.end() ||
         detail::load_le<std::uint32_t>(header, 4) == 0;
}

Obfuscator::Obfuscator(crypto::AesCtr send, crypto::AesCtr receive) noexcept
    : send_(std::move(send)), receive_(std::move(receive)) {}

Result<Obfuscator> Obfuscator::from_header(std::span<const std::byte, kObfuscatedHeaderSize> header,
                                           const Secret* secret, bool client) {
  Seed forward(header.subspan<kKeyAt, kSeedSize>());
  Seed backward;
  std::reverse_copy(forward.data(), forward.data() + kSeedSize, backward.data());
  auto outgoing = make_ctr(forward, secret);
  if (!outgoing) return outgoing.error();
  auto incoming = make_ctr(backward, secret);
  if (!incoming) return incoming.error();
  // The client sends with the forward keys; the server answers with the reversed ones.
  if (client) return Obfuscator(std::move(*outgoing), std::move(*incoming));
  return Obfuscator(std::move(*incoming), std::move(*outgoing));
}

Result<Obfuscator::Hello> Obfuscator::connect(crypto::Rng& rng, ProtocolTag tag,
                                              std::optional<std::int16_t> dc_id, const Secret* secret) {
  if (secret != nullptr && secret->padded_only() && tag != ProtocolTag::padded) {
    return std::error_code(transport_errc::padded_required);
  }
  ObfuscatedHeader init{};
  do {
    rng.fill(init);
  } while (is_forbidden_header(init));
  detail::store_le(init, kTagAt, static_cast<std::uint32_t>(tag));
  if (dc_id) detail::store_le(init, kDcAt, *dc_id);
  auto cipher = from_header(init, secret, true);
  if (!cipher) return cipher.error();
  // The whole header goes through the keystream, but only its tail is sent
  // encrypted: the rest must stay readable for the server to derive the keys.
  ObfuscatedHeader sealed = init;
  cipher->send(sealed);
  std::copy(sealed.begin() + kTagAt, sealed.end(), init.begin() + kTagAt);
  return Hello{init, std::move(*cipher)};
}

Result<Obfuscator::Accepted> Obfuscator::accept(std::span<const std::byte, kObfuscatedHeaderSize> header,
                                                const Secret* secret) {
  if (is_forbidden_header(header)) return std::error_code(transport_errc::forbidden_header);
  auto cipher = from_header(header, secret, false);
  if (!cipher) return cipher.error();
  ObfuscatedHeader plain;
  std::copy(header.begin(), header.end(), plain.begin());
  cipher->receive(plain);
  const auto kind = kind_of_tag(detail::load_le<std::uint32_t>(plain, kTagAt));
  if (!kind) return kind.error();
  if (secret != nullptr && secret->padded_only() && *kind != Kind::obfuscated_padded) {
    return std::error_code(transport_errc::padded_required);
  }
  return Accepted{std::move(*cipher), *kind, detail::load_le<std::int16_t>(plain, kDcAt)};
}

}  // namespace layer::mtproto::transport
