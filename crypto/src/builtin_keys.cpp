// Telegram's RSA keys, embedded from crypto/data/telegram-rsa-keys.pem (see
// crypto/data/PROVENANCE.md); keep both in sync when Telegram rotates keys.
#include <array>
#include <string_view>
#include <vector>

#include "layer/crypto/rsa.hpp"

namespace layer::crypto {
namespace {

// Production key, fingerprint -3414540481677951611 (0xd09d1d85de64fd85).
constexpr std::string_view kProductionKey = R"(-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g
5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO
62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/
+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9
t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs
5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB
-----END RSA PUBLIC KEY-----
)";

// Test DC key, fingerprint -5595554452916591101 (0xb25898df208d2603).
constexpr std::string_view kTestKey = R"(-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAyMEdY1aR+sCR3ZSJrtztKTKqigvO/vBfqACJLZtS7QMgCGXJ6XIR
yy7mx66W0/sOFa7/1mAZtEoIokDP3ShoqF4fVNb6XeqgQfaUHd8wJpDWHcR2OFwv
plUUI1PLTktZ9uW2WE23b+ixNwJjJGwBDJPQEQFBE+vfmH0JP503wr5INS1poWg/
j25sIWeYPHYeOrFp/eXaqhISP6G+q2IeTaWTXpwZj4LzXq5YOpk4bYEQ6mvRq7D1
aHWfYmlEGepfaYR8Q0YqvvhYtMte3ITnuSJs171+GDqpdKcSwHnd6FudwGO4pcCO
j4WcDuXc2CTHgH8gFTNhp/Y8/SpDOhvn9QIDAQAB
-----END RSA PUBLIC KEY-----
)";

}  // namespace

std::span<const RsaPublicKey> builtin_keys() {
  // Parsing constants cannot fail at run time; value() would throw if the
  // embedded text were ever corrupted, which the tests catch.
  static const std::vector<RsaPublicKey> keys = [] {
    std::vector<RsaPublicKey> v;
    for (std::string_view pem : std::array{kProductionKey, kTestKey})
      v.push_back(RsaPublicKey::from_pem(pem).value());
    return v;
  }();
  return keys;
}

}  // namespace layer::crypto
