// Error reporting of layer::crypto: every check that can fail on input (wire data,
// PEM text, lengths) reports a crypto_errc through std::error_code, as a Result<T>
// or a plain error_code, and never throws. The only exception is
// std::system_error(crypto_errc::openssl_failure) from the calls whose signature
// cannot fail (hashes, KDFs), for the case OpenSSL cannot allocate a context.
#pragma once

#include <cassert>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace layer::crypto {

enum class crypto_errc {
  // Success is 0, as std::error_code requires.
  invalid_length = 1,      // an input whose size the algorithm does not accept
  openssl_failure,         // OpenSSL reported an internal error (allocation, provider)
  malformed_pem,           // PEM text that does not decode to an RSA key
  unsupported_rsa_key,     // a decoded key that is not 2048-bit RSA
  rsa_data_too_long,       // RSA_PAD payload above 144 bytes
  rsa_value_too_large,     // ciphertext not below the modulus
  rsa_decrypt_failed,      // neither RSA_PAD nor the old scheme recognised
  unknown_fingerprint,     // server offered no key we know
  pq_invalid,              // pq below 4
  pq_prime,                // pq is prime: nothing to split
  pq_not_semiprime,        // a factor found, but p or q is composite
  pq_too_hard,             // no factor within the work bound
  dh_prime_bad_size,       // dh_prime is not exactly 2048 bits
  dh_prime_not_safe,       // p or (p-1)/2 is not prime
  dh_g_unsupported,        // g outside 2..7
  dh_g_not_generator,      // g fails its quadratic-residue condition for p
  dh_value_out_of_range,   // g_a / g_b outside [2^1984, p - 2^1984]
  srp_value_out_of_range,  // SRP B (or A) outside the DH bounds
  srp_proof_mismatch,      // client M1 does not match the server's
  // Appended rather than grouped with the RSA codes so existing values keep their numbers.
  rsa_pad_attempts_exhausted,  // no RSA_PAD temp key gave a value below the modulus (broken Rng)
};

const std::error_category& crypto_category() noexcept;

inline std::error_code make_error_code(crypto_errc e) noexcept {
  return {static_cast<int>(e), crypto_category()};
}

// A value or the reason there is none. Kept tiny on purpose: C++20 has no
// std::expected and crypto must not link Boost.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Result(std::error_code ec) : v_(ec) { assert(ec); }  // NOLINT(google-explicit-constructor)
  Result(crypto_errc e) : v_(make_error_code(e)) {}    // NOLINT(google-explicit-constructor)

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  std::error_code error() const noexcept { return has_value() ? std::error_code{} : std::get<1>(v_); }

  // Throws std::system_error when there is no value.
  T& value() & { return check(), std::get<0>(v_); }
  const T& value() const& { return check(), std::get<0>(v_); }
  T&& value() && { return check(), std::get<0>(std::move(v_)); }

  T& operator*() & noexcept { return std::get<0>(v_); }
  const T& operator*() const& noexcept { return std::get<0>(v_); }
  T* operator->() noexcept { return &std::get<0>(v_); }
  const T* operator->() const noexcept { return &std::get<0>(v_); }

 private:
  void check() const {
    if (!has_value()) throw std::system_error(std::get<1>(v_));
  }

  std::variant<T, std::error_code> v_;
};

}  // namespace layer::crypto

template <>
struct std::is_error_code_enum<layer::crypto::crypto_errc> : std::true_type {};
