// Base64url without padding (RFC 4648 section 5), for session strings.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "layer/crypto/secure_bytes.hpp"

namespace layer::client {

// Appends to out, after reserving room for all of it: the text is as secret as
// the bytes, so no reallocation leaves a partial copy behind.
void base64url_append(std::string& out, std::span<const std::byte> data);
// Into memory wiped on release, since the bytes hold auth keys. Nothing on a
// character outside the alphabet, '=' included, or on an impossible length.
std::optional<crypto::SecureBytes> base64url_decode(std::string_view text);

}  // namespace layer::client
