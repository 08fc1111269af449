#include "layer/crypto/error.hpp"

#include <string>

namespace layer::crypto {
namespace {

class CryptoCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "layer.crypto"; }

  std::string message(int ev) const override {
    switch (static_cast<crypto_errc>(ev)) {
      case crypto_errc::invalid_length:
        return "input length not accepted by the algorithm";
      case crypto_errc::openssl_failure:
        return "OpenSSL internal failure";
      case crypto_errc::malformed_pem:
        return "PEM text does not contain an RSA key";
      case crypto_errc::unsupported_rsa_key:
        return "key is not a 2048-bit RSA key";
      case crypto_errc::rsa_data_too_long:
        return "RSA_PAD data longer than 144 bytes";
      case crypto_errc::rsa_value_too_large:
        return "RSA input is not below the modulus";
      case crypto_errc::rsa_decrypt_failed:
        return "RSA payload matches neither RSA_PAD nor the old scheme";
      case crypto_errc::unknown_fingerprint:
        return "no known RSA key matches the offered fingerprints";
      case crypto_errc::pq_invalid:
        return "pq is below 4";
      case crypto_errc::pq_prime:
        return "pq is prime";
      case crypto_errc::pq_not_semiprime:
        return "pq is not a product of two primes";
      case crypto_errc::pq_too_hard:
        return "pq not factored within the work bound";
      case crypto_errc::dh_prime_bad_size:
        return "dh_prime is not a 2048-bit number";
      case crypto_errc::dh_prime_not_safe:
        return "dh_prime is not a safe prime";
      case crypto_errc::dh_g_unsupported:
        return "DH generator g is not in 2..7";
      case crypto_errc::dh_g_not_generator:
        return "DH generator g fails its quadratic-residue condition";
      case crypto_errc::dh_value_out_of_range:
        return "DH value outside [2^1984, dh_prime - 2^1984]";
      case crypto_errc::srp_value_out_of_range:
        return "SRP public value outside the allowed range";
      case crypto_errc::srp_proof_mismatch:
        return "SRP proof M1 does not match";
      case crypto_errc::rsa_pad_attempts_exhausted:
        return "RSA_PAD found no temp key giving a value below the modulus (is the Rng broken?)";
    }
    return "unknown layer.crypto error";
  }
};

}  // namespace

const std::error_category& crypto_category() noexcept {
  static const CryptoCategory category;
  return category;
}

}  // namespace layer::crypto
