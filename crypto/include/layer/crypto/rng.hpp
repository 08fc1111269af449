// Randomness behind an interface, so the sans-IO core never reaches for a global
// source and tests replay a handshake byte for byte.
//
// One convention across the libraries: a function that draws randomness once
// takes an Rng& per call; an object that draws it for its whole life takes an
// Rng& at construction and keeps a reference to it (a pointer where the object
// must stay assignable): the caller owns the Rng and keeps it alive at least
// as long as the object. Nothing holds an Rng by value, so one seeded Rng
// drives a whole test in a reproducible order. (The async client, which
// outlives the call that made it, shares its Rng through Config.)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace layer::crypto {

struct Rng {
  virtual ~Rng() = default;
  virtual void fill(std::span<std::byte> out) = 0;
};

// OpenSSL's CSPRNG (RAND_bytes). Throws std::system_error(crypto_errc::openssl_failure)
// if OpenSSL cannot produce bytes, rather than hand out predictable ones.
class OsRng final : public Rng {
 public:
  void fill(std::span<std::byte> out) override;
};

// Reproducible stream for tests: SHA-256(be64(seed) ‖ be64(counter)) blocks. Not secret.
class DeterministicRng final : public Rng {
 public:
  explicit DeterministicRng(std::uint64_t seed) noexcept;
  void fill(std::span<std::byte> out) override;

 private:
  std::uint64_t seed_;
  std::uint64_t counter_ = 0;
  std::array<std::byte, 32> block_{};
  std::size_t used_ = 32;
};

}  // namespace layer::crypto
