// Error codes of the transport codecs. Every rejection of wire data is one of
// these, reported through std::error_code; a decoder that reported one stays
// failed, because the byte stream can no longer be framed.
#pragma once

#include <cstdint>
#include <system_error>
#include <type_traits>

namespace layer::mtproto::transport {

enum class transport_errc {
  // Success is 0, as std::error_code requires.
  zero_length = 1,       // a frame declaring an empty payload
  length_not_aligned,    // a length that is not a multiple of 4 where the codec requires it
  length_too_large,      // a declared length above the configured maximum
  length_too_small,      // a full-transport length below its 12-byte envelope + 4
  bad_crc,               // full transport: CRC32 mismatch
  bad_seq_no,            // full transport: sequence number out of order
  forbidden_header,      // an obfuscated2 header that a client must never send
  unknown_protocol_tag,  // obfuscated2 tag is not ef/ee/dd (garbage or a wrong secret)
  padded_required,       // a `dd` secret used with a codec other than padded intermediate
  obfuscation_required,  // a plain codec where a proxy secret demands obfuscation
  invalid_secret,        // a secret that is not 16 bytes, or `dd` + 16 bytes
  unknown_transport,     // first bytes match no transport
  not_detected,          // server asked to encode before the client's transport is known
  wrong_role,            // a server-only frame (quick ack, error) encoded by a client
  auth_key_not_found,    // transport error -404
  flood,                 // transport error -429
  invalid_dc,            // transport error -444
  transport_error,       // any other negative transport error code
};

const std::error_category& transport_category() noexcept;

inline std::error_code make_error_code(transport_errc e) noexcept {
  return {static_cast<int>(e), transport_category()};
}

// The error code naming a server's negative transport error (-404, -429, -444, ...).
std::error_code error_from_transport_code(std::int32_t code) noexcept;

}  // namespace layer::mtproto::transport

template <>
struct std::is_error_code_enum<layer::mtproto::transport::transport_errc> : std::true_type {};
