// SRP-2048 of two-step verification (account.getPassword → InputCheckPasswordSRP),
// algo passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow, both the
// client proof and the server side a fake DC needs. Numbers are big-endian and are
// hashed left-padded to 256 bytes, as Telegram does.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>

#include "layer/crypto/dh.hpp"
#include "layer/crypto/error.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/secure_bytes.hpp"

namespace layer::crypto {

inline constexpr std::uint32_t kSrpPbkdf2Iterations = 100000;

// The algorithm parameters of account.password.current_algo.
struct SrpParams {
  std::span<const std::byte> salt1;
  std::span<const std::byte> salt2;
  std::uint32_t g;
  std::span<const std::byte> p;
};

using SrpHash = std::array<std::byte, 32>;

// PH2(password, salt1, salt2), the exponent x; costs 100000 PBKDF2 rounds.
SecureArray<32> srp_password_hash(std::span<const std::byte> password, std::span<const std::byte> salt1,
                                  std::span<const std::byte> salt2);

// k = H(p ‖ g) and u = H(A ‖ B).
SrpHash srp_k(std::span<const std::byte> p, std::uint32_t g);
SrpHash srp_u(std::span<const std::byte> a_pub, std::span<const std::byte> b_pub);

struct SrpClientProof {
  DhValue A;
  SrpHash M1;
};

// Checks p and g (check_dh_params) and B (check_dh_value), then computes A = g^a and
// M1 for the 256 random bytes a.
Result<SrpClientProof> srp_client_proof(const SrpParams& params, std::span<const std::byte> srp_b,
                                        const SecureArray<32>& x, std::span<const std::byte, 256> a);

// Hashes the password and draws a from rng.
Result<SrpClientProof> srp_client_proof(const SrpParams& params, std::span<const std::byte> srp_b,
                                        std::span<const std::byte> password, Rng& rng);

// Server side. The verifier v = g^x is what the server stores instead of the password.
Result<DhValue> srp_verifier(const SrpParams& params, const SecureArray<32>& x);

// B = (k·v + g^b) mod p for the server's 256 random bytes b.
Result<DhValue> srp_server_public(const SrpParams& params, std::span<const std::byte> v,
                                  std::span<const std::byte, 256> b);

struct SrpServerSession {
  SecureBytes S;  // (A · v^u)^b mod p, 256 bytes
  SrpHash K;      // H(S)
  SrpHash M1;     // the proof an honest client sends
};

// Checks A (check_dh_value) and derives what the client must have computed.
Result<SrpServerSession> srp_server_session(const SrpParams& params, std::span<const std::byte> v,
                                            std::span<const std::byte, 256> b,
                                            std::span<const std::byte> a_pub);

// srp_proof_mismatch unless m1 is the proof for this session (compared in constant time).
[[nodiscard]] std::error_code srp_server_verify(const SrpParams& params, std::span<const std::byte> v,
                                                std::span<const std::byte, 256> b,
                                                std::span<const std::byte> a_pub,
                                                std::span<const std::byte> m1);

}  // namespace layer::crypto
