// DH arithmetic shared by dh.cpp and srp.cpp. Throws detail::OpensslFailure.
#pragma once

#include <cstddef>
#include <span>

namespace layer::crypto::detail {

// 2^1984 <= value <= dh_prime - 2^1984.
bool dh_value_in_range(std::span<const std::byte> value, std::span<const std::byte> dh_prime);

// out = base^secret mod dh_prime (constant time in secret), left-padded to 256 bytes.
void dh_mod_exp(std::span<const std::byte> base, std::span<const std::byte> secret,
                std::span<const std::byte> dh_prime, std::span<std::byte, 256> out);

}  // namespace layer::crypto::detail
