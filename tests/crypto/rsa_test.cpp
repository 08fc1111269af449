#include <algorithm>

#include <gtest/gtest.h>

#include "layer/crypto/aes_ige.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/crypto/sha.hpp"
#include "test_util.hpp"

namespace layer::crypto {
namespace {

using test::Bytes;
using test::fixed;
using test::hex;
using test::unhex;

constexpr std::int64_t kFakeDcFingerprint = 3256475598533288852;
constexpr std::int64_t kProductionFingerprint = -3414540481677951611;
constexpr std::int64_t kTestDcFingerprint = -5595554452916591101;

RsaPrivateKey fake_dc_private() {
  return RsaPrivateKey::from_pem(test::crypto_data("fake_dc_rsa_private.pem")).value();
}

// Replays fixed bytes, then fails the test if asked for more.
class ScriptedRng final : public Rng {
 public:
  explicit ScriptedRng(Bytes script) : script_(std::move(script)) {}
  void fill(std::span<std::byte> out) override {
    ASSERT_LE(pos_ + out.size(), script_.size()) << "scripted randomness exhausted";
    std::copy_n(script_.begin() + static_cast<std::ptrdiff_t>(pos_), out.size(), out.begin());
    pos_ += out.size();
  }
  std::size_t remaining() const { return script_.size() - pos_; }

 private:
  Bytes script_;
  std::size_t pos_ = 0;
};

TEST(RsaFingerprint, MatchesEveryKeyInTheSharedVectors) {
  int checked = 0;
  for (const auto& v : test::load_vectors("auth_key")) {
    if (!v.contains("fingerprint_int64")) continue;
    SCOPED_TRACE(v.at("name").get<std::string>());
    auto key = RsaPublicKey::from_components(unhex(v.at("n").get<std::string>()),
                                             unhex(v.at("e").get<std::string>()));
    ASSERT_TRUE(key) << key.error().message();
    EXPECT_EQ(key->fingerprint(), v.at("fingerprint_int64").get<std::int64_t>());
    Bytes le(8);
    for (int i = 0; i < 8; ++i)
      le[i] = static_cast<std::byte>(static_cast<std::uint64_t>(key->fingerprint()) >> (8 * i));
    EXPECT_EQ(hex(le), v.at("fingerprint_le").get<std::string>());
    EXPECT_EQ(hex(key->modulus()), v.at("n").get<std::string>());
    ++checked;
  }
  EXPECT_EQ(checked, 11);
}

TEST(RsaKeys, BuiltinKeysAreTelegramsAndMatchTheDataFile) {
  const auto keys = builtin_keys();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].fingerprint(), kProductionFingerprint);
  EXPECT_EQ(keys[1].fingerprint(), kTestDcFingerprint);
  const std::string file = test::read_file(std::string(LAYER_CRYPTO_KEYS_DIR) + "/telegram-rsa-keys.pem");
  const std::string begin = "-----BEGIN RSA PUBLIC KEY-----";
  std::size_t found = 0;
  for (std::size_t at = file.find(begin); at != std::string::npos; at = file.find(begin, at + 1), ++found) {
    ASSERT_LT(found, keys.size());
    EXPECT_EQ(RsaPublicKey::from_pem(file.substr(at)).value().fingerprint(), keys[found].fingerprint());
  }
  EXPECT_EQ(found, keys.size());
}

TEST(RsaKeys, LoadsPkcs1AndSpkiPublicKeysAndPkcs1PrivateKey) {
  EXPECT_EQ(RsaPublicKey::from_pem(test::crypto_data("fake_dc_rsa_public.pem")).value().fingerprint(),
            kFakeDcFingerprint);
  EXPECT_EQ(RsaPublicKey::from_pem(test::crypto_data("fake_dc_rsa_public_spki.pem")).value().fingerprint(),
            kFakeDcFingerprint);
  EXPECT_EQ(fake_dc_private().public_key().fingerprint(), kFakeDcFingerprint);
}

TEST(RsaKeys, RejectsMalformedOrUnsuitablePem) {
  const auto malformed = make_error_code(crypto_errc::malformed_pem);
  EXPECT_EQ(RsaPublicKey::from_pem("").error(), malformed);
  EXPECT_EQ(RsaPublicKey::from_pem("not a key at all").error(), malformed);
  std::string truncated = test::crypto_data("fake_dc_rsa_public.pem");
  truncated.erase(truncated.size() / 2);
  EXPECT_EQ(RsaPublicKey::from_pem(truncated).error(), malformed);
  std::string corrupted = test::crypto_data("fake_dc_rsa_public.pem");
  corrupted[40] = corrupted[40] == 'A' ? 'B' : 'A';
  corrupted[41] = '!';
  EXPECT_EQ(RsaPublicKey::from_pem(corrupted).error(), malformed);
  EXPECT_EQ(RsaPublicKey::from_pem(test::crypto_data("ec_public.pem")).error(), malformed);
  EXPECT_EQ(RsaPublicKey::from_pem(test::crypto_data("rsa1024_public.pem")).error(),
            make_error_code(crypto_errc::unsupported_rsa_key));
  // A public key is not a private key.
  EXPECT_EQ(RsaPrivateKey::from_pem(test::crypto_data("fake_dc_rsa_public.pem")).error(), malformed);
}

TEST(RsaKeys, SelectsTheFirstKnownKeyAndRejectsUnknownFingerprints) {
  const std::vector<std::int64_t> unknown{1, 2, -3};
  EXPECT_EQ(select_key(unknown, builtin_keys()).error(), make_error_code(crypto_errc::unknown_fingerprint));
  EXPECT_EQ(select_key({}, builtin_keys()).error(), make_error_code(crypto_errc::unknown_fingerprint));
  const std::vector<std::int64_t> offered{7, kTestDcFingerprint, kProductionFingerprint};
  EXPECT_EQ(select_key(offered, builtin_keys()).value().fingerprint(), kProductionFingerprint);
  const std::vector<RsaPublicKey> fake{fake_dc_private().public_key()};
  EXPECT_EQ(select_key(offered, fake).error(), make_error_code(crypto_errc::unknown_fingerprint));
}

TEST(RsaPad, RoundTripsThroughTheFakeDcKeyPair) {
  const RsaPrivateKey priv = fake_dc_private();
  DeterministicRng rng(17);
  for (std::size_t len : {0u, 1u, 96u, 143u, 144u}) {
    Bytes data(len);
    rng.fill(data);
    auto encrypted = priv.public_key().encrypt_rsa_pad(data, rng);
    ASSERT_TRUE(encrypted) << encrypted.error().message();
    auto decrypted = priv.decrypt_inner_data(*encrypted);
    ASSERT_TRUE(decrypted) << decrypted.error().message();
    EXPECT_EQ(decrypted->scheme, RsaScheme::rsa_pad);
    ASSERT_EQ(decrypted->data.size(), 192u);
    EXPECT_EQ(hex(decrypted->data.span().first(len)), hex(data));
  }
}

TEST(RsaPad, MatchesAnIndependentReference) {
  const auto ref = nlohmann::json::parse(test::crypto_data("rsa_schemes.json")).at("rsa_pad");
  const Bytes data = unhex(ref.at("data").get<std::string>());
  // encrypt_rsa_pad draws the padding first, then temp_key.
  ScriptedRng rng(unhex(ref.at("random_padding").get<std::string>() + ref.at("temp_key").get<std::string>()));
  auto encrypted = fake_dc_private().public_key().encrypt_rsa_pad(data, rng);
  ASSERT_TRUE(encrypted);
  EXPECT_EQ(hex(*encrypted), ref.at("encrypted").get<std::string>());
}

Bytes concat(std::initializer_list<std::span<const std::byte>> parts) {
  Bytes out;
  for (auto part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// One RSA_PAD attempt written out from the spec, to find temp keys whose result is
// not below the modulus: (temp_key XOR SHA256(aes)) ‖ aes with
// aes = IGE(temp_key, zero IV, reverse(padded) ‖ SHA256(temp_key ‖ padded)).
RsaBlock rsa_pad_attempt(const Bytes& padded, const Bytes& temp_key) {
  Bytes aes(padded.rbegin(), padded.rend());
  const Sha256Digest inner = sha256({temp_key, padded});
  aes.insert(aes.end(), inner.begin(), inner.end());
  EXPECT_FALSE(aes_ige_encrypt(fixed<32>(temp_key), std::array<std::byte, 32>{}, aes));
  const Sha256Digest mask = sha256(aes);
  RsaBlock out;
  for (std::size_t i = 0; i < 32; ++i) out[i] = temp_key[i] ^ mask[i];
  std::copy(aes.begin(), aes.end(), out.begin() + 32);
  return out;
}

bool below_modulus(const RsaBlock& v, const RsaPublicKey& key) {
  const auto n = key.modulus();
  EXPECT_EQ(n.size(), kRsaSize);  // big-endian, same length: byte order is numeric order
  return std::lexicographical_compare(v.begin(), v.end(), n.begin(), n.end());
}

// Draws temp keys from source until one gives a padded value on the wanted side of n.
Bytes find_temp_key(Rng& source, const Bytes& padded, const RsaPublicKey& key, bool want_below) {
  Bytes temp_key(32);
  for (int tries = 0; tries < 200; ++tries) {
    source.fill(temp_key);
    if (below_modulus(rsa_pad_attempt(padded, temp_key), key) == want_below) return temp_key;
  }
  ADD_FAILURE() << "no temp key found";
  return temp_key;
}

TEST(RsaPad, RetriesWithANewTempKeyWhileTheValueIsNotBelowTheModulus) {
  const RsaPrivateKey priv = fake_dc_private();
  const RsaPublicKey& pub = priv.public_key();
  DeterministicRng source(31);
  Bytes data(100), padding(92);
  source.fill(data);
  source.fill(padding);
  const Bytes padded = concat({data, padding});
  // The fake DC's n starts with 0xb4, so roughly three temp keys in ten land at or
  // above it: a short search finds one, then a good one.
  const Bytes too_large = find_temp_key(source, padded, pub, false);
  const Bytes good = find_temp_key(source, padded, pub, true);

  ScriptedRng rng(concat({padding, too_large, good}));
  auto encrypted = pub.encrypt_rsa_pad(data, rng);
  ASSERT_TRUE(encrypted) << encrypted.error().message();
  EXPECT_EQ(rng.remaining(), 0u);  // the second temp key was drawn: the first was refused
  // The same block as if the good key had come first, and as the spec computes it.
  ScriptedRng direct(concat({padding, good}));
  EXPECT_EQ(hex(*encrypted), hex(pub.encrypt_rsa_pad(data, direct).value()));
  EXPECT_EQ(hex(*encrypted), hex(pub.encrypt_raw(rsa_pad_attempt(padded, good)).value()));

  auto decrypted = priv.decrypt_inner_data(*encrypted);
  ASSERT_TRUE(decrypted) << decrypted.error().message();
  EXPECT_EQ(decrypted->scheme, RsaScheme::rsa_pad);
  EXPECT_EQ(hex(decrypted->data.span()), hex(padded));
}

// Hands out the padding, then the same temp key for every attempt.
class StuckRng final : public Rng {
 public:
  StuckRng(Bytes padding, Bytes temp_key) : padding_(std::move(padding)), temp_key_(std::move(temp_key)) {}
  void fill(std::span<std::byte> out) override {
    const Bytes& next = padding_drawn_ ? temp_key_ : padding_;
    ASSERT_EQ(out.size(), next.size());
    std::copy(next.begin(), next.end(), out.begin());
    if (padding_drawn_) ++temp_keys_drawn_;
    padding_drawn_ = true;
  }
  int temp_keys_drawn() const { return temp_keys_drawn_; }

 private:
  Bytes padding_, temp_key_;
  bool padding_drawn_ = false;
  int temp_keys_drawn_ = 0;
};

TEST(RsaPad, GivesUpWithAClearErrorAfterBoundedAttempts) {
  const RsaPublicKey pub = fake_dc_private().public_key();
  DeterministicRng source(37);
  Bytes data(100), padding(92);
  source.fill(data);
  source.fill(padding);
  StuckRng rng(padding, find_temp_key(source, concat({data, padding}), pub, false));
  const auto result = pub.encrypt_rsa_pad(data, rng);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), make_error_code(crypto_errc::rsa_pad_attempts_exhausted));
  EXPECT_NE(result.error().message().find("temp key"), std::string::npos) << result.error().message();
  EXPECT_EQ(rng.temp_keys_drawn(), kRsaPadMaxAttempts);
}

TEST(RsaPad, RejectsDataAbove144Bytes) {
  DeterministicRng rng(1);
  EXPECT_EQ(builtin_keys()[0].encrypt_rsa_pad(Bytes(145), rng).error(),
            make_error_code(crypto_errc::rsa_data_too_long));
}

TEST(RsaOldScheme, DecryptsTelethonCiphertext) {
  const auto ref = nlohmann::json::parse(test::crypto_data("rsa_schemes.json")).at("old_scheme");
  auto decrypted = fake_dc_private().decrypt_inner_data(unhex(ref.at("encrypted").get<std::string>()));
  ASSERT_TRUE(decrypted) << decrypted.error().message();
  EXPECT_EQ(decrypted->scheme, RsaScheme::old_sha1);
  EXPECT_EQ(hex(decrypted->data.span()), ref.at("data").get<std::string>());
}

TEST(RsaOldScheme, DecryptsAPayloadBuiltLikeTelethon) {
  const RsaPrivateKey priv = fake_dc_private();
  DeterministicRng rng(23);
  for (std::size_t len : {0u, 4u, 96u, 235u}) {
    Bytes data(len);
    rng.fill(data);
    // 0 ‖ sha1(data) ‖ data ‖ random up to 255 bytes: Telethon's raw RSA input.
    RsaBlock block{};
    const Sha1Digest digest = sha1(data);
    std::copy(digest.begin(), digest.end(), block.begin() + 1);
    std::copy(data.begin(), data.end(), block.begin() + 21);
    rng.fill(std::span(block).subspan(21 + len));
    auto encrypted = priv.public_key().encrypt_raw(block);
    ASSERT_TRUE(encrypted);
    auto decrypted = priv.decrypt_inner_data(*encrypted);
    ASSERT_TRUE(decrypted) << decrypted.error().message();
    EXPECT_EQ(decrypted->scheme, RsaScheme::old_sha1);
    EXPECT_EQ(hex(decrypted->data.span()), hex(data));
  }
}

TEST(RsaDecrypt, RejectsTamperedOversizedAndOutOfRangeInput) {
  const RsaPrivateKey priv = fake_dc_private();
  DeterministicRng rng(5);
  RsaBlock encrypted = priv.public_key().encrypt_rsa_pad(Bytes(64), rng).value();
  encrypted[100] ^= std::byte{1};
  EXPECT_EQ(priv.decrypt_inner_data(encrypted).error(), make_error_code(crypto_errc::rsa_decrypt_failed));
  EXPECT_EQ(priv.decrypt_inner_data(Bytes(257)).error(), make_error_code(crypto_errc::invalid_length));
  const Bytes all_ones(256, std::byte{0xff});
  EXPECT_EQ(priv.decrypt_inner_data(all_ones).error(), make_error_code(crypto_errc::rsa_value_too_large));
  EXPECT_EQ(priv.public_key().encrypt_raw(test::fixed<256>(all_ones)).error(),
            make_error_code(crypto_errc::rsa_value_too_large));
}

TEST(RsaPad, SameSeedSameCiphertext) {
  const RsaPublicKey& key = builtin_keys()[0];
  DeterministicRng a(9), b(9), c(10);
  const Bytes data(100, std::byte{3});
  EXPECT_EQ(key.encrypt_rsa_pad(data, a).value(), key.encrypt_rsa_pad(data, b).value());
  EXPECT_NE(key.encrypt_rsa_pad(data, a).value(), key.encrypt_rsa_pad(data, c).value());
}

}  // namespace
}  // namespace layer::crypto
